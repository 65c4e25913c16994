import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Invitations and second-factor challenges (single-use tokens), TOTP enrolment, recovery codes. */
export class AccountSecurity1795636248700 implements MigrationInterface {
  name = 'AccountSecurity1795636248700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" ADD "totp_secret" text`);
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD "totp_enabled_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "app_user" ADD "totp_last_step" bigint`);

    await queryRunner.query(`
      CREATE TABLE "user_token" (
        "id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "purpose" text NOT NULL,
        "secret_hash" bytea NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "used_at" TIMESTAMP WITH TIME ZONE,
        "created_by" uuid,
        CONSTRAINT "PK_user_token" PRIMARY KEY ("id"),
        CONSTRAINT "FK_user_token_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_user_token_purpose" CHECK ("purpose" IN ('invitation', 'mfa_challenge'))
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_user_token_user" ON "user_token" ("user_id")`);

    await queryRunner.query(`
      CREATE TABLE "recovery_code" (
        "user_id" uuid NOT NULL,
        "code_hash" text NOT NULL,
        "used_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_recovery_code" PRIMARY KEY ("user_id", "code_hash"),
        CONSTRAINT "FK_recovery_code_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "recovery_code"`);
    await queryRunner.query(`DROP TABLE "user_token"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "totp_last_step"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "totp_enabled_at"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "totp_secret"`);
  }
}
