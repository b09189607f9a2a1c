CREATE SEQUENCE "public"."yibao_msgid_block_seq" INCREMENT BY 1 MINVALUE 0 MAXVALUE 499 START WITH 0 CACHE 1 CYCLE;--> statement-breakpoint
DROP SEQUENCE "public"."yibao_msgid_seq";