-- Custom migration: drizzle cannot express triggers. The access log is evidence for the citizen:
-- once written, an entry may be neither changed nor removed, whoever holds the connection.
-- TRUNCATE is refused too: it would empty the log without firing row triggers.
-- motlan_refuse_change() comes from 0002_document_events_append_only.
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION motlan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION motlan_refuse_change();
