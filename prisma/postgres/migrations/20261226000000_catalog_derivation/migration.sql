-- AlterTable
ALTER TABLE "catalog_columns" ADD COLUMN "derivation" TEXT;
