-- DropIndex
DROP INDEX "DeepLinkStart_kind_ref_idx";

-- AlterTable
ALTER TABLE "Offer" ADD COLUMN "voiceMessageId" INTEGER;

-- AlterTable
ALTER TABLE "DeepLinkStart" ADD COLUMN "userId" INTEGER;

-- AlterTable
ALTER TABLE "MediatorInvite" ADD COLUMN "problemReportedAt" DATETIME;

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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MediationRequest_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "MediationRequest_rayonCode_fkey" FOREIGN KEY ("rayonCode") REFERENCES "Rayon" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "MediationRequest_mediatorId_fkey" FOREIGN KEY ("mediatorId") REFERENCES "Mediator" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "MediationRequest_otherPartyUserId_fkey" FOREIGN KEY ("otherPartyUserId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "MediationRequest_assistedById_fkey" FOREIGN KEY ("assistedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_MediationRequest" ("acceptedAt", "assistedById", "category", "citizenId", "claimCode", "claimedAt", "closedAt", "code", "consentAt", "contactName", "contactPhone", "createdAt", "description", "id", "inCourt", "mediatorId", "mode", "oralConsentAt", "otherParty", "otherPartyAnswerVia", "otherPartyAnsweredAt", "otherPartyAware", "otherPartyStatus", "otherPartyUserId", "rayonCode", "sessionLanguage", "status", "submittedAt", "updatedAt", "voiceDuration", "voiceFileId") SELECT "acceptedAt", "assistedById", "category", "citizenId", "claimCode", "claimedAt", "closedAt", "code", "consentAt", "contactName", "contactPhone", "createdAt", "description", "id", "inCourt", "mediatorId", "mode", "oralConsentAt", "otherParty", "otherPartyAnswerVia", "otherPartyAnsweredAt", "otherPartyAware", "otherPartyStatus", "otherPartyUserId", "rayonCode", "sessionLanguage", "status", "submittedAt", "updatedAt", "voiceDuration", "voiceFileId" FROM "MediationRequest";
DROP TABLE "MediationRequest";
ALTER TABLE "new_MediationRequest" RENAME TO "MediationRequest";
CREATE UNIQUE INDEX "MediationRequest_code_key" ON "MediationRequest"("code");
CREATE UNIQUE INDEX "MediationRequest_claimCode_key" ON "MediationRequest"("claimCode");
CREATE INDEX "MediationRequest_citizenId_submittedAt_idx" ON "MediationRequest"("citizenId", "submittedAt");
CREATE INDEX "MediationRequest_status_submittedAt_idx" ON "MediationRequest"("status", "submittedAt");
CREATE INDEX "MediationRequest_rayonCode_category_idx" ON "MediationRequest"("rayonCode", "category");
CREATE INDEX "MediationRequest_category_submittedAt_idx" ON "MediationRequest"("category", "submittedAt");
CREATE INDEX "MediationRequest_mediatorId_status_idx" ON "MediationRequest"("mediatorId", "status");
CREATE TABLE "new_Invitation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "requestId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdById" INTEGER,
    "usedById" INTEGER,
    "usedAt" DATETIME,
    "revokedAt" DATETIME,
    "questionCount" INTEGER NOT NULL DEFAULT 0,
    "questionDay" TEXT,
    "questionDayCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Invitation_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MediationRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Invitation" ("code", "createdAt", "createdById", "expiresAt", "id", "requestId", "revokedAt", "status", "updatedAt", "usedAt", "usedById") SELECT "code", "createdAt", "createdById", "expiresAt", "id", "requestId", "revokedAt", "status", "updatedAt", "usedAt", "usedById" FROM "Invitation";
DROP TABLE "Invitation";
ALTER TABLE "new_Invitation" RENAME TO "Invitation";
CREATE UNIQUE INDEX "Invitation_code_key" ON "Invitation"("code");
CREATE INDEX "Invitation_requestId_status_idx" ON "Invitation"("requestId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "DeepLinkStart_kind_ref_userId_idx" ON "DeepLinkStart"("kind", "ref", "userId");

