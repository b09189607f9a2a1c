CREATE SEQUENCE "public"."yibao_msgid_seq" INCREMENT BY 1 MINVALUE 0 MAXVALUE 9999 START WITH 0 CACHE 1 CYCLE;--> statement-breakpoint
CREATE TABLE "yibao_interface_log" (
	"id" bigserial NOT NULL,
	"called_at" timestamp with time zone NOT NULL,
	"infno" varchar(4) NOT NULL,
	"msgid" varchar(30),
	"inf_refmsgid" varchar(40),
	"opter" varchar(30) NOT NULL,
	"application_no" varchar(40),
	"attempt" integer NOT NULL,
	"duration_ms" integer NOT NULL,
	"http_status" integer,
	"infcode" integer,
	"outcome" varchar(20) NOT NULL,
	"error_code" varchar(30),
	"err_msg" text,
	"request_body" jsonb,
	"response_body" jsonb,
	"cert_no_enc" text,
	"cert_no_index" varchar(64),
	"card_no_enc" text,
	"card_no_index" varchar(64),
	CONSTRAINT "yibao_interface_log_id_called_at_pk" PRIMARY KEY("id","called_at")
) PARTITION BY RANGE ("called_at");
--> statement-breakpoint
-- Hand-added: monthly partitions are created at start-up (yibao/interface-log.ts); DEFAULT catches the rest.
CREATE TABLE "yibao_interface_log_default" PARTITION OF "yibao_interface_log" DEFAULT;
--> statement-breakpoint
CREATE TABLE "yibao_persons" (
	"psn_no" varchar(30) PRIMARY KEY NOT NULL,
	"insuplc_admdvs" varchar(6) NOT NULL,
	"insutype" varchar(6),
	"cert_no_enc" text,
	"cert_no_index" varchar(64),
	"card_no_enc" text,
	"card_no_index" varchar(64),
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "yibao_sign_ins" (
	"opter" varchar(30) NOT NULL,
	"sign_date" date NOT NULL,
	"sign_no" varchar(30) NOT NULL,
	"signed_in_at" timestamp with time zone NOT NULL,
	"invalidated_at" timestamp with time zone,
	"signed_out_at" timestamp with time zone,
	CONSTRAINT "yibao_sign_ins_opter_sign_date_pk" PRIMARY KEY("opter","sign_date")
);
--> statement-breakpoint
CREATE INDEX "yibao_interface_log_called_at_idx" ON "yibao_interface_log" USING btree ("called_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "yibao_interface_log_cert_no_idx" ON "yibao_interface_log" USING btree ("cert_no_index","called_at" DESC NULLS LAST) WHERE "yibao_interface_log"."cert_no_index" is not null;--> statement-breakpoint
CREATE INDEX "yibao_interface_log_card_no_idx" ON "yibao_interface_log" USING btree ("card_no_index","called_at" DESC NULLS LAST) WHERE "yibao_interface_log"."card_no_index" is not null;--> statement-breakpoint
CREATE INDEX "yibao_interface_log_application_no_idx" ON "yibao_interface_log" USING btree ("application_no","called_at" DESC NULLS LAST) WHERE "yibao_interface_log"."application_no" is not null;--> statement-breakpoint
CREATE INDEX "yibao_interface_log_infno_idx" ON "yibao_interface_log" USING btree ("infno","called_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "yibao_interface_log_outcome_idx" ON "yibao_interface_log" USING btree ("outcome","called_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "yibao_interface_log_msgid_idx" ON "yibao_interface_log" USING btree ("msgid");