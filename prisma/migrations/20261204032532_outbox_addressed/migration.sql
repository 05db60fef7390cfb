-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN "channel" TEXT;
ALTER TABLE "Outbox" ADD COLUMN "recipient" TEXT;
