CREATE TABLE "registry_business_keys" (
	"key" text NOT NULL,
	"code" text NOT NULL,
	CONSTRAINT "registry_business_keys_key_code_pk" PRIMARY KEY("key","code")
);
--> statement-breakpoint
CREATE TABLE "registry_businesses" (
	"code" text PRIMARY KEY NOT NULL,
	"enterprise_code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"enterprise_name" text NOT NULL,
	"english_name" text,
	"abbreviation" text,
	"legal_form" text NOT NULL,
	"status" text NOT NULL,
	"enterprise_status" text NOT NULL,
	"status_since" text NOT NULL,
	"registered_on" text NOT NULL,
	"charter_capital_vnd" bigint NOT NULL,
	"address_line" text NOT NULL,
	"commune" text NOT NULL,
	"province" text NOT NULL,
	"province_code" text NOT NULL,
	"legal_representatives" jsonb NOT NULL,
	"name_tokens" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_businesses_kind_check" CHECK ("registry_businesses"."kind" in ('enterprise', 'branch'))
);
--> statement-breakpoint
CREATE INDEX "registry_business_keys_code_idx" ON "registry_business_keys" USING btree ("code");--> statement-breakpoint
CREATE INDEX "registry_businesses_enterprise_code_idx" ON "registry_businesses" USING btree ("enterprise_code");