-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "overdueSuspendDays" INTEGER,
ADD COLUMN     "renewalInvoiceDaysBefore" INTEGER;

-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "suspendUntil" DATE;

-- CreateTable
CREATE TABLE "InvoiceReminder" (
    "id" UUID NOT NULL,
    "invoiceId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "sentOn" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InvoiceReminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvoiceLateFee" (
    "invoiceId" UUID NOT NULL,
    "invoiceItemId" UUID NOT NULL,
    "amount" BIGINT NOT NULL,
    "addedOn" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InvoiceLateFee_pkey" PRIMARY KEY ("invoiceId")
);

-- CreateIndex
CREATE UNIQUE INDEX "InvoiceReminder_invoiceId_kind_key" ON "InvoiceReminder"("invoiceId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "InvoiceLateFee_invoiceItemId_key" ON "InvoiceLateFee"("invoiceItemId");

-- AddForeignKey
ALTER TABLE "InvoiceReminder" ADD CONSTRAINT "InvoiceReminder_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLateFee" ADD CONSTRAINT "InvoiceLateFee_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLateFee" ADD CONSTRAINT "InvoiceLateFee_invoiceItemId_fkey" FOREIGN KEY ("invoiceItemId") REFERENCES "InvoiceItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: what Prisma's schema cannot say.
ALTER TABLE "InvoiceReminder" ADD CONSTRAINT "InvoiceReminder_kind_check" CHECK ("kind" IN ('PAYMENT_REMINDER', 'OVERDUE_1', 'OVERDUE_2', 'OVERDUE_3'));
ALTER TABLE "InvoiceLateFee" ADD CONSTRAINT "InvoiceLateFee_amount_check" CHECK ("amount" > 0);
ALTER TABLE "Product" ADD CONSTRAINT "Product_renewalInvoiceDaysBefore_check" CHECK ("renewalInvoiceDaysBefore" IS NULL OR "renewalInvoiceDaysBefore" BETWEEN 0 AND 365);
ALTER TABLE "Product" ADD CONSTRAINT "Product_overdueSuspendDays_check" CHECK ("overdueSuspendDays" IS NULL OR "overdueSuspendDays" BETWEEN 0 AND 365);
