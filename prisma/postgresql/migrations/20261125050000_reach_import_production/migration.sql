-- AlterTable
ALTER TABLE "User" ADD COLUMN     "preferredRayonCode" TEXT;

-- AlterTable
ALTER TABLE "MediationRequest" ADD COLUMN     "assistedById" INTEGER,
ADD COLUMN     "claimCode" TEXT,
ADD COLUMN     "claimedAt" TIMESTAMP(3),
ADD COLUMN     "oralConsentAt" TIMESTAMP(3),
ADD COLUMN     "otherPartyAnswerVia" TEXT,
ADD COLUMN     "otherPartyAnsweredAt" TIMESTAMP(3),
ADD COLUMN     "otherPartyStatus" TEXT NOT NULL DEFAULT 'not_invited',
ADD COLUMN     "otherPartyUserId" INTEGER;

-- CreateTable
CREATE TABLE "Invitation" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdById" INTEGER,
    "usedById" INTEGER,
    "usedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeepLinkStart" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "ref" TEXT NOT NULL DEFAULT '',
    "newUser" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeepLinkStart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MediatorInvite" (
    "id" SERIAL NOT NULL,
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
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdById" INTEGER,
    "importId" INTEGER,
    "mediatorId" INTEGER,
    "joinedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MediatorInvite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MediatorImport" (
    "id" SERIAL NOT NULL,
    "createdById" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "appliedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MediatorImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedUpdate" (
    "updateId" BIGINT NOT NULL,
    "instance" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedUpdate_pkey" PRIMARY KEY ("updateId")
);

-- CreateTable
CREATE TABLE "Lease" (
    "key" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("key")
);

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

-- CreateIndex
CREATE UNIQUE INDEX "MediationRequest_claimCode_key" ON "MediationRequest"("claimCode");

-- AddForeignKey
ALTER TABLE "MediationRequest" ADD CONSTRAINT "MediationRequest_otherPartyUserId_fkey" FOREIGN KEY ("otherPartyUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediationRequest" ADD CONSTRAINT "MediationRequest_assistedById_fkey" FOREIGN KEY ("assistedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MediationRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

