-- CreateTable
CREATE TABLE "Mediator" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "fullName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "registryNumber" TEXT,
    "languages" TEXT NOT NULL,
    "specializations" TEXT NOT NULL,
    "modes" TEXT NOT NULL,
    "maxOpenCases" INTEGER NOT NULL,
    "phone" TEXT NOT NULL,
    "bio" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "decisionReason" TEXT,
    "decidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Mediator_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MediatorRayon" (
    "mediatorId" INTEGER NOT NULL,
    "rayonCode" TEXT NOT NULL,

    PRIMARY KEY ("mediatorId", "rayonCode"),
    CONSTRAINT "MediatorRayon_mediatorId_fkey" FOREIGN KEY ("mediatorId") REFERENCES "Mediator" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MediatorRayon_rayonCode_fkey" FOREIGN KEY ("rayonCode") REFERENCES "Rayon" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "requestId" INTEGER NOT NULL,
    "mediatorId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "offeredAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "respondedAt" DATETIME,
    "declineReason" TEXT,
    "messageId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Offer_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MediationRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Offer_mediatorId_fkey" FOREIGN KEY ("mediatorId") REFERENCES "Mediator" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Operator" (
    "telegramId" BIGINT NOT NULL PRIMARY KEY,
    "addedById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "details" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditEntry_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MediationRequest_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "MediationRequest_rayonCode_fkey" FOREIGN KEY ("rayonCode") REFERENCES "Rayon" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "MediationRequest_mediatorId_fkey" FOREIGN KEY ("mediatorId") REFERENCES "Mediator" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_MediationRequest" ("category", "citizenId", "closedAt", "code", "consentAt", "contactName", "contactPhone", "createdAt", "description", "id", "inCourt", "mode", "otherParty", "otherPartyAware", "rayonCode", "sessionLanguage", "status", "submittedAt", "updatedAt", "voiceDuration", "voiceFileId") SELECT "category", "citizenId", "closedAt", "code", "consentAt", "contactName", "contactPhone", "createdAt", "description", "id", "inCourt", "mode", "otherParty", "otherPartyAware", "rayonCode", "sessionLanguage", "status", "submittedAt", "updatedAt", "voiceDuration", "voiceFileId" FROM "MediationRequest";
DROP TABLE "MediationRequest";
ALTER TABLE "new_MediationRequest" RENAME TO "MediationRequest";
CREATE UNIQUE INDEX "MediationRequest_code_key" ON "MediationRequest"("code");
CREATE INDEX "MediationRequest_citizenId_submittedAt_idx" ON "MediationRequest"("citizenId", "submittedAt");
CREATE INDEX "MediationRequest_status_submittedAt_idx" ON "MediationRequest"("status", "submittedAt");
CREATE INDEX "MediationRequest_rayonCode_category_idx" ON "MediationRequest"("rayonCode", "category");
CREATE INDEX "MediationRequest_category_submittedAt_idx" ON "MediationRequest"("category", "submittedAt");
CREATE INDEX "MediationRequest_mediatorId_status_idx" ON "MediationRequest"("mediatorId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Mediator_userId_key" ON "Mediator"("userId");

-- CreateIndex
CREATE INDEX "Mediator_status_paused_idx" ON "Mediator"("status", "paused");

-- CreateIndex
CREATE INDEX "MediatorRayon_rayonCode_idx" ON "MediatorRayon"("rayonCode");

-- CreateIndex
CREATE INDEX "Offer_status_expiresAt_idx" ON "Offer"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "Offer_mediatorId_status_idx" ON "Offer"("mediatorId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Offer_requestId_mediatorId_key" ON "Offer"("requestId", "mediatorId");

-- CreateIndex
CREATE INDEX "AuditEntry_createdAt_idx" ON "AuditEntry"("createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_actorId_idx" ON "AuditEntry"("actorId");

-- CreateIndex
CREATE INDEX "AuditEntry_targetType_targetId_idx" ON "AuditEntry"("targetType", "targetId");

