-- Kong resolves `.` and `..` segments before matching, so a base path holding one could never
-- match: the API refuses them (lib/domain/rules.ts), and so does the database.
ALTER TABLE "Exposure" DROP CONSTRAINT "Exposure_basePath_format";
ALTER TABLE "Exposure" ADD CONSTRAINT "Exposure_basePath_format" CHECK ("basePath" ~ '^/[a-z0-9/_.-]+$' AND "basePath" !~ '/$' AND "basePath" !~ '(^|/)\.\.?(/|$)');
ALTER TABLE "Subscription" DROP CONSTRAINT "Subscription_basePath_format";
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_basePath_format" CHECK ("basePath" ~ '^/[a-z0-9/_.-]+$' AND "basePath" !~ '/$' AND "basePath" !~ '(^|/)\.\.?(/|$)');
