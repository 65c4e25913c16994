import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every employer has a NUTS region, so that its episodes count in the per-region reports. An
 * employer made before the region could be set has none, and none can be worked out (its episodes
 * name a country at most): the constraint is added NOT VALID, so those rows stay as they are and
 * are counted under `unknown`, while every new employer and every change of an existing one must
 * name its region (the API answers 400 naming `region` until it does). `VALIDATE CONSTRAINT` can
 * follow once none is left:
 *   SELECT id, name FROM organisation WHERE kind = 'employer' AND region IS NULL;
 */
export class EmployerRegion1795661000000 implements MigrationInterface {
  name = 'EmployerRegion1795661000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "organisation" ADD CONSTRAINT "CHK_organisation_employer_region"
        CHECK ("kind" <> 'employer' OR "region" IS NOT NULL) NOT VALID`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "organisation" DROP CONSTRAINT "CHK_organisation_employer_region"`,
    );
  }
}
