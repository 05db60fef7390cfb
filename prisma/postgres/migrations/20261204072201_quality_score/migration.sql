-- AlterTable
ALTER TABLE "DropDomain" ADD COLUMN     "score" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ScoreZone" (
    "zone" TEXT NOT NULL,
    "bonus" INTEGER NOT NULL,

    CONSTRAINT "ScoreZone_pkey" PRIMARY KEY ("zone")
);

-- The zones buyers value most, as a start (staff change them with `backorder score zones`).
INSERT INTO "ScoreZone" ("zone", "bonus") VALUES ('com', 15), ('net', 8), ('org', 8);
