-- CreateTable
CREATE TABLE "runs" (
    "id" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "config_path" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "finished_at" TIMESTAMP(3),
    "duration_ms" INTEGER,
    "error" TEXT,
    "summary" TEXT,
    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stream_runs" (
    "id" SERIAL NOT NULL,
    "run_id" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "stream" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "rows_read" INTEGER NOT NULL DEFAULT 0,
    "rows_inserted" INTEGER NOT NULL DEFAULT 0,
    "rows_unchanged" INTEGER NOT NULL DEFAULT 0,
    "rows_deleted" INTEGER NOT NULL DEFAULT 0,
    "rows_quarantined" INTEGER NOT NULL DEFAULT 0,
    "batches" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "rate_limited" INTEGER NOT NULL DEFAULT 0,
    "duration_ms" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "error_code" TEXT,
    "started_at" TIMESTAMP(3) NOT NULL,
    "finished_at" TIMESTAMP(3),
    CONSTRAINT "stream_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_runs" (
    "id" SERIAL NOT NULL,
    "run_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "materialization" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "rows" INTEGER,
    "duration_ms" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    CONSTRAINT "model_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" TEXT,
    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "runs_started_at_idx" ON "runs"("started_at");

-- CreateIndex
CREATE INDEX "stream_runs_run_id_idx" ON "stream_runs"("run_id");

-- CreateIndex
CREATE INDEX "model_runs_run_id_idx" ON "model_runs"("run_id");

-- CreateIndex
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at");

-- CreateTable
CREATE TABLE "catalog_columns" (
    "id" SERIAL NOT NULL,
    "relation" TEXT NOT NULL,
    "column" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "data_type" TEXT NOT NULL,
    "description" TEXT,
    "source_field" TEXT,
    "run_id" TEXT NOT NULL,
    CONSTRAINT "catalog_columns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lineage_edges" (
    "id" SERIAL NOT NULL,
    "from_node" TEXT NOT NULL,
    "to_node" TEXT NOT NULL,
    "transform" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    CONSTRAINT "lineage_edges_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pii_tags" (
    "id" SERIAL NOT NULL,
    "node" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "origin_kind" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    CONSTRAINT "pii_tags_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "catalog_columns_relation_column_key" ON "catalog_columns"("relation", "column");

-- CreateIndex
CREATE INDEX "lineage_edges_to_node_idx" ON "lineage_edges"("to_node");

-- CreateIndex
CREATE INDEX "lineage_edges_from_node_idx" ON "lineage_edges"("from_node");

-- CreateIndex
CREATE INDEX "pii_tags_node_idx" ON "pii_tags"("node");

-- AddForeignKey
ALTER TABLE "stream_runs" ADD CONSTRAINT "stream_runs_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_runs" ADD CONSTRAINT "model_runs_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
