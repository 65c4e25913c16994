import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PSFS activities get an identity. Each episode's activities are named once, at the
 * administration that first rates them, and later administrations rate the same activity by its
 * id, so change is followed per activity and a mean is compared only over activities rated both
 * times. A PSFS administration's answers become `{ activities: [{ activityId, name, rating }] }`.
 *
 * Administrations stored before rated activities by their place on the form (`activity_1` ...
 * `activity_5`) without a name. The form lists the same activities in the same order at every
 * administration, so each place of an episode becomes one activity, named "Unnamed activity N"
 * so that the care team can tell it from the activities named since. Ratings and scores are kept
 * as they were. `down` gives the old answers back (by place, names dropped).
 */
export class PsfsActivities1795660000000 implements MigrationInterface {
  name = 'PsfsActivities1795660000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "psfs_activity" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "episode_id" uuid NOT NULL,
        "name" text NOT NULL,
        "name_key" text NOT NULL,
        "named_by" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_psfs_activity" PRIMARY KEY ("id"),
        CONSTRAINT "FK_psfs_activity_episode" FOREIGN KEY ("episode_id") REFERENCES "episode"("id") ON DELETE CASCADE,
        CONSTRAINT "UQ_psfs_activity_episode_name" UNIQUE ("episode_id", "name_key"),
        CONSTRAINT "CHK_psfs_activity_name" CHECK (char_length("name") BETWEEN 1 AND 120 AND "name" = btrim("name") AND "name_key" = lower("name"))
      )`);
    // One activity per episode and place on the form, named by whoever entered its first rating.
    await queryRunner.query(`
      INSERT INTO "psfs_activity" ("episode_id", "name", "name_key", "named_by", "created_at")
      SELECT DISTINCT ON (q."episode_id", place.n)
             q."episode_id", 'Unnamed activity ' || place.n, 'unnamed activity ' || place.n,
             q."entered_by", q."created_at"
        FROM "questionnaire_response" q
        CROSS JOIN LATERAL jsonb_each(q."answers") AS item(key, value)
        CROSS JOIN LATERAL (SELECT substring(item.key FROM '^activity_([0-9]+)$')::int AS n) AS place
       WHERE q."instrument" = 'psfs' AND NOT q."answers" ? 'activities' AND place.n IS NOT NULL
       ORDER BY q."episode_id", place.n, q."taken_on", q."created_at"`);
    await queryRunner.query(`
      UPDATE "questionnaire_response" q
         SET "answers" = jsonb_build_object('activities', (
               SELECT coalesce(jsonb_agg(jsonb_build_object(
                        'activityId', a."id", 'name', a."name", 'rating', item.value)
                        ORDER BY place.n), '[]'::jsonb)
                 FROM jsonb_each(q."answers") AS item(key, value)
                 CROSS JOIN LATERAL (SELECT substring(item.key FROM '^activity_([0-9]+)$')::int AS n) AS place
                 JOIN "psfs_activity" a
                   ON a."episode_id" = q."episode_id" AND a."name_key" = 'unnamed activity ' || place.n))
       WHERE q."instrument" = 'psfs' AND NOT q."answers" ? 'activities'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE "questionnaire_response" q
         SET "answers" = (
               SELECT coalesce(jsonb_object_agg('activity_' || activity.place, activity.value->'rating'), '{}'::jsonb)
                 FROM jsonb_array_elements(q."answers"->'activities') WITH ORDINALITY AS activity(value, place))
       WHERE q."instrument" = 'psfs' AND q."answers" ? 'activities'`);
    await queryRunner.query(`DROP TABLE "psfs_activity"`);
  }
}
