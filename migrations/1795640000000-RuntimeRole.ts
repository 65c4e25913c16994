import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The privileges of the running application, apart from those of the migrations' owner: the API and
 * the worker connect as a login role that is a member of `rtw_runtime`. That role may read and
 * write the tables but only read and append the audit trail; not being owner or superuser, it can
 * neither disable the append-only triggers nor skip them (session_replication_role).
 */
export class RuntimeRole1795640000000 implements MigrationInterface {
  name = 'RuntimeRole1795640000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Roles belong to the whole server: created once, shared by every database of the platform.
    await queryRunner.query(`
      DO $$ BEGIN
        CREATE ROLE rtw_runtime NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO rtw_runtime`);
    await queryRunner.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO rtw_runtime`,
    );
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_event" FROM rtw_runtime`);
    await queryRunner.query(`REVOKE INSERT, UPDATE, DELETE ON "schema_migration" FROM rtw_runtime`);
    await queryRunner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO rtw_runtime`);
    // Tables of later migrations get the same grants; audit-like tables revoke what they must.
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO rtw_runtime`,
    );
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO rtw_runtime`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The role stays: other databases of the server may still grant to it.
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM rtw_runtime`,
    );
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM rtw_runtime`,
    );
    await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM rtw_runtime`);
    await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM rtw_runtime`);
    await queryRunner.query(`REVOKE USAGE ON SCHEMA public FROM rtw_runtime`);
  }
}
