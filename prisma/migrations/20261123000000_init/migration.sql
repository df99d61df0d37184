-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ZoneVisibility" AS ENUM ('WORLD', 'ENTERPRISE');

-- CreateEnum
CREATE TYPE "ExposureVisibility" AS ENUM ('WORLD', 'ENTERPRISE', 'ZONE');

-- CreateEnum
CREATE TYPE "TenantAccess" AS ENUM ('NONE', 'ANY', 'ENTITLED');

-- CreateTable
CREATE TABLE "Settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "environment" TEXT NOT NULL DEFAULT 'default',
    "tenantHeader" TEXT NOT NULL DEFAULT 'x-okapi-tenant',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Zone" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "visibility" "ZoneVisibility" NOT NULL,
    "gatewayUrl" TEXT NOT NULL,
    "identityProviderUrl" TEXT NOT NULL,
    "dtcUrl" TEXT,
    "enforceIssuers" BOOLEAN NOT NULL DEFAULT true,
    "kongAdminUrl" TEXT NOT NULL,
    "kongAdminTokenEnc" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Zone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rover" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "zoneId" UUID NOT NULL,
    "failoverEnabled" BOOLEAN NOT NULL DEFAULT false,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Rover_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Exposure" (
    "id" UUID NOT NULL,
    "roverId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "basePath" TEXT NOT NULL,
    "visibility" "ExposureVisibility" NOT NULL DEFAULT 'ENTERPRISE',
    "tenantAccess" "TenantAccess" NOT NULL DEFAULT 'NONE',

    CONSTRAINT "Exposure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Upstream" (
    "id" UUID NOT NULL,
    "exposureId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "weight" INTEGER NOT NULL DEFAULT 100,

    CONSTRAINT "Upstream_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Endpoint" (
    "id" UUID NOT NULL,
    "exposureId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "methods" TEXT[],
    "path" TEXT NOT NULL,

    CONSTRAINT "Endpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Subscription" (
    "id" UUID NOT NULL,
    "roverId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "basePath" TEXT NOT NULL,
    "approved" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tenant" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Entitlement" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "application" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Entitlement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Zone_name_key" ON "Zone"("name");

-- CreateIndex
CREATE INDEX "Rover_zoneId_idx" ON "Rover"("zoneId");

-- CreateIndex
CREATE UNIQUE INDEX "Rover_name_version_zoneId_key" ON "Rover"("name", "version", "zoneId");

-- CreateIndex
CREATE INDEX "Exposure_basePath_idx" ON "Exposure"("basePath");

-- CreateIndex
CREATE UNIQUE INDEX "Exposure_roverId_basePath_key" ON "Exposure"("roverId", "basePath");

-- CreateIndex
CREATE UNIQUE INDEX "Upstream_exposureId_position_key" ON "Upstream"("exposureId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Endpoint_exposureId_position_key" ON "Endpoint"("exposureId", "position");

-- CreateIndex
CREATE INDEX "Subscription_basePath_idx" ON "Subscription"("basePath");

-- CreateIndex
CREATE UNIQUE INDEX "Subscription_roverId_basePath_key" ON "Subscription"("roverId", "basePath");

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_name_key" ON "Tenant"("name");

-- CreateIndex
CREATE INDEX "Entitlement_application_version_idx" ON "Entitlement"("application", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Entitlement_tenantId_application_version_key" ON "Entitlement"("tenantId", "application", "version");

-- AddForeignKey
ALTER TABLE "Rover" ADD CONSTRAINT "Rover_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exposure" ADD CONSTRAINT "Exposure_roverId_fkey" FOREIGN KEY ("roverId") REFERENCES "Rover"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Upstream" ADD CONSTRAINT "Upstream_exposureId_fkey" FOREIGN KEY ("exposureId") REFERENCES "Exposure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Endpoint" ADD CONSTRAINT "Endpoint_exposureId_fkey" FOREIGN KEY ("exposureId") REFERENCES "Exposure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_roverId_fkey" FOREIGN KEY ("roverId") REFERENCES "Rover"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Entitlement" ADD CONSTRAINT "Entitlement_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Domain rules the database can hold itself (the API validates the same rules with zod first).
ALTER TABLE "Settings" ADD CONSTRAINT "Settings_singleton" CHECK ("id" = 1);
ALTER TABLE "Settings" ADD CONSTRAINT "Settings_environment_format" CHECK ("environment" ~ '^[a-z][a-z0-9-]{0,62}$');
ALTER TABLE "Settings" ADD CONSTRAINT "Settings_tenantHeader_format" CHECK ("tenantHeader" ~ '^[a-z][a-z0-9-]{0,62}$');
ALTER TABLE "Zone" ADD CONSTRAINT "Zone_name_format" CHECK ("name" ~ '^[a-z][a-z0-9-]{0,62}$');
ALTER TABLE "Zone" ADD CONSTRAINT "Zone_gatewayUrl_format" CHECK ("gatewayUrl" ~ '^https?://');
ALTER TABLE "Zone" ADD CONSTRAINT "Zone_identityProviderUrl_format" CHECK ("identityProviderUrl" ~ '^https?://');
ALTER TABLE "Zone" ADD CONSTRAINT "Zone_dtcUrl_format" CHECK ("dtcUrl" IS NULL OR "dtcUrl" ~ '^https?://');
ALTER TABLE "Zone" ADD CONSTRAINT "Zone_kongAdminUrl_format" CHECK ("kongAdminUrl" ~ '^https?://');
ALTER TABLE "Rover" ADD CONSTRAINT "Rover_name_format" CHECK ("name" ~ '^[a-z][a-z0-9-]{0,62}$');
ALTER TABLE "Rover" ADD CONSTRAINT "Rover_version_semver" CHECK ("version" ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$');
ALTER TABLE "Exposure" ADD CONSTRAINT "Exposure_basePath_format" CHECK ("basePath" ~ '^/[a-z0-9/_.-]+$' AND "basePath" !~ '/$');
ALTER TABLE "Upstream" ADD CONSTRAINT "Upstream_weight_range" CHECK ("weight" BETWEEN 1 AND 100);
ALTER TABLE "Upstream" ADD CONSTRAINT "Upstream_url_format" CHECK ("url" ~ '^https?://');
ALTER TABLE "Endpoint" ADD CONSTRAINT "Endpoint_path_format" CHECK ("path" ~ '^/');
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_basePath_format" CHECK ("basePath" ~ '^/[a-z0-9/_.-]+$' AND "basePath" !~ '/$');
ALTER TABLE "Tenant" ADD CONSTRAINT "Tenant_name_format" CHECK ("name" ~ '^[a-z][a-z0-9_]{0,62}$');
ALTER TABLE "Entitlement" ADD CONSTRAINT "Entitlement_application_format" CHECK ("application" ~ '^[a-z][a-z0-9-]{0,62}$');
ALTER TABLE "Entitlement" ADD CONSTRAINT "Entitlement_version_semver" CHECK ("version" ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$');
INSERT INTO "Settings" ("id", "environment", "tenantHeader", "revision", "updatedAt") VALUES (1, 'default', 'x-okapi-tenant', 1, CURRENT_TIMESTAMP);
