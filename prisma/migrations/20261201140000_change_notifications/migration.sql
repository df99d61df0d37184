-- Every committed change to what Switchyard caches in memory is announced on one channel, so each
-- app process can drop what it cached (lib/db/changes.ts). NOTIFY is transactional: listeners hear
-- it only after the commit, and a transaction's identical payloads arrive once.
--   'domain': what the compiler and the lists read (zones, rovers and their APIs, tenants, settings)
--   'auth':   what authentication reads (API tokens, users, sessions)
-- Prisma's migration runner cuts a script at every semicolon, also inside quotes, so the body
-- spells its semicolons as \073 in an escape string.
CREATE FUNCTION switchyard_notify_change() RETURNS trigger
LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(''switchyard_changes'', TG_ARGV[0])\073 RETURN NULL\073 END\073';

CREATE TRIGGER "Settings_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Settings"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_change('domain');
CREATE TRIGGER "Zone_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Zone"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_change('domain');
CREATE TRIGGER "Rover_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Rover"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_change('domain');
CREATE TRIGGER "Exposure_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Exposure"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_change('domain');
CREATE TRIGGER "Upstream_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Upstream"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_change('domain');
CREATE TRIGGER "Endpoint_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Endpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_change('domain');
CREATE TRIGGER "Subscription_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Subscription"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_change('domain');
CREATE TRIGGER "Tenant_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Tenant"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_change('domain');
CREATE TRIGGER "Entitlement_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Entitlement"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_change('domain');

CREATE TRIGGER "ApiToken_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ApiToken"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_change('auth');
CREATE TRIGGER "User_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "User"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_change('auth');
CREATE TRIGGER "Session_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Session"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_change('auth');
