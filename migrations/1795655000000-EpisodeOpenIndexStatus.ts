import type { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_COLUMNS = `"employer_id", "next_due_on", "referral_date", "id"`;

/**
 * The index of open episodes by employer and next due date also holds each episode's status, so
 * the counts per status of HR's dashboard come from the index alone (an index-only scan of the
 * employer's open episodes) instead of visiting every episode row. The order of the index, and so
 * of the dashboard's page, is unchanged: `id` before `status` is unique.
 */
export class EpisodeOpenIndexStatus1795655000000 implements MigrationInterface {
  name = 'EpisodeOpenIndexStatus1795655000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_episode_open_next_due"`);
    await queryRunner.query(`
      CREATE INDEX "IDX_episode_open_next_due" ON "episode" (${OLD_COLUMNS}, "status")
        WHERE "status" <> 'closed'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_episode_open_next_due"`);
    await queryRunner.query(`
      CREATE INDEX "IDX_episode_open_next_due" ON "episode" (${OLD_COLUMNS})
        WHERE "status" <> 'closed'`);
  }
}
