-- DropForeignKey
ALTER TABLE "MediationRequest" DROP CONSTRAINT "MediationRequest_citizenId_fkey";

-- DropIndex
DROP INDEX "DeepLinkStart_kind_ref_idx";

-- AlterTable
ALTER TABLE "MediationRequest" ADD COLUMN     "costPreference" TEXT NOT NULL DEFAULT 'free_only',
ALTER COLUMN "citizenId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "voiceMessageId" INTEGER;

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "questionCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "questionDay" TEXT,
ADD COLUMN     "questionDayCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "DeepLinkStart" ADD COLUMN     "userId" INTEGER;

-- AlterTable
ALTER TABLE "MediatorInvite" ADD COLUMN     "problemReportedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "DeepLinkStart_kind_ref_userId_idx" ON "DeepLinkStart"("kind", "ref", "userId");

-- AddForeignKey
ALTER TABLE "MediationRequest" ADD CONSTRAINT "MediationRequest_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

