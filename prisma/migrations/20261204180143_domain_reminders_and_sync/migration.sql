-- AlterTable
ALTER TABLE "Domain" ADD COLUMN     "lastSyncedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "DomainReminder" (
    "id" UUID NOT NULL,
    "domainId" UUID NOT NULL,
    "expiryDate" DATE NOT NULL,
    "offsetDays" INTEGER NOT NULL,
    "sentOn" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DomainReminder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DomainReminder_domainId_expiryDate_offsetDays_key" ON "DomainReminder"("domainId", "expiryDate", "offsetDays");

-- AddForeignKey
ALTER TABLE "DomainReminder" ADD CONSTRAINT "DomainReminder_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;
