-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN "slot" DATETIME;

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_job_slot_key" ON "JobRun"("job", "slot");
