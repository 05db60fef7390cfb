-- Substring search on the label (LIKE '%kw%', the search keyword) through a trigram index. The
-- extension ships with PostgreSQL and is trusted (13+): a database owner may create it, no superuser.
-- PostgreSQL only: SQLite answers these searches from the memory index (src/search).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "DropDomain_label_trgm_idx" ON "DropDomain" USING GIN ("label" gin_trgm_ops);
