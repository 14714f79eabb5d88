CREATE TABLE "consent_releases" (
	"consent_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consent_releases_consent_id_document_id_pk" PRIMARY KEY("consent_id","document_id")
);
--> statement-breakpoint
CREATE TABLE "consent_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"requester_agency_code" text NOT NULL,
	"requester_client_id" text NOT NULL,
	"purpose" text NOT NULL,
	"dossier_code" text,
	"document_types" text[] NOT NULL,
	"fields" text[],
	"valid_until" timestamp with time zone,
	"note" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"consent_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "consent_requests_status_check" CHECK ("consent_requests"."status" in ('pending', 'approved', 'refused'))
);
--> statement-breakpoint
CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"grantee_agency_code" text,
	"grantee_level" text,
	"purposes" text[] NOT NULL,
	"document_types" text[] NOT NULL,
	"fields" text[],
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone,
	"max_uses" integer,
	"dossier_code" text,
	"dossier_closed_at" timestamp with time zone,
	"channel" text NOT NULL,
	"acting_as" text NOT NULL,
	"acting_citizen_id" text NOT NULL,
	"counter_official_id" text,
	"consent_request_id" uuid,
	"receipt" text NOT NULL,
	"revocation_receipt" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "consents_grantee_check" CHECK (("consents"."grantee_agency_code" is null) <> ("consents"."grantee_level" is null)),
	CONSTRAINT "consents_max_uses_check" CHECK ("consents"."max_uses" is null or "consents"."max_uses" > 0)
);
--> statement-breakpoint
CREATE TABLE "legal_bases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_code" text NOT NULL,
	"document_type" text NOT NULL,
	"requester_level" text NOT NULL,
	"reference" text NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consent_releases" ADD CONSTRAINT "consent_releases_consent_id_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."consents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_requests" ADD CONSTRAINT "consent_requests_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_requests" ADD CONSTRAINT "consent_requests_consent_id_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."consents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consent_requests_subject_idx" ON "consent_requests" USING btree ("subject_id","status");--> statement-breakpoint
CREATE INDEX "consents_subject_idx" ON "consents" USING btree ("subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "legal_bases_scope_key" ON "legal_bases" USING btree ("procedure_code","document_type","requester_level");