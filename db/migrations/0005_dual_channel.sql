CREATE TABLE "dual_channel_application_details" (
	"application_id" uuid PRIMARY KEY NOT NULL,
	"appy_date" date NOT NULL,
	"cond_abst_enc" text,
	"appy_lmt" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"agent_name_enc" text,
	"agent_cert_type" text,
	"agent_cert_no_enc" text,
	"agent_tel_enc" text,
	"agent_relation" text,
	"agent_addr_enc" text,
	"doctor1_staff_no" text,
	"doctor1_name" text,
	"doctor2_staff_no" text,
	"doctor2_name" text
);
--> statement-breakpoint
CREATE TABLE "dual_channel_application_drugs" (
	"application_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"med_list_codg" text NOT NULL,
	"med_list_name" text NOT NULL,
	"specification" text,
	CONSTRAINT "dual_channel_application_drugs_application_id_med_list_codg_pk" PRIMARY KEY("application_id","med_list_codg")
);
--> statement-breakpoint
CREATE TABLE "dual_channel_application_institutions" (
	"application_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"fixmedins_code" text NOT NULL,
	"fixmedins_name" text NOT NULL,
	"poolarea_no" text NOT NULL,
	CONSTRAINT "dual_channel_application_institutions_application_id_fixmedins_code_pk" PRIMARY KEY("application_id","fixmedins_code")
);
--> statement-breakpoint
CREATE TABLE "dual_channel_eforms" (
	"application_id" uuid PRIMARY KEY NOT NULL,
	"data_hash" text NOT NULL,
	"pdf" "bytea" NOT NULL,
	"xlsx" "bytea" NOT NULL,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dual_channel_institutions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"poolarea_no" text NOT NULL,
	"valid" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "special_drugs" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"specification" text,
	"manufacturer" text,
	"indications" text,
	"valid" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dual_channel_application_details" ADD CONSTRAINT "dual_channel_application_details_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dual_channel_application_drugs" ADD CONSTRAINT "dual_channel_application_drugs_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dual_channel_application_institutions" ADD CONSTRAINT "dual_channel_application_institutions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dual_channel_eforms" ADD CONSTRAINT "dual_channel_eforms_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dual_channel_application_drugs_code_idx" ON "dual_channel_application_drugs" USING btree ("med_list_codg");--> statement-breakpoint
CREATE INDEX "special_drugs_valid_idx" ON "special_drugs" USING btree ("valid","code");