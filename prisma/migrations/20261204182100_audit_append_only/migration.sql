-- The audit trail is append-only: no UPDATE, DELETE or TRUNCATE through any connection, the app's
-- own included (a bug or a stolen app credential can't rewrite history). The one way to remove
-- events is switchyard_prune_audit(keep), and only for events older than a year: it sets a
-- transaction-local flag that the guard honours for such rows only, so setting the flag by hand
-- can't erase recent history either. The table's owner can still drop the trigger: run the app
-- as a role that does not own the tables for that to hold against the app's credential too.
-- Prisma's migration runner cuts a script at every semicolon, also inside quotes: the bodies
-- spell theirs as \073 in escape strings.
CREATE FUNCTION switchyard_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS E'BEGIN IF TG_OP = ''DELETE'' AND current_setting(''switchyard.audit_prune'', true) = ''on'' AND OLD."createdAt" < now() - interval ''365 days'' THEN RETURN OLD\073 END IF\073 RAISE EXCEPTION ''the audit trail is append-only: % refused'', TG_OP USING ERRCODE = ''insufficient_privilege'', HINT = ''events older than a year can be removed with switchyard_prune_audit()''\073 END\073';

CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION switchyard_audit_append_only();
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_audit_append_only();

-- Deletes the events older than `keep` (at least a year) and answers how many.
CREATE FUNCTION switchyard_prune_audit(keep interval) RETURNS bigint
LANGUAGE plpgsql AS E'DECLARE removed bigint\073 BEGIN IF keep < interval ''365 days'' THEN RAISE EXCEPTION ''audit events are kept for at least a year (asked to keep %)'', keep\073 END IF\073 PERFORM set_config(''switchyard.audit_prune'', ''on'', true)\073 DELETE FROM "AuditEvent" WHERE "createdAt" < now() - keep\073 GET DIAGNOSTICS removed = ROW_COUNT\073 PERFORM set_config(''switchyard.audit_prune'', ''off'', true)\073 RETURN removed\073 END\073';
