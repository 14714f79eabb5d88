-- Rows written before the chain existed cannot be given honest hashes after the fact: they move,
-- unchanged, to audit_entries_unchained (created only where such rows exist), and the chains start empty.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "audit_entries") THEN
    CREATE TABLE "audit_entries_unchained" AS SELECT * FROM "audit_entries";
    DELETE FROM "audit_entries";
  END IF;
END
$$;
--> statement-breakpoint
CREATE TABLE "audit_chains" (
	"chain_key" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"last_hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_entries" ALTER COLUMN "at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "audit_entries" ADD COLUMN "chain_key" text NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_entries" ADD COLUMN "seq" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_entries" ADD COLUMN "agency_code" text;--> statement-breakpoint
ALTER TABLE "audit_entries" ADD COLUMN "document_id" uuid;--> statement-breakpoint
ALTER TABLE "audit_entries" ADD COLUMN "document_type" text;--> statement-breakpoint
ALTER TABLE "audit_entries" ADD COLUMN "dossier_code" text;--> statement-breakpoint
ALTER TABLE "audit_entries" ADD COLUMN "prev_hash" text NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_entries" ADD COLUMN "hash" text NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_entries_chain_seq_idx" ON "audit_entries" USING btree ("chain_key","seq");