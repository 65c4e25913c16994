import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sector reports as a published cube: the day an episode closed (so prevalence and absence days
 * have an end), report cells for every period and combination of filters with the withheld flag
 * decided once for all of them, the working population behind each cell, and the outcome cohorts.
 * Replaces the monthly rollup, which the first rebuild fills again from the raw tables.
 */
export class ReportCube1795652000000 implements MigrationInterface {
  name = 'ReportCube1795652000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "episode" ADD "closed_on" date`);
    // Closed before the day was recorded: the last change is when it closed.
    await queryRunner.query(
      `UPDATE "episode" SET "closed_on" = ("updated_at" AT TIME ZONE 'Europe/Brussels')::date WHERE "status" = 'closed'`,
    );
    await queryRunner.query(
      `ALTER TABLE "episode" ADD CONSTRAINT "CHK_episode_closed_on" CHECK (("status" = 'closed') = ("closed_on" IS NOT NULL))`,
    );
    await queryRunner.query(`DROP TABLE "complaint_trend_rollup"`);
    await queryRunner.query(`
      CREATE TABLE "report_cell" (
        "grain" text NOT NULL,
        "nace_section" text NOT NULL,
        "region" text NOT NULL,
        "size_band" text NOT NULL,
        "body_region" text NOT NULL,
        "period" date NOT NULL,
        "new_episodes" integer NOT NULL,
        "new_people" integer NOT NULL,
        "people" integer NOT NULL,
        "absence_days" numeric(12,1) NOT NULL,
        "withheld" boolean NOT NULL,
        CONSTRAINT "PK_report_cell" PRIMARY KEY ("grain", "nace_section", "region", "size_band", "body_region", "period"),
        CONSTRAINT "CHK_report_cell_grain" CHECK ("grain" IN ('month', 'quarter', 'year'))
      )`);
    await queryRunner.query(`
      CREATE TABLE "report_population" (
        "nace_section" text NOT NULL,
        "region" text NOT NULL,
        "size_band" text NOT NULL,
        "employers" integer NOT NULL,
        "fte" numeric(12,2) NOT NULL,
        CONSTRAINT "PK_report_population" PRIMARY KEY ("nace_section", "region", "size_band")
      )`);
    await queryRunner.query(`
      CREATE TABLE "report_outcome" (
        "cohort" integer NOT NULL,
        "nace_section" text NOT NULL,
        "pathway" text NOT NULL,
        "risk_stratum" text NOT NULL,
        "episodes" integer NOT NULL,
        "people" integer NOT NULL,
        "returned" integer NOT NULL,
        "median_days_to_full_return" numeric(8,1),
        "returned_by_12_weeks" integer NOT NULL,
        "observed_12_weeks" integer NOT NULL,
        "returned_by_6_months" integer NOT NULL,
        "observed_6_months" integer NOT NULL,
        "recurrences_28_days" integer NOT NULL,
        "observed_28_days" integer NOT NULL,
        "withheld" boolean NOT NULL,
        CONSTRAINT "PK_report_outcome" PRIMARY KEY ("cohort", "nace_section", "pathway", "risk_stratum")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "report_outcome"`);
    await queryRunner.query(`DROP TABLE "report_population"`);
    await queryRunner.query(`DROP TABLE "report_cell"`);
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
    await queryRunner.query(`ALTER TABLE "episode" DROP CONSTRAINT "CHK_episode_closed_on"`);
    await queryRunner.query(`ALTER TABLE "episode" DROP COLUMN "closed_on"`);
  }
}
