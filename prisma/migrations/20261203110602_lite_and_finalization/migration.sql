-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Backorder" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "customerId" INTEGER NOT NULL,
    "fqdn" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "zone" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "dropAt" DATETIME,
    "currency" TEXT NOT NULL,
    "price" BIGINT NOT NULL,
    "lite" BOOLEAN NOT NULL DEFAULT false,
    "finalizesAt" DATETIME,
    "openKey" TEXT,
    "registrarRef" TEXT,
    "applicationState" TEXT NOT NULL DEFAULT 'NONE',
    "applicationClaim" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "lastError" TEXT,
    "upstreamStatus" TEXT,
    "auctionId" INTEGER,
    "invoiceId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    CONSTRAINT "Backorder_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Backorder_auctionId_fkey" FOREIGN KEY ("auctionId") REFERENCES "Auction" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Backorder" ("applicationClaim", "applicationState", "attempts", "auctionId", "createdAt", "currency", "customerId", "dropAt", "finishedAt", "fqdn", "id", "invoiceId", "label", "lastError", "nextAttemptAt", "openKey", "price", "registrarRef", "status", "updatedAt", "upstreamStatus", "zone") SELECT "applicationClaim", "applicationState", "attempts", "auctionId", "createdAt", "currency", "customerId", "dropAt", "finishedAt", "fqdn", "id", "invoiceId", "label", "lastError", "nextAttemptAt", "openKey", "price", "registrarRef", "status", "updatedAt", "upstreamStatus", "zone" FROM "Backorder";
DROP TABLE "Backorder";
ALTER TABLE "new_Backorder" RENAME TO "Backorder";
CREATE UNIQUE INDEX "Backorder_openKey_key" ON "Backorder"("openKey");
CREATE INDEX "Backorder_status_dropAt_idx" ON "Backorder"("status", "dropAt");
CREATE INDEX "Backorder_customerId_status_idx" ON "Backorder"("customerId", "status");
CREATE INDEX "Backorder_fqdn_idx" ON "Backorder"("fqdn");
CREATE INDEX "Backorder_auctionId_idx" ON "Backorder"("auctionId");
CREATE TABLE "new_Price" (
    "zone" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "lite" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("zone", "currency")
);
INSERT INTO "new_Price" ("amount", "currency", "updatedAt", "zone") SELECT "amount", "currency", "updatedAt", "zone" FROM "Price";
DROP TABLE "Price";
ALTER TABLE "new_Price" RENAME TO "Price";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Backorders placed before this migration: their deadline from their drop time, as place and the
-- drop-date sync set it from now on (drop − 2 hours), stored the way Prisma writes a DateTime.
UPDATE "Backorder" SET "finalizesAt" = strftime('%Y-%m-%dT%H:%M:%f+00:00', "dropAt", '-2 hours') WHERE "dropAt" IS NOT NULL;
