-- AlterTable
ALTER TABLE "Backorder" ADD COLUMN     "finalizesAt" TIMESTAMP(3),
ADD COLUMN     "lite" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Price" ADD COLUMN     "lite" BIGINT NOT NULL DEFAULT 0;

-- Backorders placed before this migration: their deadline from their drop time, as place and the
-- drop-date sync set it from now on (drop − 2 hours).
UPDATE "Backorder" SET "finalizesAt" = "dropAt" - INTERVAL '2 hours' WHERE "dropAt" IS NOT NULL;
