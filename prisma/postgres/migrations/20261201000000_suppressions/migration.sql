-- CreateTable
CREATE TABLE "suppressions" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "suppressions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "suppressions_kind_key_hash_key" ON "suppressions"("kind", "key_hash");
