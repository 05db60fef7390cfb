-- CreateIndex
CREATE INDEX "Notification_outboxId_idx" ON "Notification"("outboxId");
