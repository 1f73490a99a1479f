-- CreateTable
CREATE TABLE "CannedReply" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "departmentId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CannedReply_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketReminder" (
    "id" UUID NOT NULL,
    "ticketId" UUID NOT NULL,
    "waitingSince" TIMESTAMPTZ(3) NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TicketReminder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CannedReply_departmentId_title_idx" ON "CannedReply"("departmentId", "title");

-- CreateIndex
CREATE UNIQUE INDEX "TicketReminder_ticketId_waitingSince_key" ON "TicketReminder"("ticketId", "waitingSince");

-- CreateIndex
CREATE INDEX "Ticket_queue_order_idx" ON "Ticket"("status", "priority" DESC, "lastReplyAt");

-- AddForeignKey
ALTER TABLE "CannedReply" ADD CONSTRAINT "CannedReply_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TicketReminder" ADD CONSTRAINT "TicketReminder_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;
