ALTER TABLE "dual_channel_application_details" ADD COLUMN "filed_diagnosis_basis_enc" text;--> statement-breakpoint
ALTER TABLE "dual_channel_application_details" ADD COLUMN "employer_no" text;--> statement-breakpoint
-- hand-written: a dual-channel application's `applications.address_enc` held the agent's address (also kept in
-- `agent_address_enc`); it is now the patient's own contact address, which earlier applications did not ask
-- for, so theirs is emptied (null). They are filed as before: with the agent's address as 2511 `addr`.
UPDATE "applications" SET "address_enc" = NULL WHERE "kind" = 'dual_channel';--> statement-breakpoint
-- hand-written: applications approved before the doctor confirmed the diagnosis basis file the patient's text
-- as before.
UPDATE "dual_channel_application_details" SET "filed_diagnosis_basis_enc" = "diagnosis_basis_enc"
WHERE "doctor1_staff_no" IS NOT NULL;
