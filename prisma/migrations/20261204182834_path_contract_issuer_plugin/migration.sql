-- AlterTable
ALTER TABLE "Settings" ADD COLUMN     "issuerPlugin" TEXT NOT NULL DEFAULT 'jwt-keycloak';

-- AlterTable
ALTER TABLE "Exposure" ADD COLUMN     "stripBasePath" BOOLEAN NOT NULL DEFAULT false;
