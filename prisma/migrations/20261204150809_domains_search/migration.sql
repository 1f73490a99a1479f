-- CreateEnum
CREATE TYPE "TldFeeKind" AS ENUM ('GRACE', 'REDEMPTION');

-- AlterEnum
ALTER TYPE "AttemptKind" ADD VALUE 'DOMAIN_SEARCH';

-- AlterTable
ALTER TABLE "Tld" ADD COLUMN     "isFeatured" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "maxYears" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "minYears" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "whoisHost" TEXT,
ADD COLUMN     "whoisPort" INTEGER;

-- AlterTable
ALTER TABLE "TldPrice" ADD COLUMN     "costAmount" BIGINT;

-- CreateTable
CREATE TABLE "TldFee" (
    "id" UUID NOT NULL,
    "tldId" UUID NOT NULL,
    "currencyCode" CHAR(3) NOT NULL,
    "kind" "TldFeeKind" NOT NULL,
    "amount" BIGINT NOT NULL,
    "costAmount" BIGINT,

    CONSTRAINT "TldFee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxDomain" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "registeredAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ok',
    "nameservers" TEXT[],
    "dnsRecords" JSONB NOT NULL DEFAULT '[]',
    "isLocked" BOOLEAN NOT NULL DEFAULT true,
    "eppCode" TEXT NOT NULL,
    "contacts" JSONB NOT NULL DEFAULT '{}',
    "idProtection" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SandboxDomain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RdapBootstrap" (
    "service" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "publication" TEXT,
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RdapBootstrap_pkey" PRIMARY KEY ("service")
);

-- CreateIndex
CREATE UNIQUE INDEX "TldFee_tldId_currencyCode_kind_key" ON "TldFee"("tldId", "currencyCode", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxDomain_name_key" ON "SandboxDomain"("name");

-- AddForeignKey
ALTER TABLE "TldFee" ADD CONSTRAINT "TldFee_tldId_fkey" FOREIGN KEY ("tldId") REFERENCES "Tld"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TldFee" ADD CONSTRAINT "TldFee_currencyCode_fkey" FOREIGN KEY ("currencyCode") REFERENCES "Currency"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
