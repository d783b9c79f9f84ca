-- CreateTable
CREATE TABLE "erasure_requests" (
    "id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "customers" TEXT NOT NULL,
    "keys" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "finished_at" TIMESTAMP(3),
    CONSTRAINT "erasure_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "erasure_requests_step_idx" ON "erasure_requests"("step");
