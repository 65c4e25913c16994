import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The restrictions of a work status step hold only the functional limits the API knows (loads,
 * durations, postures and physical demands as codes, tasks to avoid): a row with any other key, or
 * an unknown posture or demand, is refused by the database too, so no path can store a diagnosis
 * there. Every row written so far has only known keys (the service copies them by name).
 */
export class WorkStatusRestrictionsShape1795657290000 implements MigrationInterface {
  name = 'WorkStatusRestrictionsShape1795657290000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "work_status_period" ADD CONSTRAINT "CHK_work_status_period_restrictions" CHECK (
        jsonb_typeof("restrictions") = 'object'
        AND ("restrictions" - ARRAY['maxLiftKg', 'maxCarryKg', 'maxPushPullKg', 'maxSittingMinutes',
             'maxStandingMinutes', 'maxWalkingMinutes', 'maxScreenMinutes', 'posturesAvoided',
             'physicalDemandsAvoided', 'tasksAvoided']) = '{}'::jsonb
        AND jsonb_typeof(coalesce("restrictions"->'posturesAvoided', '[]'::jsonb)) = 'array'
        AND coalesce("restrictions"->'posturesAvoided', '[]'::jsonb) <@ '["bending", "twisting",
             "kneeling", "squatting", "crawling", "climbing_ladders", "climbing_stairs",
             "overhead_work", "reaching"]'::jsonb
        AND jsonb_typeof(coalesce("restrictions"->'physicalDemandsAvoided', '[]'::jsonb)) = 'array'
        AND coalesce("restrictions"->'physicalDemandsAvoided', '[]'::jsonb) <@ '["lifting",
             "sitting", "standing", "screen_work", "repetitive_arm_work"]'::jsonb)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "work_status_period" DROP CONSTRAINT "CHK_work_status_period_restrictions"`,
    );
  }
}
