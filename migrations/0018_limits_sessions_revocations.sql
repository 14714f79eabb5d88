CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "token_revocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"issuer" text NOT NULL,
	"jti" text,
	"kid" text,
	"reason" text NOT NULL,
	"revoked_by" text NOT NULL,
	"revoked_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	CONSTRAINT "token_revocations_one_target_check" CHECK (("token_revocations"."jti" is null) <> ("token_revocations"."kid" is null))
);
--> statement-breakpoint
CREATE TABLE "portal_sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"signed_in_at" timestamp with time zone NOT NULL,
	"ends_by" timestamp with time zone NOT NULL,
	"signed_out_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "token_revocations_jti_idx" ON "token_revocations" USING btree ("issuer","jti");--> statement-breakpoint
CREATE UNIQUE INDEX "token_revocations_kid_idx" ON "token_revocations" USING btree ("issuer","kid");--> statement-breakpoint
CREATE INDEX "portal_sessions_ends_by_idx" ON "portal_sessions" USING btree ("ends_by");