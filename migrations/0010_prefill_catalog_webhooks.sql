CREATE TABLE "procedures" (
	"code" text PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"applicant_kind" text NOT NULL,
	"requirements" jsonb NOT NULL,
	"form_fields" jsonb NOT NULL,
	"code_status" text NOT NULL,
	"source" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "procedures_code_check" CHECK ("procedures"."code" ~ '^[0-9]\.[0-9]{6}$'),
	CONSTRAINT "procedures_applicant_kind_check" CHECK ("procedures"."applicant_kind" in ('citizen', 'business')),
	CONSTRAINT "procedures_code_status_check" CHECK ("procedures"."code_status" in ('confirmed', 'unconfirmed'))
);
--> statement-breakpoint
CREATE TABLE "prefill_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dossier_code" text NOT NULL,
	"procedure_code" text NOT NULL,
	"agency_code" text NOT NULL,
	"client_id" text NOT NULL,
	"applicant_subject_id" uuid,
	"identity_decision" text NOT NULL,
	"request_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prefill_results" (
	"prefill_id" uuid NOT NULL,
	"requirement_id" text NOT NULL,
	"subject_position" integer NOT NULL,
	"outcome" text NOT NULL,
	"reason_code" text NOT NULL,
	"document_id" uuid,
	"release_id" uuid,
	"consent_request_id" uuid,
	CONSTRAINT "prefill_results_prefill_id_requirement_id_subject_position_pk" PRIMARY KEY("prefill_id","requirement_id","subject_position"),
	CONSTRAINT "prefill_results_outcome_check" CHECK ("prefill_results"."outcome" in ('reused', 'consent_required', 'expired', 'revoked', 'not_held', 'not_required'))
);
--> statement-breakpoint
CREATE TABLE "releases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"agency_code" text NOT NULL,
	"client_id" text NOT NULL,
	"dossier_code" text,
	"purpose" text NOT NULL,
	"prefill_id" uuid,
	"attestation" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_feedback" (
	"dossier_code" text NOT NULL,
	"requirement_id" text NOT NULL,
	"subject_position" integer DEFAULT 0 NOT NULL,
	"verdict" text NOT NULL,
	"reason" text,
	"reported_by" text NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dossier_feedback_dossier_code_requirement_id_subject_position_pk" PRIMARY KEY("dossier_code","requirement_id","subject_position"),
	CONSTRAINT "dossier_feedback_verdict_check" CHECK ("dossier_feedback"."verdict" in ('accepted', 'rejected', 'brought_by_applicant'))
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"code" text PRIMARY KEY NOT NULL,
	"agency_code" text NOT NULL,
	"procedure_code" text,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution" text,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "dossiers_status_check" CHECK ("dossiers"."status" in ('open', 'closed')),
	CONSTRAINT "dossiers_resolution_check" CHECK ("dossiers"."resolution" is null or "dossiers"."resolution" in ('resolved', 'rejected', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"http_status" integer,
	"error" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"agency_code" text NOT NULL,
	"event" text NOT NULL,
	"event_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_status_check" CHECK ("webhook_deliveries"."status" in ('pending', 'delivered', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "webhook_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_code" text NOT NULL,
	"url" text NOT NULL,
	"events" text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "prefill_requests" ADD CONSTRAINT "prefill_requests_applicant_subject_id_subjects_id_fk" FOREIGN KEY ("applicant_subject_id") REFERENCES "public"."subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prefill_results" ADD CONSTRAINT "prefill_results_prefill_id_prefill_requests_id_fk" FOREIGN KEY ("prefill_id") REFERENCES "public"."prefill_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prefill_results" ADD CONSTRAINT "prefill_results_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_prefill_id_prefill_requests_id_fk" FOREIGN KEY ("prefill_id") REFERENCES "public"."prefill_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_feedback" ADD CONSTRAINT "dossier_feedback_dossier_code_dossiers_code_fk" FOREIGN KEY ("dossier_code") REFERENCES "public"."dossiers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_subscription_id_webhook_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."webhook_subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "webhook_subscriptions_agency_code_agencies_code_fk" FOREIGN KEY ("agency_code") REFERENCES "public"."agencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "prefill_requests_dossier_idx" ON "prefill_requests" USING btree ("dossier_code","created_at");--> statement-breakpoint
CREATE INDEX "prefill_requests_agency_idx" ON "prefill_requests" USING btree ("agency_code","created_at");--> statement-breakpoint
CREATE INDEX "releases_document_idx" ON "releases" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "releases_dossier_idx" ON "releases" USING btree ("dossier_code");--> statement-breakpoint
CREATE INDEX "dossiers_agency_idx" ON "dossiers" USING btree ("agency_code","closed_at");--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" USING btree ("delivery_id","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_event_key" ON "webhook_deliveries" USING btree ("subscription_id","event_key");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_agency_idx" ON "webhook_deliveries" USING btree ("agency_code","created_at");--> statement-breakpoint
CREATE INDEX "webhook_subscriptions_agency_idx" ON "webhook_subscriptions" USING btree ("agency_code");