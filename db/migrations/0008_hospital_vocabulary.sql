-- hand-written: hospital names replace the Yibao wire names in our own tables (data preserved). drizzle-kit
-- generates renames only interactively, so this file was made with `drizzle-kit generate --custom` and the
-- snapshot renamed to match; `npm run db:generate` finds no difference afterwards.
ALTER TABLE "applications" RENAME COLUMN "psn_no" TO "insured_person_no";
--> statement-breakpoint
ALTER TABLE "applications" RENAME COLUMN "insutype" TO "insurance_type";
--> statement-breakpoint
ALTER TABLE "applications" RENAME COLUMN "insuplc_admdvs" TO "insured_area_code";
--> statement-breakpoint
ALTER TABLE "chronic_application_details" RENAME COLUMN "hosp_ide_date" TO "assessment_date";
--> statement-breakpoint
ALTER TABLE "chronic_application_details" RENAME COLUMN "diag_dr_codg" TO "diagnosing_doctor_staff_no";
--> statement-breakpoint
ALTER TABLE "chronic_application_details" RENAME COLUMN "diag_dr_name" TO "diagnosing_doctor_name";
--> statement-breakpoint
ALTER TABLE "dual_channel_application_details" RENAME COLUMN "appy_date" TO "application_date";
--> statement-breakpoint
ALTER TABLE "dual_channel_application_details" RENAME COLUMN "cond_abst_enc" TO "diagnosis_basis_enc";
--> statement-breakpoint
ALTER TABLE "dual_channel_application_details" RENAME COLUMN "appy_lmt" TO "application_limits";
--> statement-breakpoint
ALTER TABLE "dual_channel_application_details" RENAME COLUMN "agent_cert_type" TO "agent_document_type";
--> statement-breakpoint
ALTER TABLE "dual_channel_application_details" RENAME COLUMN "agent_cert_no_enc" TO "agent_document_no_enc";
--> statement-breakpoint
ALTER TABLE "dual_channel_application_details" RENAME COLUMN "agent_tel_enc" TO "agent_phone_enc";
--> statement-breakpoint
ALTER TABLE "dual_channel_application_details" RENAME COLUMN "agent_addr_enc" TO "agent_address_enc";
--> statement-breakpoint
ALTER TABLE "dual_channel_application_drugs" RENAME COLUMN "med_list_codg" TO "drug_code";
--> statement-breakpoint
ALTER TABLE "dual_channel_application_drugs" RENAME COLUMN "med_list_name" TO "drug_name";
--> statement-breakpoint
ALTER TABLE "dual_channel_application_institutions" RENAME COLUMN "fixmedins_code" TO "institution_code";
--> statement-breakpoint
ALTER TABLE "dual_channel_application_institutions" RENAME COLUMN "fixmedins_name" TO "institution_name";
--> statement-breakpoint
ALTER TABLE "dual_channel_application_institutions" RENAME COLUMN "poolarea_no" TO "pooling_area_code";
--> statement-breakpoint
ALTER TABLE "dual_channel_institutions" RENAME COLUMN "poolarea_no" TO "pooling_area_code";
--> statement-breakpoint
ALTER TABLE "patients" RENAME COLUMN "psn_no" TO "insured_person_no";
--> statement-breakpoint
ALTER TABLE "dual_channel_application_drugs" RENAME CONSTRAINT "dual_channel_application_drugs_application_id_med_list_codg_pk" TO "dual_channel_application_drugs_application_id_drug_code_pk";
--> statement-breakpoint
ALTER TABLE "dual_channel_application_institutions" RENAME CONSTRAINT "dual_channel_application_institutions_application_id_fixmedins_code_pk" TO "dual_channel_application_institutions_application_id_institution_code_pk";
