-- CreateEnum
CREATE TYPE "PackageChangeStatus" AS ENUM ('PENDING', 'APPLIED', 'EXPIRED', 'CANCELLED');

-- CreateTable
CREATE TABLE "PackageChange" (
    "id" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "pendingServiceId" UUID,
    "status" "PackageChangeStatus" NOT NULL DEFAULT 'PENDING',
    "fromProductId" UUID NOT NULL,
    "toProductId" UUID NOT NULL,
    "options" JSONB NOT NULL,
    "currencyCode" CHAR(3) NOT NULL,
    "fromRecurring" BIGINT NOT NULL,
    "newRecurring" BIGINT NOT NULL,
    "prorated" BIGINT NOT NULL,
    "credit" BIGINT NOT NULL DEFAULT 0,
    "periodStart" DATE NOT NULL,
    "nextDueDate" DATE NOT NULL,
    "invoiceId" UUID,
    "expiresAt" TIMESTAMPTZ(3),
    "requestedByType" "ActorType" NOT NULL,
    "requestedById" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolution" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PackageChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PackageChange_pendingServiceId_key" ON "PackageChange"("pendingServiceId");

-- CreateIndex
CREATE UNIQUE INDEX "PackageChange_invoiceId_key" ON "PackageChange"("invoiceId");

-- CreateIndex
CREATE INDEX "PackageChange_serviceId_createdAt_idx" ON "PackageChange"("serviceId", "createdAt");

-- CreateIndex
CREATE INDEX "PackageChange_status_expiresAt_idx" ON "PackageChange"("status", "expiresAt");

-- AddForeignKey
ALTER TABLE "PackageChange" ADD CONSTRAINT "PackageChange_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PackageChange" ADD CONSTRAINT "PackageChange_pendingServiceId_fkey" FOREIGN KEY ("pendingServiceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PackageChange" ADD CONSTRAINT "PackageChange_fromProductId_fkey" FOREIGN KEY ("fromProductId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PackageChange" ADD CONSTRAINT "PackageChange_toProductId_fkey" FOREIGN KEY ("toProductId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PackageChange" ADD CONSTRAINT "PackageChange_currencyCode_fkey" FOREIGN KEY ("currencyCode") REFERENCES "Currency"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PackageChange" ADD CONSTRAINT "PackageChange_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: a pending change holds its service in "pendingServiceId" (unique: one pending
-- change per service), and only while it is pending.
ALTER TABLE "PackageChange" ADD CONSTRAINT "PackageChange_pending_check" CHECK (
  ("status" = 'PENDING' AND "pendingServiceId" = "serviceId") OR ("status" <> 'PENDING' AND "pendingServiceId" IS NULL)
);
-- A pending change always has its invoice and its expiry.
ALTER TABLE "PackageChange" ADD CONSTRAINT "PackageChange_pending_invoice_check" CHECK (
  "status" <> 'PENDING' OR ("invoiceId" IS NOT NULL AND "expiresAt" IS NOT NULL)
);
ALTER TABLE "PackageChange" ADD CONSTRAINT "PackageChange_credit_check" CHECK ("credit" >= 0);
