-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AttemptKind" ADD VALUE 'TICKET_OPEN';
ALTER TYPE "AttemptKind" ADD VALUE 'TICKET_REPLY';

-- AlterTable
ALTER TABLE "Department" ADD COLUMN     "autoAssign" BOOLEAN NOT NULL DEFAULT false;

-- The public ticket number ("KQZ-482913", WHMCS's mask): three letters and six random digits, so it
-- reveals nothing about how many tickets exist. core/src/support/tickets draws its own in the same
-- format and retries on a collision; this default serves rows made in SQL and skips numbers in use.
CREATE FUNCTION "ticket_public_number"() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  candidate text;
BEGIN
  LOOP
    candidate := chr(65 + floor(random() * 26)::int) || chr(65 + floor(random() * 26)::int)
      || chr(65 + floor(random() * 26)::int) || '-' || lpad(floor(random() * 1000000)::int::text, 6, '0');
    EXIT WHEN NOT EXISTS (SELECT 1 FROM "Ticket" WHERE "publicNumber" = candidate);
  END LOOP;
  RETURN candidate;
END
$$;

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "publicNumber" TEXT NOT NULL DEFAULT ticket_public_number();

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_publicNumber_key" ON "Ticket"("publicNumber");
