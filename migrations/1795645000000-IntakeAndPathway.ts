import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake and pathway: the episode's contract hours, statutory clock (NL 28-day rule) and expected
 * full return; one open episode per employee; the work status timeline; the physiotherapist's
 * triage (red flags, rehabilitation potential); the pathway recommendation with the doctor's
 * override; instruments assigned to the employee; in-app notifications; employee CSV imports.
 */
export class IntakeAndPathway1795645000000 implements MigrationInterface {
  name = 'IntakeAndPathway1795645000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Episodes: existing rows take the employee's current contract hours and start their clock on
    // their own absence start; then the columns become strict.
    await queryRunner.query(`ALTER TABLE "episode" ADD "contract_hours" numeric(4,1)`);
    await queryRunner.query(`ALTER TABLE "episode" ADD "clock_start" date`);
    await queryRunner.query(`ALTER TABLE "episode" ADD "continues_episode_id" uuid`);
    await queryRunner.query(`ALTER TABLE "episode" ADD "expected_full_return" date`);
    await queryRunner.query(`
      UPDATE "episode" ep SET "contract_hours" = e."contract_hours", "clock_start" = ep."absence_start"
        FROM "employee" e WHERE e."id" = ep."employee_id"`);
    await queryRunner.query(`ALTER TABLE "episode" ALTER COLUMN "contract_hours" SET NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE "episode"
        ADD CONSTRAINT "CHK_episode_contract_hours" CHECK ("contract_hours" > 0 AND "contract_hours" <= 60),
        ADD CONSTRAINT "CHK_episode_clock" CHECK (("absence_start" IS NULL) = ("clock_start" IS NULL) AND "clock_start" <= "absence_start"),
        ADD CONSTRAINT "FK_episode_continues_episode" FOREIGN KEY ("continues_episode_id") REFERENCES "episode"("id") ON DELETE RESTRICT`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_episode_employee_open" ON "episode" ("employee_id") WHERE "status" <> 'closed'`,
    );

    await queryRunner.query(`
      CREATE TABLE "work_status_period" (
        "episode_id" uuid NOT NULL,
        "effective_from" date NOT NULL,
        "status" text NOT NULL,
        "percent_of_contract" integer NOT NULL,
        "restrictions" jsonb NOT NULL DEFAULT '{}',
        "recorded_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_work_status_period" PRIMARY KEY ("episode_id", "effective_from"),
        CONSTRAINT "FK_work_status_period_episode" FOREIGN KEY ("episode_id") REFERENCES "episode"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_work_status_period_status" CHECK ("status" IN ('absent', 'partial', 'full_duty')),
        CONSTRAINT "CHK_work_status_period_percent" CHECK (("status" = 'absent' AND "percent_of_contract" = 0) OR ("status" = 'partial' AND "percent_of_contract" > 0 AND "percent_of_contract" < 100) OR ("status" = 'full_duty' AND "percent_of_contract" = 100))
      )`);
    // Existing episodes start their timeline as the episode began: absent from the absence start,
    // or at work on the referral date for a preventive episode.
    await queryRunner.query(`
      INSERT INTO "work_status_period" ("episode_id", "effective_from", "status", "percent_of_contract", "recorded_by")
      SELECT ep."id", coalesce(ep."absence_start", ep."referral_date"),
             CASE WHEN ep."absence_start" IS NULL THEN 'full_duty' ELSE 'absent' END,
             CASE WHEN ep."absence_start" IS NULL THEN 100 ELSE 0 END,
             NULL
        FROM "episode" ep`);

    await queryRunner.query(`
      CREATE TABLE "triage_assessment" (
        "episode_id" uuid NOT NULL,
        "screened_regions" text array,
        "red_flag_answers" jsonb,
        "red_flags_present" text array NOT NULL DEFAULT '{}',
        "red_flag_emergency" boolean NOT NULL DEFAULT false,
        "screened_at" TIMESTAMP WITH TIME ZONE,
        "screened_by" uuid,
        "red_flags_cleared_at" TIMESTAMP WITH TIME ZONE,
        "red_flags_cleared_by" uuid,
        "clearance_reason" text,
        "rehabilitation_potential" text,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "PK_triage_assessment" PRIMARY KEY ("episode_id"),
        CONSTRAINT "FK_triage_assessment_episode" FOREIGN KEY ("episode_id") REFERENCES "episode"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_triage_assessment_clearance" CHECK (("red_flags_cleared_at" IS NULL) = ("red_flags_cleared_by" IS NULL) AND ("red_flags_cleared_at" IS NULL OR cardinality("red_flags_present") > 0)),
        CONSTRAINT "CHK_triage_assessment_rehabilitation_potential" CHECK ("rehabilitation_potential" IS NULL OR "rehabilitation_potential" IN ('good', 'moderate', 'low'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_triage_assessment_urgent" ON "triage_assessment" ("episode_id") WHERE cardinality("red_flags_present") > 0 AND "red_flags_cleared_at" IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE "pathway_recommendation" (
        "episode_id" uuid NOT NULL,
        "pathway" text NOT NULL,
        "chronicity_risk" text,
        "components" jsonb NOT NULL,
        "fired_rules" text array NOT NULL,
        "missing_inputs" text array NOT NULL,
        "inputs" jsonb NOT NULL,
        "evaluated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "override_pathway" text,
        "override_reason" text,
        "overridden_by" uuid,
        "overridden_at" TIMESTAMP WITH TIME ZONE,
        "version" integer NOT NULL,
        CONSTRAINT "PK_pathway_recommendation" PRIMARY KEY ("episode_id"),
        CONSTRAINT "FK_pathway_recommendation_episode" FOREIGN KEY ("episode_id") REFERENCES "episode"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_pathway_recommendation_pathway" CHECK ("pathway" IN ('urgent_referral', 'multidisciplinary', 'physio_led', 'undetermined')),
        CONSTRAINT "CHK_pathway_recommendation_override" CHECK (("override_pathway" IS NULL) = ("override_reason" IS NULL) AND ("override_pathway" IS NULL) = ("overridden_by" IS NULL) AND ("override_pathway" IS NULL OR "override_pathway" IN ('multidisciplinary', 'physio_led')))
      )`);

    await queryRunner.query(`
      CREATE TABLE "questionnaire_assignment" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "episode_id" uuid NOT NULL,
        "instrument" text NOT NULL,
        "due_on" date,
        "assigned_by" uuid NOT NULL,
        "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "completed_at" TIMESTAMP WITH TIME ZONE,
        "response_id" uuid,
        "cancelled_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_questionnaire_assignment" PRIMARY KEY ("id"),
        CONSTRAINT "FK_questionnaire_assignment_episode" FOREIGN KEY ("episode_id") REFERENCES "episode"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_questionnaire_assignment_response" FOREIGN KEY ("response_id") REFERENCES "questionnaire_response"("id"),
        CONSTRAINT "CHK_questionnaire_assignment_instrument" CHECK ("instrument" IN ('start_back', 'ompsq_10', 'odi', 'ndi', 'nrs_pain', 'psfs', 'work_ability')),
        CONSTRAINT "CHK_questionnaire_assignment_completion" CHECK (("completed_at" IS NULL) = ("response_id" IS NULL) AND NOT ("completed_at" IS NOT NULL AND "cancelled_at" IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_questionnaire_assignment_episode" ON "questionnaire_assignment" ("episode_id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_questionnaire_assignment_pending" ON "questionnaire_assignment" ("episode_id", "instrument") WHERE "completed_at" IS NULL AND "cancelled_at" IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE "notification" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "recipient_user_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "subject_key" text NOT NULL,
        "episode_id" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "read_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_notification" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_notification_recipient_kind_subject" UNIQUE ("recipient_user_id", "kind", "subject_key"),
        CONSTRAINT "FK_notification_recipient" FOREIGN KEY ("recipient_user_id") REFERENCES "app_user"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_notification_episode" FOREIGN KEY ("episode_id") REFERENCES "episode"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_notification_recipient_unread" ON "notification" ("recipient_user_id", "created_at") WHERE "read_at" IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE "employee_import" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "employer_id" uuid NOT NULL,
        "uploaded_by" uuid NOT NULL,
        "file_name" text,
        "file_sha256" text NOT NULL,
        "content" bytea,
        "status" text NOT NULL DEFAULT 'queued',
        "total_rows" integer,
        "processed_rows" integer NOT NULL DEFAULT 0,
        "created_count" integer NOT NULL DEFAULT 0,
        "updated_count" integer NOT NULL DEFAULT 0,
        "unchanged_count" integer NOT NULL DEFAULT 0,
        "errors" jsonb NOT NULL DEFAULT '[]',
        "failure" jsonb,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "finished_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_employee_import" PRIMARY KEY ("id"),
        CONSTRAINT "FK_employee_import_employer" FOREIGN KEY ("employer_id") REFERENCES "organisation"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_employee_import_status" CHECK ("status" IN ('queued', 'running', 'completed', 'failed'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_employee_import_employer" ON "employee_import" ("employer_id", "created_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "employee_import"`);
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`DROP TABLE "questionnaire_assignment"`);
    await queryRunner.query(`DROP TABLE "pathway_recommendation"`);
    await queryRunner.query(`DROP TABLE "triage_assessment"`);
    await queryRunner.query(`DROP TABLE "work_status_period"`);
    await queryRunner.query(`DROP INDEX "UQ_episode_employee_open"`);
    await queryRunner.query(`
      ALTER TABLE "episode"
        DROP CONSTRAINT "FK_episode_continues_episode",
        DROP CONSTRAINT "CHK_episode_clock",
        DROP CONSTRAINT "CHK_episode_contract_hours",
        DROP COLUMN "expected_full_return",
        DROP COLUMN "continues_episode_id",
        DROP COLUMN "clock_start",
        DROP COLUMN "contract_hours"`);
  }
}
