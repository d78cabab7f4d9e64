-- CreateTable
CREATE TABLE "AgreementTerm" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "requestId" INTEGER NOT NULL,
    "appointmentId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "party" TEXT NOT NULL,
    "action" TEXT,
    "voiceFileId" TEXT,
    "voiceDuration" INTEGER,
    "dueDate" TEXT,
    "amountTenge" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AgreementTerm_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MediationRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AgreementTerm_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TermCheck" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "termId" INTEGER NOT NULL,
    "recipient" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "claimedAt" DATETIME,
    "sentAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "answer" TEXT,
    "answeredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TermCheck_termId_fkey" FOREIGN KEY ("termId") REFERENCES "AgreementTerm" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MediationRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "citizenId" INTEGER,
    "status" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "description" TEXT,
    "voiceFileId" TEXT,
    "voiceDuration" INTEGER,
    "otherParty" TEXT NOT NULL,
    "otherPartyAware" TEXT NOT NULL,
    "inCourt" BOOLEAN NOT NULL,
    "costPreference" TEXT NOT NULL DEFAULT 'free_only',
    "rayonCode" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "sessionLanguage" TEXT NOT NULL,
    "contactName" TEXT,
    "contactPhone" TEXT,
    "consentAt" DATETIME NOT NULL,
    "submittedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "mediatorId" INTEGER,
    "acceptedAt" DATETIME,
    "otherPartyStatus" TEXT NOT NULL DEFAULT 'not_invited',
    "otherPartyUserId" INTEGER,
    "otherPartyAnswerVia" TEXT,
    "otherPartyAnsweredAt" DATETIME,
    "assistedById" INTEGER,
    "oralConsentAt" DATETIME,
    "claimCode" TEXT,
    "claimedAt" DATETIME,
    "followUpOfId" INTEGER,
    "procedureRemindedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MediationRequest_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "MediationRequest_rayonCode_fkey" FOREIGN KEY ("rayonCode") REFERENCES "Rayon" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "MediationRequest_mediatorId_fkey" FOREIGN KEY ("mediatorId") REFERENCES "Mediator" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "MediationRequest_otherPartyUserId_fkey" FOREIGN KEY ("otherPartyUserId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "MediationRequest_assistedById_fkey" FOREIGN KEY ("assistedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "MediationRequest_followUpOfId_fkey" FOREIGN KEY ("followUpOfId") REFERENCES "MediationRequest" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_MediationRequest" ("acceptedAt", "assistedById", "category", "citizenId", "claimCode", "claimedAt", "closedAt", "code", "consentAt", "contactName", "contactPhone", "costPreference", "createdAt", "description", "id", "inCourt", "mediatorId", "mode", "oralConsentAt", "otherParty", "otherPartyAnswerVia", "otherPartyAnsweredAt", "otherPartyAware", "otherPartyStatus", "otherPartyUserId", "rayonCode", "sessionLanguage", "status", "submittedAt", "updatedAt", "voiceDuration", "voiceFileId") SELECT "acceptedAt", "assistedById", "category", "citizenId", "claimCode", "claimedAt", "closedAt", "code", "consentAt", "contactName", "contactPhone", "costPreference", "createdAt", "description", "id", "inCourt", "mediatorId", "mode", "oralConsentAt", "otherParty", "otherPartyAnswerVia", "otherPartyAnsweredAt", "otherPartyAware", "otherPartyStatus", "otherPartyUserId", "rayonCode", "sessionLanguage", "status", "submittedAt", "updatedAt", "voiceDuration", "voiceFileId" FROM "MediationRequest";
DROP TABLE "MediationRequest";
ALTER TABLE "new_MediationRequest" RENAME TO "MediationRequest";
CREATE UNIQUE INDEX "MediationRequest_code_key" ON "MediationRequest"("code");
CREATE UNIQUE INDEX "MediationRequest_claimCode_key" ON "MediationRequest"("claimCode");
CREATE INDEX "MediationRequest_citizenId_submittedAt_idx" ON "MediationRequest"("citizenId", "submittedAt");
CREATE INDEX "MediationRequest_status_submittedAt_idx" ON "MediationRequest"("status", "submittedAt");
CREATE INDEX "MediationRequest_rayonCode_category_idx" ON "MediationRequest"("rayonCode", "category");
CREATE INDEX "MediationRequest_category_submittedAt_idx" ON "MediationRequest"("category", "submittedAt");
CREATE INDEX "MediationRequest_mediatorId_status_idx" ON "MediationRequest"("mediatorId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

