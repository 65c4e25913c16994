import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Checkpoints and the job pipeline: checkpoint templates as versioned data (with the first version
 * of the Dutch Poortwachter, the Belgian re-integration trajectory and the clinical reviews), the
 * dated events of a trajectory, checkpoints with their moves, sign-offs and reminders, the
 * transactional outbox, the e-mail state of a notification and the mail capture of the demo and
 * tests.
 */
export class Checkpoints1795650000000 implements MigrationInterface {
  name = 'Checkpoints1795650000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "checkpoint_template" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "code" text NOT NULL,
        "version" integer NOT NULL,
        "category" text NOT NULL,
        "jurisdiction" text,
        "legal_source" text NOT NULL,
        "select_by" text NOT NULL,
        "valid_from" date NOT NULL,
        "valid_to" date,
        "rules" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_checkpoint_template" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_checkpoint_template_code_version" UNIQUE ("code", "version"),
        CONSTRAINT "CHK_checkpoint_template_category" CHECK ("category" IN ('statutory', 'clinical')),
        CONSTRAINT "CHK_checkpoint_template_jurisdiction" CHECK ("jurisdiction" IS NULL OR "jurisdiction" IN ('BE', 'NL')),
        CONSTRAINT "CHK_checkpoint_template_validity" CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from")
      )`);
    // A template version is never edited: a change in the law is a new version.
    await queryRunner.query(
      `REVOKE UPDATE, DELETE, TRUNCATE ON "checkpoint_template" FROM rtw_runtime`,
    );
    await queryRunner.query(`
      INSERT INTO "checkpoint_template"
        ("code", "version", "category", "jurisdiction", "legal_source", "select_by", "valid_from", "valid_to", "rules")
      VALUES
      ('nl_poortwachter', 1, 'statutory', 'NL',
       'Wet verbetering poortwachter: BW 7:629 and 7:658a; Regeling procesgang eerste en tweede ziektejaar',
       'sickness_day_1', DATE '2002-04-01', NULL,
       '[{"key": "nl_absence_report", "title": "Absence reported to the occupational health service", "anchor": "sickness_day_1", "due": {"day": 7}, "participants": ["hr"]}, {"key": "nl_problem_analysis", "title": "Problem analysis by the company doctor", "anchor": "sickness_day_1", "due": {"day": 42}, "participants": ["occupational_doctor", "employee"]}, {"key": "nl_plan_of_action", "title": "Plan of action signed", "anchor": "sickness_day_1", "due": {"day": 56}, "participants": ["hr", "occupational_doctor", "employee"]}, {"key": "nl_plan_evaluation", "title": "Evaluation of the plan of action", "anchor": "sickness_day_1", "due": {"day": 98}, "repeat": {"everyDays": 42, "through": {"day": 728}}, "participants": ["hr", "occupational_doctor", "employee"]}, {"key": "nl_week_42_notification", "title": "42nd-week notification to UWV", "anchor": "sickness_day_1", "due": {"day": 295}, "workingDay": true, "participants": ["hr"]}, {"key": "nl_first_year_evaluation", "title": "First-year evaluation", "anchor": "sickness_day_1", "opens": {"day": 316}, "due": {"day": 364}, "participants": ["hr", "occupational_doctor", "employee"]}, {"key": "nl_current_assessment", "title": "Current assessment by the company doctor", "anchor": "sickness_day_1", "due": {"day": 637}, "participants": ["occupational_doctor", "employee"]}, {"key": "nl_wia_application", "title": "Deadline for the WIA application", "anchor": "sickness_day_1", "due": {"day": 651}, "participants": ["hr", "employee"]}, {"key": "nl_wage_continuation_end", "title": "End of wage continuation", "anchor": "sickness_day_1", "due": {"day": 728}, "participants": ["hr"]}]'::jsonb),
      ('be_reintegration', 1, 'statutory', 'BE',
       'KB 11 September 2022 on re-integration (in force 1 October 2022); Codex welzijn op het werk / code du bien-être au travail I.4-72 ff.',
       'sickness_day_1', DATE '2022-10-01', NULL,
       '[{"key": "be_inform_occupational_doctor", "title": "Employer informs the occupational doctor (4 weeks of incapacity)", "anchor": "sickness_day_1", "due": {"day": 29}, "participants": ["hr"]}, {"key": "be_trajectory_possible", "title": "Employer may start a re-integration trajectory (3 months)", "anchor": "sickness_day_1", "due": {"monthsAfter": 3}, "kind": "earliest", "participants": ["hr"]}, {"key": "be_reintegration_assessment", "title": "Re-integration assessment by the occupational doctor", "anchor": "trajectory_requested", "due": {"daysAfter": 49}, "participants": ["occupational_doctor", "employee"]}, {"key": "be_plan_after_decision_a", "title": "Re-integration plan after decision A", "anchor": "decision_a", "due": {"daysAfter": 63}, "participants": ["hr", "occupational_doctor", "employee"]}, {"key": "be_plan_after_decision_b", "title": "Re-integration plan after decision B", "anchor": "decision_b", "due": {"monthsAfter": 6}, "participants": ["hr", "occupational_doctor", "employee"]}, {"key": "be_plan_acceptance", "title": "Worker accepts or refuses the re-integration plan", "anchor": "plan_offered", "due": {"daysAfter": 14}, "participants": ["employee"]}]'::jsonb),
      ('clinical_reviews', 1, 'clinical', NULL,
       'Clinical guideline: outcome re-measurement and three-party review at weeks 2, 6 and 12 of the graded activity plan and at planned full return',
       'plan_start', DATE '2000-01-01', NULL,
       '[{"key": "clinical_week_2", "title": "Clinical review, week 2 of the plan", "anchor": "plan_start", "due": {"day": 14}, "participants": ["hr", "physio", "occupational_doctor", "employee"]}, {"key": "clinical_week_6", "title": "Clinical review, week 6 of the plan", "anchor": "plan_start", "due": {"day": 42}, "participants": ["hr", "physio", "occupational_doctor", "employee"]}, {"key": "clinical_week_12", "title": "Clinical review, week 12 of the plan", "anchor": "plan_start", "due": {"day": 84}, "participants": ["hr", "physio", "occupational_doctor", "employee"]}, {"key": "clinical_full_return", "title": "Review at the planned full return", "anchor": "planned_full_return", "due": {"day": 1}, "participants": ["hr", "physio", "occupational_doctor", "employee"]}]'::jsonb)`);

    await queryRunner.query(`
      CREATE TABLE "episode_milestone" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "episode_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "occurred_on" date NOT NULL,
        "recorded_by" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "PK_episode_milestone" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_episode_milestone_episode_kind" UNIQUE ("episode_id", "kind"),
        CONSTRAINT "FK_episode_milestone_episode" FOREIGN KEY ("episode_id") REFERENCES "episode"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_episode_milestone_kind" CHECK ("kind" IN ('trajectory_requested', 'decision_a', 'decision_b', 'decision_c', 'plan_offered'))
      )`);

    await queryRunner.query(`
      CREATE TABLE "checkpoint" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "episode_id" uuid NOT NULL,
        "template_id" uuid NOT NULL,
        "rule_key" text NOT NULL,
        "occurrence" integer NOT NULL,
        "category" text NOT NULL,
        "kind" text NOT NULL,
        "anchor" text NOT NULL,
        "computed_due_on" date NOT NULL,
        "due_on" date NOT NULL,
        "opens_on" date,
        "participants" text array NOT NULL,
        "status" text NOT NULL DEFAULT 'planned',
        "outcome" text,
        "decided_by" uuid,
        "decided_at" TIMESTAMP WITH TIME ZONE,
        "cancel_reason" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "PK_checkpoint" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_checkpoint_episode_rule_occurrence" UNIQUE ("episode_id", "rule_key", "occurrence"),
        CONSTRAINT "FK_checkpoint_episode" FOREIGN KEY ("episode_id") REFERENCES "episode"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_checkpoint_template" FOREIGN KEY ("template_id") REFERENCES "checkpoint_template"("id"),
        CONSTRAINT "CHK_checkpoint_category" CHECK ("category" IN ('statutory', 'clinical')),
        CONSTRAINT "CHK_checkpoint_kind" CHECK ("kind" IN ('deadline', 'earliest')),
        CONSTRAINT "CHK_checkpoint_status" CHECK ("status" IN ('planned', 'completed', 'cancelled')),
        CONSTRAINT "CHK_checkpoint_outcome" CHECK (("status" = 'completed') = ("outcome" IS NOT NULL) AND ("outcome" IS NULL OR "outcome" IN ('continue', 'adjust_plan', 'escalate', 'close'))),
        CONSTRAINT "CHK_checkpoint_occurrence" CHECK ("occurrence" >= 1)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_checkpoint_planned_due" ON "checkpoint" ("due_on") WHERE "status" = 'planned'`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_checkpoint_episode" ON "checkpoint" ("episode_id")`);

    await queryRunner.query(`
      CREATE TABLE "checkpoint_move" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "checkpoint_id" uuid NOT NULL,
        "from_due_on" date NOT NULL,
        "to_due_on" date NOT NULL,
        "reason" text NOT NULL,
        "moved_by" uuid,
        "moved_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_checkpoint_move" PRIMARY KEY ("id"),
        CONSTRAINT "FK_checkpoint_move_checkpoint" FOREIGN KEY ("checkpoint_id") REFERENCES "checkpoint"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_checkpoint_move_checkpoint" ON "checkpoint_move" ("checkpoint_id")`,
    );

    await queryRunner.query(`
      CREATE TABLE "checkpoint_signoff" (
        "checkpoint_id" uuid NOT NULL,
        "participant" text NOT NULL,
        "user_id" uuid NOT NULL,
        "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_checkpoint_signoff" PRIMARY KEY ("checkpoint_id", "participant"),
        CONSTRAINT "FK_checkpoint_signoff_checkpoint" FOREIGN KEY ("checkpoint_id") REFERENCES "checkpoint"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_checkpoint_signoff_participant" CHECK ("participant" IN ('hr', 'physio', 'occupational_doctor', 'employee'))
      )`);

    await queryRunner.query(`
      CREATE TABLE "checkpoint_reminder" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "checkpoint_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "due_on" date NOT NULL,
        "enqueued_at" TIMESTAMP WITH TIME ZONE,
        "delivered_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_checkpoint_reminder" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_checkpoint_reminder_checkpoint_kind_due" UNIQUE ("checkpoint_id", "kind", "due_on"),
        CONSTRAINT "FK_checkpoint_reminder_checkpoint" FOREIGN KEY ("checkpoint_id") REFERENCES "checkpoint"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_checkpoint_reminder_kind" CHECK ("kind" IN ('due_soon', 'overdue'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_checkpoint_reminder_undelivered" ON "checkpoint_reminder" ("created_at") WHERE "delivered_at" IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE "outbox_event" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "topic" text NOT NULL,
        "payload" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "relayed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_outbox_event" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_outbox_event_pending" ON "outbox_event" ("id") WHERE "relayed_at" IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE "captured_mail" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "message_id" text NOT NULL,
        "to_address" text NOT NULL,
        "subject" text NOT NULL,
        "body" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_captured_mail" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `ALTER TABLE "notification" ADD "email_state" text NOT NULL DEFAULT 'none'`,
    );
    await queryRunner.query(`ALTER TABLE "notification" ADD "emailed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "CHK_notification_email_state" CHECK ("email_state" IN ('none', 'pending', 'sent'))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_notification_email_pending" ON "notification" ("created_at") WHERE "email_state" = 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_notification_email_pending"`);
    await queryRunner.query(
      `ALTER TABLE "notification" DROP CONSTRAINT "CHK_notification_email_state"`,
    );
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "emailed_at"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "email_state"`);
    await queryRunner.query(`DROP TABLE "captured_mail"`);
    await queryRunner.query(`DROP TABLE "outbox_event"`);
    await queryRunner.query(`DROP TABLE "checkpoint_reminder"`);
    await queryRunner.query(`DROP TABLE "checkpoint_signoff"`);
    await queryRunner.query(`DROP TABLE "checkpoint_move"`);
    await queryRunner.query(`DROP TABLE "checkpoint"`);
    await queryRunner.query(`DROP TABLE "episode_milestone"`);
    await queryRunner.query(`DROP TABLE "checkpoint_template"`);
  }
}
