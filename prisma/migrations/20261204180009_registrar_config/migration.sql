-- CreateTable
CREATE TABLE "RegistrarConfig" (
    "registrar" TEXT NOT NULL,
    "isTestMode" BOOLEAN NOT NULL DEFAULT true,
    "settingsEnc" TEXT,
    "publicConfig" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RegistrarConfig_pkey" PRIMARY KEY ("registrar")
);
