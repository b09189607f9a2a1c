CREATE TABLE "worker_heartbeats" (
	"worker_identity" text PRIMARY KEY NOT NULL,
	"task_queue" text NOT NULL,
	"pid" integer NOT NULL,
	"state" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"last_beat_at" timestamp with time zone NOT NULL
);
