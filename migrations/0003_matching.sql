CREATE TABLE "registry_persons" (
	"id" text PRIMARY KEY NOT NULL,
	"old_id" text,
	"full_name" text NOT NULL,
	"birth_date" text NOT NULL,
	"birth_year" integer NOT NULL,
	"sex" text NOT NULL,
	"birth_province" text,
	"residence_province" text,
	"residence_commune" text,
	"father_name" text,
	"mother_name" text,
	"family_key" text NOT NULL,
	"given_key" text NOT NULL,
	"family_phonetic" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_persons_sex_check" CHECK ("registry_persons"."sex" in ('male', 'female'))
);
--> statement-breakpoint
CREATE INDEX "registry_persons_old_id_idx" ON "registry_persons" USING btree ("old_id");--> statement-breakpoint
CREATE INDEX "registry_persons_date_given_idx" ON "registry_persons" USING btree ("birth_date","given_key");--> statement-breakpoint
CREATE INDEX "registry_persons_year_sex_names_idx" ON "registry_persons" USING btree ("birth_year","sex","family_key","given_key");--> statement-breakpoint
CREATE INDEX "registry_persons_province_given_phonetic_idx" ON "registry_persons" USING btree ("birth_province","given_key","family_phonetic");--> statement-breakpoint
CREATE INDEX "registry_persons_province_year_family_idx" ON "registry_persons" USING btree ("birth_province","birth_year","family_key","sex");