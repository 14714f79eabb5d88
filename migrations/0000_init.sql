CREATE TABLE "subject_aliases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"valid_from" date,
	"valid_until" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subject_aliases_kind_check" CHECK ("subject_aliases"."kind" in ('old_id_card', 'previous_citizen_id', 'previous_tax_code'))
);
--> statement-breakpoint
CREATE TABLE "subjects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"national_id" text NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"folded_name" text NOT NULL,
	"birth_date" date,
	"sex" text,
	"registry_snapshot" jsonb,
	"snapshot_source" text,
	"snapshot_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subjects_kind_check" CHECK ("subjects"."kind" in ('citizen', 'business')),
	CONSTRAINT "subjects_sex_check" CHECK ("subjects"."sex" is null or "subjects"."sex" in ('male', 'female'))
);
--> statement-breakpoint
CREATE TABLE "audit_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"official_id" text,
	"action" text NOT NULL,
	"subject_id" uuid,
	"purpose" text,
	"decision" text NOT NULL,
	"rule" text NOT NULL,
	"request_id" text,
	CONSTRAINT "audit_entries_decision_check" CHECK ("audit_entries"."decision" in ('allow', 'deny'))
);
--> statement-breakpoint
ALTER TABLE "subject_aliases" ADD CONSTRAINT "subject_aliases_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "subject_aliases_kind_value_key" ON "subject_aliases" USING btree ("kind","value");--> statement-breakpoint
CREATE INDEX "subject_aliases_subject_idx" ON "subject_aliases" USING btree ("subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subjects_kind_national_id_key" ON "subjects" USING btree ("kind","national_id");--> statement-breakpoint
CREATE INDEX "subjects_folded_name_idx" ON "subjects" USING btree ("folded_name");--> statement-breakpoint
CREATE INDEX "audit_entries_subject_idx" ON "audit_entries" USING btree ("subject_id","id");