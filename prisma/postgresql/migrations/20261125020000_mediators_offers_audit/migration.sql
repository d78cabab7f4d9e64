-- AlterTable
ALTER TABLE "MediationRequest" ADD COLUMN     "acceptedAt" TIMESTAMP(3),
ADD COLUMN     "mediatorId" INTEGER;

-- CreateTable
CREATE TABLE "Mediator" (
    "id" SERIAL NOT NULL,
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
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Mediator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MediatorRayon" (
    "mediatorId" INTEGER NOT NULL,
    "rayonCode" TEXT NOT NULL,

    CONSTRAINT "MediatorRayon_pkey" PRIMARY KEY ("mediatorId","rayonCode")
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "mediatorId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "offeredAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "respondedAt" TIMESTAMP(3),
    "declineReason" TEXT,
    "messageId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Operator" (
    "telegramId" BIGINT NOT NULL,
    "addedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Operator_pkey" PRIMARY KEY ("telegramId")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "details" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE INDEX "MediationRequest_mediatorId_status_idx" ON "MediationRequest"("mediatorId", "status");

-- AddForeignKey
ALTER TABLE "MediationRequest" ADD CONSTRAINT "MediationRequest_mediatorId_fkey" FOREIGN KEY ("mediatorId") REFERENCES "Mediator"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mediator" ADD CONSTRAINT "Mediator_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediatorRayon" ADD CONSTRAINT "MediatorRayon_mediatorId_fkey" FOREIGN KEY ("mediatorId") REFERENCES "Mediator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediatorRayon" ADD CONSTRAINT "MediatorRayon_rayonCode_fkey" FOREIGN KEY ("rayonCode") REFERENCES "Rayon"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MediationRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_mediatorId_fkey" FOREIGN KEY ("mediatorId") REFERENCES "Mediator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

