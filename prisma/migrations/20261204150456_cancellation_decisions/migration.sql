-- AlterEnum
ALTER TYPE "CancellationStatus" ADD VALUE 'REJECTED';

-- AlterTable
ALTER TABLE "CancellationRequest" ADD COLUMN     "approvedAt" TIMESTAMPTZ(3),
ADD COLUMN     "decidedById" UUID,
ADD COLUMN     "rejectionReason" TEXT;
