-- AlterTable
ALTER TABLE "Publish" ADD COLUMN     "attempt" INTEGER NOT NULL DEFAULT 1;
