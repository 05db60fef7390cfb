-- CreateTable
CREATE TABLE "ScoreZone" (
    "zone" TEXT NOT NULL PRIMARY KEY,
    "bonus" INTEGER NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DropDomain" (
    "fqdn" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "zone" TEXT NOT NULL,
    "dropAt" DATETIME NOT NULL,
    "length" INTEGER NOT NULL,
    "letters" INTEGER NOT NULL,
    "digits" INTEGER NOT NULL,
    "hyphens" INTEGER NOT NULL,
    "idn" BOOLEAN NOT NULL,
    "importId" INTEGER NOT NULL,
    "score" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_DropDomain" ("digits", "dropAt", "fqdn", "hyphens", "idn", "importId", "label", "length", "letters", "zone") SELECT "digits", "dropAt", "fqdn", "hyphens", "idn", "importId", "label", "length", "letters", "zone" FROM "DropDomain";
DROP TABLE "DropDomain";
ALTER TABLE "new_DropDomain" RENAME TO "DropDomain";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- The zones buyers value most, as a start (staff change them with `backorder score zones`).
INSERT INTO "ScoreZone" ("zone", "bonus") VALUES ('com', 15), ('net', 8), ('org', 8);
