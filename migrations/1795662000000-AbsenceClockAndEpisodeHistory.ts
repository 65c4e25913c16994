import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The absence clock follows the work-status timeline, obligations carry over between episodes that
 * share a clock, and every status change and clock decision is kept on the episode's history.
 *
 * - `episode.clock_start` may now lie after `absence_start` (a relapse on the same episode after a
 *   long return starts a new clock) and may be set on an episode that opened at work (a preventive
 *   episode whose employee later falls ill).
 * - `episode.clock_pauses`: the days at work between Dutch sickness periods added together on the
 *   clock in force (BW 7:629 lid 10); deadlines counted from the first sick day skip them.
 * - `checkpoint.clock_start`: the clock a checkpoint counted from the first sick day belongs to.
 *   The same rule may fall due once per clock on one episode, so uniqueness includes it.
 * - `checkpoint.carried_from_id`: the checkpoint of the earlier episode an obligation came from.
 * - `episode_event`: status changes (manual or automatic, with their cause) and absence-clock
 *   decisions (started or continued, with the days back at work).
 */
export class AbsenceClockAndEpisodeHistory1795662000000 implements MigrationInterface {
  name = 'AbsenceClockAndEpisodeHistory1795662000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "episode" DROP CONSTRAINT "CHK_episode_clock"`);
    await queryRunner.query(`
      ALTER TABLE "episode" ADD CONSTRAINT "CHK_episode_clock"
        CHECK ("absence_start" IS NULL OR "clock_start" IS NOT NULL)`);

    await queryRunner.query(`ALTER TABLE "episode" ADD "clock_pauses" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "checkpoint" ADD "clock_start" date`);
    await queryRunner.query(`ALTER TABLE "checkpoint" ADD "carried_from_id" uuid`);
    await queryRunner.query(`
      ALTER TABLE "checkpoint" ADD CONSTRAINT "FK_checkpoint_carried_from"
        FOREIGN KEY ("carried_from_id") REFERENCES "checkpoint"("id") ON DELETE SET NULL`);
    await queryRunner.query(`
      UPDATE "checkpoint" c SET "clock_start" = ep."clock_start"
        FROM "episode" ep
       WHERE ep."id" = c."episode_id" AND c."anchor" = 'sickness_day_1'`);
    await queryRunner.query(
      `ALTER TABLE "checkpoint" DROP CONSTRAINT "UQ_checkpoint_episode_rule_occurrence"`,
    );
    await queryRunner.query(`
      CREATE UNIQUE INDEX "UQ_checkpoint_episode_rule_clock"
        ON "checkpoint" ("episode_id", "rule_key", "occurrence", "clock_start")
        WHERE "clock_start" IS NOT NULL`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "UQ_checkpoint_episode_rule"
        ON "checkpoint" ("episode_id", "rule_key", "occurrence")
        WHERE "clock_start" IS NULL`);

    await queryRunner.query(`
      CREATE TABLE "episode_event" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "episode_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "cause" text NOT NULL,
        "from_status" text,
        "to_status" text,
        "clock_start" date,
        "effective_on" date,
        "days_back_at_work" integer,
        "actor_id" uuid,
        "recorded_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "PK_episode_event" PRIMARY KEY ("id"),
        CONSTRAINT "FK_episode_event_episode" FOREIGN KEY ("episode_id")
          REFERENCES "episode"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_episode_event_kind" CHECK ("kind" IN ('status_changed', 'absence_clock_started', 'absence_clock_continued', 'absence_clock_withdrawn')),
        CONSTRAINT "CHK_episode_event_status" CHECK (("kind" = 'status_changed') = ("to_status" IS NOT NULL AND "from_status" IS NOT NULL)),
        CONSTRAINT "CHK_episode_event_clock" CHECK (("kind" = 'status_changed') = ("clock_start" IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_episode_event_episode" ON "episode_event" ("episode_id", "recorded_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "episode_event"`);
    await queryRunner.query(`DROP INDEX "UQ_checkpoint_episode_rule"`);
    await queryRunner.query(`DROP INDEX "UQ_checkpoint_episode_rule_clock"`);
    // A rule falls due once per episode again: of a rule's rows under several clocks, the one of
    // the clock in force stays (else the latest clock's), so what is due now is kept.
    await queryRunner.query(`
      DELETE FROM "checkpoint" c
       USING "episode" ep
       WHERE ep."id" = c."episode_id" AND c."clock_start" IS NOT NULL
         AND EXISTS (
               SELECT 1 FROM "checkpoint" other
                WHERE other."episode_id" = c."episode_id" AND other."rule_key" = c."rule_key"
                  AND other."occurrence" = c."occurrence" AND other."id" <> c."id"
                  AND (other."clock_start" = ep."clock_start"
                       OR (c."clock_start" IS DISTINCT FROM ep."clock_start"
                           AND other."clock_start" > c."clock_start")))`);
    await queryRunner.query(`
      ALTER TABLE "checkpoint" ADD CONSTRAINT "UQ_checkpoint_episode_rule_occurrence"
        UNIQUE ("episode_id", "rule_key", "occurrence")`);
    await queryRunner.query(
      `ALTER TABLE "checkpoint" DROP CONSTRAINT "FK_checkpoint_carried_from"`,
    );
    await queryRunner.query(`ALTER TABLE "checkpoint" DROP COLUMN "carried_from_id"`);
    await queryRunner.query(`ALTER TABLE "checkpoint" DROP COLUMN "clock_start"`);
    await queryRunner.query(`ALTER TABLE "episode" DROP COLUMN "clock_pauses"`);
    await queryRunner.query(`ALTER TABLE "episode" DROP CONSTRAINT "CHK_episode_clock"`);
    await queryRunner.query(`
      UPDATE "episode" SET "clock_start" = "absence_start"
       WHERE "absence_start" IS NULL OR "clock_start" > "absence_start"`);
    await queryRunner.query(`
      ALTER TABLE "episode" ADD CONSTRAINT "CHK_episode_clock"
        CHECK (("absence_start" IS NULL) = ("clock_start" IS NULL) AND "clock_start" <= "absence_start")`);
  }
}
