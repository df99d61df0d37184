-- CreateEnum
CREATE TYPE "PublishStatus" AS ENUM ('PLANNED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'INTERRUPTED');

-- CreateEnum
CREATE TYPE "PublishOperationStatus" AS ENUM ('PENDING', 'APPLIED', 'FAILED', 'SKIPPED');

-- CreateTable
CREATE TABLE "Publish" (
    "id" UUID NOT NULL,
    "zoneName" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "status" "PublishStatus" NOT NULL,
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "sourcePublishId" UUID,
    "desiredState" JSONB NOT NULL,
    "plan" JSONB NOT NULL,
    "summary" JSONB NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,

    CONSTRAINT "Publish_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublishOperation" (
    "id" UUID NOT NULL,
    "publishId" UUID NOT NULL,
    "step" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "PublishOperationStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "PublishOperation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Publish_zoneName_createdAt_idx" ON "Publish"("zoneName", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PublishOperation_publishId_seq_key" ON "PublishOperation"("publishId", "seq");

-- AddForeignKey
ALTER TABLE "PublishOperation" ADD CONSTRAINT "PublishOperation_publishId_fkey" FOREIGN KEY ("publishId") REFERENCES "Publish"("id") ON DELETE CASCADE ON UPDATE CASCADE;

