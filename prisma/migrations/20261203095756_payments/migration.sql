-- CreateTable
CREATE TABLE "Payment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "provider" TEXT NOT NULL,
    "chargeId" TEXT NOT NULL,
    "customerId" INTEGER,
    "amount" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "note" TEXT,
    "raw" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "creditedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Payment_creditedAt_receivedAt_idx" ON "Payment"("creditedAt", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_provider_chargeId_key" ON "Payment"("provider", "chargeId");
