-- Trigram indexes for the admin console's "contains" searches (ILIKE '%...%'), which otherwise scan
-- the table. pg_trgm ships with PostgreSQL (contrib) and is a trusted extension since PostgreSQL 13:
-- the database owner may create it.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "Service_domain_idx" ON "Service" USING GIN ("domain" gin_trgm_ops);
