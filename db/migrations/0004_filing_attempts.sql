CREATE TABLE "filing_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "filing_attempts" ADD CONSTRAINT "filing_attempts_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "filing_attempts_application_idx" ON "filing_attempts" USING btree ("application_id");