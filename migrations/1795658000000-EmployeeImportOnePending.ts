import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An employer has at most one employee import queued or running: a partial unique index, so two
 * uploads at the same moment cannot both be accepted. An employer that already has more than one
 * keeps the one a worker runs (else the oldest); the others are failed with a reason HR reads in
 * the import list. Their file is dropped like any finished import's; rows a worker had already
 * written stay, and uploading the file again changes nothing for them.
 */
export class EmployeeImportOnePending1795658000000 implements MigrationInterface {
  name = 'EmployeeImportOnePending1795658000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      WITH pending AS (
        SELECT id, row_number() OVER (
                 PARTITION BY employer_id ORDER BY status = 'running' DESC, created_at, id) AS place
          FROM employee_import
         WHERE status IN ('queued', 'running')
      )
      UPDATE employee_import AS i
         SET status = 'failed', content = NULL, finished_at = now(), updated_at = now(),
             failure = jsonb_build_object(
               'field', 'file',
               'message', 'was not imported: another import of the employer was running; upload it again')
        FROM pending
       WHERE i.id = pending.id AND pending.place > 1`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "UQ_employee_import_employer_pending" ON "employee_import" ("employer_id")
        WHERE "status" IN ('queued', 'running')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_employee_import_employer_pending"`);
  }
}
