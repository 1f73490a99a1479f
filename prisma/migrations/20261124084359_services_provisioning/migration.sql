-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "suspendedForNonPayment" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "StaffTask" ADD COLUMN     "data" JSONB NOT NULL DEFAULT '{}';
