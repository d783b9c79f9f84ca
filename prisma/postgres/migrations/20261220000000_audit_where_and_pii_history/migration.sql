-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN "host" TEXT;
ALTER TABLE "audit_events" ADD COLUMN "cwd" TEXT;

-- CreateIndex
CREATE INDEX "audit_events_action_idx" ON "audit_events"("action");

-- CreateTable
CREATE TABLE "pii_tag_changes" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "node" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "change" TEXT NOT NULL,
    "origin_kind" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "previous" TEXT,
    "actor" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    CONSTRAINT "pii_tag_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "pii_tag_changes_node_idx" ON "pii_tag_changes"("node");
