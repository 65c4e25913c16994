import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sector reporting: the employer's region, and the monthly rollup of new episodes per cell. */
export class ComplaintTrends1795651000000 implements MigrationInterface {
  name = 'ComplaintTrends1795651000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisation" ADD "region" text`);
    await queryRunner.query(
      `ALTER TABLE "organisation" ADD CONSTRAINT "CHK_organisation_region" CHECK ("region" ~ '^(BE|NL)[0-9A-Z]{1,3}$')`,
    );
    await queryRunner.query(`
      CREATE TABLE "complaint_trend_rollup" (
        "month" date NOT NULL,
        "nace_section" text NOT NULL,
        "region" text NOT NULL,
        "size_band" text NOT NULL,
        "body_region" text NOT NULL,
        "new_episodes" integer NOT NULL,
        "people" integer NOT NULL,
        CONSTRAINT "PK_complaint_trend_rollup" PRIMARY KEY ("month", "nace_section", "region", "size_band", "body_region")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "complaint_trend_rollup"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP CONSTRAINT "CHK_organisation_region"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "region"`);
  }
}
