CREATE TABLE "agencies" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agencies_level_check" CHECK ("agencies"."level" in ('central', 'province', 'district', 'commune'))
);
--> statement-breakpoint
CREATE TABLE "agency_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_code" text NOT NULL,
	"kid" text NOT NULL,
	"alg" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agency_keys_alg_check" CHECK ("agency_keys"."alg" in ('EdDSA', 'ES256'))
);
--> statement-breakpoint
CREATE TABLE "document_contents" (
	"sha256" text PRIMARY KEY NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"lineage_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"official_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text,
	"related_id" uuid,
	"request_id" text,
	CONSTRAINT "document_events_kind_check" CHECK ("document_events"."kind" in ('ingested', 'revoked', 'superseded', 'corrected'))
);
--> statement-breakpoint
CREATE TABLE "document_subjects" (
	"document_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"role" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "document_subjects_document_id_position_pk" PRIMARY KEY("document_id","position")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"lineage_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"type" text NOT NULL,
	"issuer_code" text NOT NULL,
	"number" text NOT NULL,
	"procedure_code" text,
	"dossier_code" text,
	"issue_date" date NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date,
	"fields" jsonb NOT NULL,
	"content_sha256" text NOT NULL,
	"signed_payload" text NOT NULL,
	"payload_hash" text NOT NULL,
	"signature" text,
	"signature_status" text NOT NULL,
	"signature_kid" text,
	"status" text DEFAULT 'active' NOT NULL,
	"previous_id" uuid,
	"replaced_by_id" uuid,
	"revocation_reason" text,
	"revoked_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_status_check" CHECK ("documents"."status" in ('active', 'revoked', 'superseded', 'corrected')),
	CONSTRAINT "documents_signature_status_check" CHECK ("documents"."signature_status" in ('verified', 'unsigned')),
	CONSTRAINT "documents_validity_check" CHECK ("documents"."valid_until" is null or "documents"."valid_until" >= "documents"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"document_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_parent_code_agencies_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."agencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_keys" ADD CONSTRAINT "agency_keys_agency_code_agencies_code_fk" FOREIGN KEY ("agency_code") REFERENCES "public"."agencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_events" ADD CONSTRAINT "document_events_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_subjects" ADD CONSTRAINT "document_subjects_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_subjects" ADD CONSTRAINT "document_subjects_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_issuer_code_agencies_code_fk" FOREIGN KEY ("issuer_code") REFERENCES "public"."agencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_content_sha256_document_contents_sha256_fk" FOREIGN KEY ("content_sha256") REFERENCES "public"."document_contents"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agency_keys_agency_kid_key" ON "agency_keys" USING btree ("agency_code","kid");--> statement-breakpoint
CREATE INDEX "agency_keys_agency_idx" ON "agency_keys" USING btree ("agency_code");--> statement-breakpoint
CREATE INDEX "document_events_lineage_idx" ON "document_events" USING btree ("lineage_id","id");--> statement-breakpoint
CREATE INDEX "document_subjects_subject_idx" ON "document_subjects" USING btree ("subject_id","document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_identity_key" ON "documents" USING btree ("issuer_code","type","number","version");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_seq_key" ON "documents" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "documents_lineage_idx" ON "documents" USING btree ("lineage_id");