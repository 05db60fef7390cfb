-- DropIndex
DROP INDEX "DropDomain_dropAt_idx";

-- DropIndex
DROP INDEX "DropDomain_label_trgm_idx";

-- DropIndex
DROP INDEX "DropDomain_length_dropAt_idx";

-- DropIndex
DROP INDEX "DropDomain_zone_dropAt_idx";
