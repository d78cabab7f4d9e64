-- AlterTable
ALTER TABLE "MediationRequest" ADD COLUMN     "followUpOfId" INTEGER,
ADD COLUMN     "procedureRemindedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AgreementTerm" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "appointmentId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "party" TEXT NOT NULL,
    "action" TEXT,
    "voiceFileId" TEXT,
    "voiceDuration" INTEGER,
    "dueDate" TEXT,
    "amountTenge" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AgreementTerm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TermCheck" (
    "id" SERIAL NOT NULL,
    "termId" INTEGER NOT NULL,
    "recipient" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "claimedAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "answer" TEXT,
    "answeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TermCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AgreementTerm_requestId_idx" ON "AgreementTerm"("requestId");

-- CreateIndex
CREATE UNIQUE INDEX "AgreementTerm_appointmentId_position_key" ON "AgreementTerm"("appointmentId", "position");

-- CreateIndex
CREATE INDEX "TermCheck_status_dueAt_idx" ON "TermCheck"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "TermCheck_termId_recipient_round_key" ON "TermCheck"("termId", "recipient", "round");

-- CreateIndex
CREATE INDEX "Rayon_latitude_longitude_idx" ON "Rayon"("latitude", "longitude");

-- AddForeignKey
ALTER TABLE "MediationRequest" ADD CONSTRAINT "MediationRequest_followUpOfId_fkey" FOREIGN KEY ("followUpOfId") REFERENCES "MediationRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgreementTerm" ADD CONSTRAINT "AgreementTerm_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MediationRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgreementTerm" ADD CONSTRAINT "AgreementTerm_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TermCheck" ADD CONSTRAINT "TermCheck_termId_fkey" FOREIGN KEY ("termId") REFERENCES "AgreementTerm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

