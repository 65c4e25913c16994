import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an open episode waits for next (`next_due_kind`) and by when (`next_due_on`), kept on the
 * episode by the database whatever writes it: a physiotherapist on the care team, then the intake
 * (red-flag screen), then its earliest planned checkpoint, then the expected full return. HR's
 * dashboard lists an employer's open episodes soonest due first; stored and indexed, a page is
 * read from the index instead of working out every open episode's next step on each request.
 *
 * `episode_next_due` computes it. A row trigger on the episode fills it in on insert and when the
 * status, the referral date or the expected full return change; statement triggers on the care
 * team, the triage assessment and the checkpoints refresh the episodes a statement touched (and
 * write only where the value changed, so most checkpoint updates lock no episode row).
 */
export class EpisodeNextDue1795654000000 implements MigrationInterface {
  name = 'EpisodeNextDue1795654000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "episode" ADD "next_due_kind" text, ADD "next_due_on" date,
        ADD CONSTRAINT "CHK_episode_next_due_kind" CHECK ("next_due_kind" IN
          ('assign_care_team', 'intake', 'checkpoint', 'full_return')),
        ADD CONSTRAINT "CHK_episode_next_due" CHECK (("next_due_kind" IS NULL) = ("next_due_on" IS NULL))`);
    await queryRunner.query(`
      CREATE FUNCTION "episode_next_due"(p_id uuid, p_status text, p_expected_full_return date,
                                         p_referral_date date, OUT kind text, OUT due_on date)
      LANGUAGE sql STABLE AS $$
        SELECT k.kind,
               CASE k.kind WHEN 'full_return' THEN p_expected_full_return
                           WHEN 'checkpoint' THEN k.checkpoint_on
                           WHEN 'assign_care_team' THEN p_referral_date
                           WHEN 'intake' THEN p_referral_date END
          FROM (SELECT cp.due_on AS checkpoint_on,
                       CASE WHEN p_status = 'closed' THEN NULL
                            WHEN NOT EXISTS (SELECT 1 FROM care_team_member c
                                              WHERE c.episode_id = p_id AND c.role = 'physio') THEN 'assign_care_team'
                            WHEN NOT EXISTS (SELECT 1 FROM triage_assessment t
                                              WHERE t.episode_id = p_id AND t.screened_at IS NOT NULL) THEN 'intake'
                            WHEN cp.due_on IS NOT NULL THEN 'checkpoint'
                            WHEN p_expected_full_return IS NOT NULL THEN 'full_return' END AS kind
                  FROM (SELECT min(due_on) AS due_on FROM checkpoint
                         WHERE episode_id = p_id AND status = 'planned') cp) k
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION "episode_next_due_row"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT d.kind, d.due_on INTO NEW.next_due_kind, NEW.next_due_on
          FROM episode_next_due(NEW.id, NEW.status, NEW.expected_full_return, NEW.referral_date) d;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "TRG_episode_next_due" BEFORE INSERT OR UPDATE OF "status", "referral_date", "expected_full_return"
        ON "episode" FOR EACH ROW EXECUTE FUNCTION episode_next_due_row()`);
    // Each statement trigger names its transition table "changed" (rows with an episode_id).
    await queryRunner.query(`
      CREATE FUNCTION "episode_next_due_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE episode ep SET next_due_kind = d.kind, next_due_on = d.due_on
          FROM episode e
          JOIN (SELECT DISTINCT episode_id FROM changed) c ON c.episode_id = e.id,
               LATERAL episode_next_due(e.id, e.status, e.expected_full_return, e.referral_date) d
         WHERE ep.id = e.id
           AND (ep.next_due_kind, ep.next_due_on) IS DISTINCT FROM (d.kind, d.due_on);
        RETURN NULL;
      END $$`);
    for (const table of TABLES) {
      for (const [event, transition] of EVENTS) {
        await queryRunner.query(`
          CREATE TRIGGER "TRG_${table}_next_due_${event.toLowerCase()}" AFTER ${event} ON "${table}"
            REFERENCING ${transition} TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION episode_next_due_refresh()`);
      }
    }
    await queryRunner.query(`
      UPDATE "episode" ep SET next_due_kind = d.kind, next_due_on = d.due_on
        FROM episode e, LATERAL episode_next_due(e.id, e.status, e.expected_full_return, e.referral_date) d
       WHERE ep.id = e.id`);
    await queryRunner.query(`
      CREATE INDEX "IDX_episode_open_next_due" ON "episode" ("employer_id", "next_due_on", "referral_date", "id")
        WHERE "status" <> 'closed'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_episode_open_next_due"`);
    for (const table of TABLES) {
      for (const [event] of EVENTS) {
        await queryRunner.query(
          `DROP TRIGGER "TRG_${table}_next_due_${event.toLowerCase()}" ON "${table}"`,
        );
      }
    }
    await queryRunner.query(`DROP FUNCTION "episode_next_due_refresh"()`);
    await queryRunner.query(`DROP TRIGGER "TRG_episode_next_due" ON "episode"`);
    await queryRunner.query(`DROP FUNCTION "episode_next_due_row"()`);
    await queryRunner.query(`DROP FUNCTION "episode_next_due"(uuid, text, date, date)`);
    await queryRunner.query(`
      ALTER TABLE "episode" DROP CONSTRAINT "CHK_episode_next_due",
        DROP CONSTRAINT "CHK_episode_next_due_kind", DROP "next_due_on", DROP "next_due_kind"`);
  }
}

/** The tables an episode's next step depends on, besides the episode itself. */
const TABLES = ['care_team_member', 'triage_assessment', 'checkpoint'];
const EVENTS = [
  ['INSERT', 'NEW'],
  ['UPDATE', 'NEW'],
  ['DELETE', 'OLD'],
] as const;
