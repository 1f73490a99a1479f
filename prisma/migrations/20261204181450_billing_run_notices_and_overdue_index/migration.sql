-- CreateTable
CREATE TABLE "ServiceNotice" (
    "id" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "suspendedAt" TIMESTAMPTZ(3) NOT NULL,
    "sentOn" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BillingRunSummary" (
    "runDate" DATE NOT NULL,
    "recipients" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BillingRunSummary_pkey" PRIMARY KEY ("runDate")
);

-- CreateIndex
CREATE UNIQUE INDEX "ServiceNotice_serviceId_kind_suspendedAt_key" ON "ServiceNotice"("serviceId", "kind", "suspendedAt");

-- CreateIndex
CREATE INDEX "Invoice_status_dueDate_balance_currencyCode_idx" ON "Invoice"("status", "dueDate", "balance", "currencyCode");

-- AddForeignKey
ALTER TABLE "ServiceNotice" ADD CONSTRAINT "ServiceNotice_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;
