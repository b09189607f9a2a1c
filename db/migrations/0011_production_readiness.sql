ALTER TABLE "worker_heartbeats" ADD COLUMN "printer" text;--> statement-breakpoint
ALTER TABLE "user_accounts" ADD COLUMN "password_one_time" boolean DEFAULT false NOT NULL;