import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Progress on a plan: the physiotherapist's sessions and the hours worked per week. */
export class Progress1795648000000 implements MigrationInterface {
  name = 'Progress1795648000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "progress_entry" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "episode_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "session_date" date,
        "week_start" date,
        "quotas" jsonb NOT NULL DEFAULT '[]',
        "nrs_pain" smallint,
        "psfs" numeric(3,1),
        "adherence_percent" smallint,
        "clinical_note" text,
        "hours_worked" numeric(4,1),
        "recorded_by" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "PK_progress_entry" PRIMARY KEY ("id"),
        CONSTRAINT "FK_progress_entry_episode" FOREIGN KEY ("episode_id") REFERENCES "episode"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_progress_entry_kind" CHECK ("kind" IN ('session', 'hours')),
        CONSTRAINT "CHK_progress_entry_shape" CHECK (("kind" = 'session' AND "session_date" IS NOT NULL AND "week_start" IS NULL AND "hours_worked" IS NULL) OR ("kind" = 'hours' AND "week_start" IS NOT NULL AND "hours_worked" IS NOT NULL AND "session_date" IS NULL AND "nrs_pain" IS NULL AND "psfs" IS NULL AND "adherence_percent" IS NULL AND "clinical_note" IS NULL AND "quotas" = '[]')),
        CONSTRAINT "CHK_progress_entry_ranges" CHECK (("nrs_pain" IS NULL OR "nrs_pain" BETWEEN 0 AND 10) AND ("psfs" IS NULL OR "psfs" BETWEEN 0 AND 10) AND ("adherence_percent" IS NULL OR "adherence_percent" BETWEEN 0 AND 100) AND ("hours_worked" IS NULL OR "hours_worked" BETWEEN 0 AND 80))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_progress_entry_episode" ON "progress_entry" ("episode_id", "kind")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_progress_entry_hours_week" ON "progress_entry" ("episode_id", "week_start") WHERE "kind" = 'hours'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "progress_entry"`);
  }
}
