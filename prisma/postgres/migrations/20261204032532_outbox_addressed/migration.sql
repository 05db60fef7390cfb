-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN     "channel" TEXT,
ADD COLUMN     "recipient" TEXT;
