-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "slot" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_job_slot_key" ON "JobRun"("job", "slot");
