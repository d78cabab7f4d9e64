-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "telegramId" BIGINT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT,
    "locale" TEXT,
    "telegramLanguage" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "blockedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Oblast" (
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "kato" TEXT NOT NULL,
    "nameKk" TEXT NOT NULL,
    "nameRu" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Oblast_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Rayon" (
    "code" TEXT NOT NULL,
    "oblastCode" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "kato" TEXT NOT NULL,
    "nameKk" TEXT NOT NULL,
    "nameRu" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "adminCenter" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "sortOrder" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Rayon_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "StorageEntry" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StorageEntry_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_telegramId_key" ON "User"("telegramId");

-- CreateIndex
CREATE UNIQUE INDEX "Oblast_kato_key" ON "Oblast"("kato");

-- CreateIndex
CREATE UNIQUE INDEX "Rayon_kato_key" ON "Rayon"("kato");

-- CreateIndex
CREATE INDEX "Rayon_oblastCode_sortOrder_idx" ON "Rayon"("oblastCode", "sortOrder");

-- AddForeignKey
ALTER TABLE "Rayon" ADD CONSTRAINT "Rayon_oblastCode_fkey" FOREIGN KEY ("oblastCode") REFERENCES "Oblast"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

