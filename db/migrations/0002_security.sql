CREATE TABLE "patients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"name_enc" text NOT NULL,
	"name_masked" text NOT NULL,
	"name_blind" text NOT NULL,
	"id_no_enc" text NOT NULL,
	"id_no_blind" text NOT NULL,
	"id_no_masked" text NOT NULL,
	"birth_date" date NOT NULL,
	"sex" text NOT NULL,
	"psn_no" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"username" text,
	"display_name" text NOT NULL,
	"roles" text[] DEFAULT '{}' NOT NULL,
	"staff_no" text,
	"department" text,
	"title" text,
	"password_hash" text,
	"phone_enc" text,
	"phone_blind" text,
	"wechat_openid" text,
	"disabled" boolean DEFAULT false NOT NULL,
	"password_changed_at" timestamp with time zone,
	"totp_secret_enc" text,
	"totp_pending_enc" text,
	"totp_last_step" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_no_sequences" (
	"prefix" text NOT NULL,
	"day" text NOT NULL,
	"last_value" integer NOT NULL,
	CONSTRAINT "application_no_sequences_prefix_day_pk" PRIMARY KEY("prefix","day")
);
--> statement-breakpoint
CREATE TABLE "application_status_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"event_key" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"detail" text NOT NULL,
	"actor_account_id" uuid,
	"actor_label" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"application_no" text NOT NULL,
	"applicant_account_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"yibao_sync_status" text DEFAULT 'not_sent' NOT NULL,
	"phone_enc" text,
	"address_enc" text,
	"begin_date" date NOT NULL,
	"end_date" date,
	"psn_no" text,
	"insutype" text,
	"insuplc_admdvs" text,
	"filing_sn" text,
	"reviewer_account_id" uuid,
	"reviewer_staff_no" text,
	"reviewer_name" text,
	"review_decision" text,
	"review_opinion" text,
	"diagnosis_enc" text,
	"reviewed_at" timestamp with time zone,
	"failure_reason" text,
	"department" text,
	"workflow_id" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"filed_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chronic_application_details" (
	"application_id" uuid PRIMARY KEY NOT NULL,
	"disease_code" text NOT NULL,
	"disease_name" text NOT NULL,
	"institution_code" text NOT NULL,
	"institution_name" text NOT NULL,
	"hosp_ide_date" date,
	"diag_dr_codg" text,
	"diag_dr_name" text
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_key" text NOT NULL,
	"recipient_account_id" uuid,
	"recipient_role" text,
	"application_id" uuid,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "disease_catalogue_syncs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_version" text NOT NULL,
	"to_version" text NOT NULL,
	"record_count" integer NOT NULL,
	"trigger" text NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "diseases" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"major_class_code" text,
	"major_class_name" text,
	"sub_class_name" text,
	"admdvs" text,
	"valid" boolean NOT NULL,
	"record_id" text,
	"version" text NOT NULL,
	"version_name" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text,
	"admdvs" text NOT NULL,
	"valid" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_account_id" uuid,
	"actor_role" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"outcome" text NOT NULL,
	"ip" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_locks" (
	"key" text PRIMARY KEY NOT NULL,
	"locked_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dual_channel_permissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"doctor_account_id" uuid NOT NULL,
	"granted_by" uuid,
	"granted_at" timestamp with time zone NOT NULL,
	"revoked_by" uuid,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "minor_access_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_account_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"reason" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"valid_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "minor_access_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"grant_id" uuid,
	"staff_account_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patient_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"policy_version" text NOT NULL,
	"guardian_account_id" uuid NOT NULL,
	"guardian_patient_id" uuid,
	"granted_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"account_id" uuid NOT NULL,
	"restriction" text,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text
);
--> statement-breakpoint
CREATE TABLE "sms_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone_blind" text NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_account_id_user_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."user_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_status_history" ADD CONSTRAINT "application_status_history_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_applicant_account_id_user_accounts_id_fk" FOREIGN KEY ("applicant_account_id") REFERENCES "public"."user_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_reviewer_account_id_user_accounts_id_fk" FOREIGN KEY ("reviewer_account_id") REFERENCES "public"."user_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chronic_application_details" ADD CONSTRAINT "chronic_application_details_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dual_channel_permissions" ADD CONSTRAINT "dual_channel_permissions_doctor_account_id_user_accounts_id_fk" FOREIGN KEY ("doctor_account_id") REFERENCES "public"."user_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dual_channel_permissions" ADD CONSTRAINT "dual_channel_permissions_granted_by_user_accounts_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."user_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dual_channel_permissions" ADD CONSTRAINT "dual_channel_permissions_revoked_by_user_accounts_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."user_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minor_access_grants" ADD CONSTRAINT "minor_access_grants_staff_account_id_user_accounts_id_fk" FOREIGN KEY ("staff_account_id") REFERENCES "public"."user_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minor_access_grants" ADD CONSTRAINT "minor_access_grants_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minor_access_grants" ADD CONSTRAINT "minor_access_grants_approved_by_user_accounts_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."user_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minor_access_logs" ADD CONSTRAINT "minor_access_logs_grant_id_minor_access_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."minor_access_grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minor_access_logs" ADD CONSTRAINT "minor_access_logs_staff_account_id_user_accounts_id_fk" FOREIGN KEY ("staff_account_id") REFERENCES "public"."user_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minor_access_logs" ADD CONSTRAINT "minor_access_logs_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_consents" ADD CONSTRAINT "patient_consents_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_consents" ADD CONSTRAINT "patient_consents_guardian_account_id_user_accounts_id_fk" FOREIGN KEY ("guardian_account_id") REFERENCES "public"."user_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_consents" ADD CONSTRAINT "patient_consents_guardian_patient_id_patients_id_fk" FOREIGN KEY ("guardian_patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_account_id_user_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."user_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "patients_account_person_key" ON "patients" USING btree ("account_id","id_no_blind");--> statement-breakpoint
CREATE INDEX "patients_id_no_blind_idx" ON "patients" USING btree ("id_no_blind");--> statement-breakpoint
CREATE INDEX "patients_name_blind_idx" ON "patients" USING btree ("name_blind");--> statement-breakpoint
CREATE UNIQUE INDEX "user_accounts_username_key" ON "user_accounts" USING btree ("username");--> statement-breakpoint
CREATE UNIQUE INDEX "user_accounts_staff_no_key" ON "user_accounts" USING btree ("staff_no");--> statement-breakpoint
CREATE UNIQUE INDEX "user_accounts_phone_blind_key" ON "user_accounts" USING btree ("phone_blind");--> statement-breakpoint
CREATE UNIQUE INDEX "user_accounts_wechat_openid_key" ON "user_accounts" USING btree ("wechat_openid");--> statement-breakpoint
CREATE UNIQUE INDEX "application_status_history_event_key" ON "application_status_history" USING btree ("event_key");--> statement-breakpoint
CREATE INDEX "application_status_history_application_idx" ON "application_status_history" USING btree ("application_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_application_no_key" ON "applications" USING btree ("application_no");--> statement-breakpoint
CREATE INDEX "applications_kind_status_idx" ON "applications" USING btree ("kind","status","submitted_at");--> statement-breakpoint
CREATE INDEX "applications_patient_idx" ON "applications" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "applications_applicant_idx" ON "applications" USING btree ("applicant_account_id");--> statement-breakpoint
CREATE INDEX "applications_sync_idx" ON "applications" USING btree ("yibao_sync_status") WHERE "applications"."status" = 'filing_failed';--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_event_key" ON "notifications" USING btree ("event_key");--> statement-breakpoint
CREATE INDEX "diseases_valid_idx" ON "diseases" USING btree ("valid","code");--> statement-breakpoint
CREATE UNIQUE INDEX "institutions_name_key" ON "institutions" USING btree ("name");--> statement-breakpoint
CREATE INDEX "audit_logs_at_idx" ON "audit_logs" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_logs_action_at_idx" ON "audit_logs" USING btree ("action","at");--> statement-breakpoint
CREATE INDEX "audit_logs_actor_at_idx" ON "audit_logs" USING btree ("actor_account_id","at");--> statement-breakpoint
CREATE INDEX "auth_events_kind_key_at_idx" ON "auth_events" USING btree ("kind","key","at");--> statement-breakpoint
CREATE UNIQUE INDEX "dual_channel_permissions_active_key" ON "dual_channel_permissions" USING btree ("doctor_account_id") WHERE "dual_channel_permissions"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "minor_access_grants_staff_patient_idx" ON "minor_access_grants" USING btree ("staff_account_id","patient_id");--> statement-breakpoint
CREATE INDEX "minor_access_logs_at_idx" ON "minor_access_logs" USING btree ("at");--> statement-breakpoint
CREATE INDEX "patient_consents_patient_idx" ON "patient_consents" USING btree ("patient_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_account_idx" ON "sessions" USING btree ("account_id") WHERE "sessions"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "sms_codes_phone_idx" ON "sms_codes" USING btree ("phone_blind","created_at");