CREATE TABLE "content_store_identity" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"store_id" text NOT NULL,
	"location" text NOT NULL,
	"bound_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_store_identity_single_row" CHECK ("content_store_identity"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "document_contents" DROP CONSTRAINT "document_contents_key_check";--> statement-breakpoint
ALTER TABLE "document_contents" ALTER COLUMN "bytes" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "document_contents" ADD CONSTRAINT "document_contents_key_check" CHECK (case when "document_contents"."bytes" is null then "document_contents"."key_id" is not null and "document_contents"."data_key" is null else ("document_contents"."key_id" is null) = ("document_contents"."data_key" is null) end);