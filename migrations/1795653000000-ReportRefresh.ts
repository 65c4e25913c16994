import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each year of the report cube was last computed from the raw tables: a refresh asked for
 * before that moment has nothing left to add, so a burst of changes costs one refresh, not one each.
 */
export class ReportRefresh1795653000000 implements MigrationInterface {
  name = 'ReportRefresh1795653000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "report_refresh" (
        "year" integer NOT NULL,
        "computed_from" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_report_refresh" PRIMARY KEY ("year")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "report_refresh"`);
  }
}
