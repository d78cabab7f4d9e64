-- AlterTable
ALTER TABLE "User" ADD COLUMN     "erasedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "MediationRequest" (
    "id" SERIAL NOT NULL,
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
    "consentAt" TIMESTAMP(3) NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MediationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestStatusChange" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "actorId" INTEGER,
    "actorRole" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RequestStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MediationRequest_code_key" ON "MediationRequest"("code");

-- CreateIndex
CREATE INDEX "MediationRequest_citizenId_submittedAt_idx" ON "MediationRequest"("citizenId", "submittedAt");

-- CreateIndex
CREATE INDEX "MediationRequest_status_submittedAt_idx" ON "MediationRequest"("status", "submittedAt");

-- CreateIndex
CREATE INDEX "MediationRequest_rayonCode_category_idx" ON "MediationRequest"("rayonCode", "category");

-- CreateIndex
CREATE INDEX "MediationRequest_category_submittedAt_idx" ON "MediationRequest"("category", "submittedAt");

-- CreateIndex
CREATE INDEX "RequestStatusChange_requestId_createdAt_idx" ON "RequestStatusChange"("requestId", "createdAt");

-- CreateIndex
CREATE INDEX "RequestStatusChange_actorId_idx" ON "RequestStatusChange"("actorId");

-- AddForeignKey
ALTER TABLE "MediationRequest" ADD CONSTRAINT "MediationRequest_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediationRequest" ADD CONSTRAINT "MediationRequest_rayonCode_fkey" FOREIGN KEY ("rayonCode") REFERENCES "Rayon"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestStatusChange" ADD CONSTRAINT "RequestStatusChange_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MediationRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestStatusChange" ADD CONSTRAINT "RequestStatusChange_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

