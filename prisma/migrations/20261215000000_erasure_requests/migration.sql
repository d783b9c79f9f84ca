-- CreateTable
CREATE TABLE "erasure_requests" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "customers" TEXT NOT NULL,
    "keys" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "finished_at" DATETIME
);

-- CreateIndex
CREATE INDEX "erasure_requests_step_idx" ON "erasure_requests"("step");
