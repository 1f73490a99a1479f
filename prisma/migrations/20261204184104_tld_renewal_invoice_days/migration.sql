-- AlterTable
ALTER TABLE "Tld" ADD COLUMN     "renewalInvoiceDays" INTEGER;
