-- CreateTable
CREATE TABLE "Payment" (
    "id" SERIAL NOT NULL,
    "provider" TEXT NOT NULL,
    "chargeId" TEXT NOT NULL,
    "customerId" INTEGER,
    "amount" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "note" TEXT,
    "raw" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "creditedAt" TIMESTAMP(3),

    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Payment_creditedAt_receivedAt_idx" ON "Payment"("creditedAt", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_provider_chargeId_key" ON "Payment"("provider", "chargeId");
