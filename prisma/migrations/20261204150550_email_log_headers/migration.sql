-- AlterTable
ALTER TABLE "EmailLog" ADD COLUMN     "headers" JSONB;
