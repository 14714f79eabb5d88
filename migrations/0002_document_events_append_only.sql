-- Custom migration: drizzle cannot express triggers. A document's history is evidence: once written,
-- an event row may be neither changed nor removed, whoever holds the connection.
CREATE FUNCTION motlan_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER document_events_append_only BEFORE UPDATE OR DELETE ON document_events
  FOR EACH ROW EXECUTE FUNCTION motlan_refuse_change();
