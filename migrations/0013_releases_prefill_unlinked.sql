ALTER TABLE "releases" DROP CONSTRAINT "releases_prefill_id_prefill_requests_id_fk";
