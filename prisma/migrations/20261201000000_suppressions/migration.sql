-- CreateTable
CREATE TABLE "suppressions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "suppressions_kind_key_hash_key" ON "suppressions"("kind", "key_hash");
