CREATE TABLE "signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"activated_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "document_contents" ADD COLUMN "key_id" text;--> statement-breakpoint
ALTER TABLE "document_contents" ADD COLUMN "data_key" "bytea";--> statement-breakpoint
ALTER TABLE "document_contents" ADD CONSTRAINT "document_contents_key_check" CHECK (("document_contents"."key_id" is null) = ("document_contents"."data_key" is null));