-- AlterTable
ALTER TABLE "User" ADD COLUMN "preferredRayonCode" TEXT;

-- CreateTable
CREATE TABLE "Invitation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "requestId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdById" INTEGER,
    "usedById" INTEGER,
    "usedAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Invitation_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MediationRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DeepLinkStart" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "ref" TEXT NOT NULL DEFAULT '',
    "newUser" BOOLEAN NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "MediatorInvite" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "registryNumber" TEXT,
    "rayonCodes" TEXT NOT NULL,
    "languages" TEXT NOT NULL,
    "specializations" TEXT NOT NULL,
    "modes" TEXT NOT NULL,
    "maxOpenCases" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdById" INTEGER,
    "importId" INTEGER,
    "mediatorId" INTEGER,
    "joinedAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MediatorImport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdById" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "appliedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProcessedUpdate" (
    "updateId" BIGINT NOT NULL PRIMARY KEY,
    "instance" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Lease" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MediationRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "citizenId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "description" TEXT,
    "voiceFileId" TEXT,
    "voiceDuration" INTEGER,
    "otherParty" TEXT NOT NULL,
    "otherPartyAware" TEXT NOT NULL,
    "inCourt" BOOLEAN NOT NULL,
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
    CONSTRAINT "MediationRequest_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "MediationRequest_rayonCode_fkey" FOREIGN KEY ("rayonCode") REFERENCES "Rayon" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "MediationRequest_mediatorId_fkey" FOREIGN KEY ("mediatorId") REFERENCES "Mediator" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "MediationRequest_otherPartyUserId_fkey" FOREIGN KEY ("otherPartyUserId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "MediationRequest_assistedById_fkey" FOREIGN KEY ("assistedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_MediationRequest" ("acceptedAt", "category", "citizenId", "closedAt", "code", "consentAt", "contactName", "contactPhone", "createdAt", "description", "id", "inCourt", "mediatorId", "mode", "otherParty", "otherPartyAware", "rayonCode", "sessionLanguage", "status", "submittedAt", "updatedAt", "voiceDuration", "voiceFileId") SELECT "acceptedAt", "category", "citizenId", "closedAt", "code", "consentAt", "contactName", "contactPhone", "createdAt", "description", "id", "inCourt", "mediatorId", "mode", "otherParty", "otherPartyAware", "rayonCode", "sessionLanguage", "status", "submittedAt", "updatedAt", "voiceDuration", "voiceFileId" FROM "MediationRequest";
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
CREATE UNIQUE INDEX "Invitation_code_key" ON "Invitation"("code");

-- CreateIndex
CREATE INDEX "Invitation_requestId_status_idx" ON "Invitation"("requestId", "status");

-- CreateIndex
CREATE INDEX "DeepLinkStart_kind_ref_idx" ON "DeepLinkStart"("kind", "ref");

-- CreateIndex
CREATE INDEX "DeepLinkStart_createdAt_idx" ON "DeepLinkStart"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MediatorInvite_code_key" ON "MediatorInvite"("code");

-- CreateIndex
CREATE UNIQUE INDEX "MediatorInvite_mediatorId_key" ON "MediatorInvite"("mediatorId");

-- CreateIndex
CREATE INDEX "MediatorInvite_status_idx" ON "MediatorInvite"("status");

-- CreateIndex
CREATE INDEX "MediatorInvite_phone_idx" ON "MediatorInvite"("phone");

-- CreateIndex
CREATE INDEX "MediatorInvite_registryNumber_idx" ON "MediatorInvite"("registryNumber");

-- CreateIndex
CREATE INDEX "ProcessedUpdate_createdAt_idx" ON "ProcessedUpdate"("createdAt");

