import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The episode lifecycle in the database: a close reason exactly when closed, and a trigger that
 * refuses any status change the lifecycle table does not allow (src/modules/episodes/episode-lifecycle.ts;
 * a test checks the two agree).
 */
export class EpisodeLifecycle1795643000000 implements MigrationInterface {
  name = 'EpisodeLifecycle1795643000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "episode" ADD "close_reason" text`);
    await queryRunner.query(`
      ALTER TABLE "episode" ADD CONSTRAINT "CHK_episode_close_reason"
        CHECK (("status" = 'closed') = ("close_reason" IS NOT NULL) AND ("close_reason" IS NULL OR "close_reason" IN ('full_rtw', 'partial_rtw', 'not_returned', 'withdrawn', 'referred_out')))`);
    await queryRunner.query(`
      CREATE FUNCTION "episode_status_transition"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status IS DISTINCT FROM OLD.status AND (OLD.status, NEW.status) NOT IN (
          ('referred','intake'), ('referred','closed'), ('intake','active'), ('intake','closed'),
          ('active','monitoring'), ('active','closed'), ('monitoring','active'), ('monitoring','closed')
        ) THEN
          RAISE EXCEPTION 'episode cannot move from % to %', OLD.status, NEW.status USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "TRG_episode_status_transition" BEFORE UPDATE OF "status" ON "episode"
      FOR EACH ROW EXECUTE FUNCTION "episode_status_transition"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_episode_status_transition" ON "episode"`);
    await queryRunner.query(`DROP FUNCTION "episode_status_transition"()`);
    await queryRunner.query(`ALTER TABLE "episode" DROP CONSTRAINT "CHK_episode_close_reason"`);
    await queryRunner.query(`ALTER TABLE "episode" DROP COLUMN "close_reason"`);
  }
}
