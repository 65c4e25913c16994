import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts that cannot be taken over or created for oneself:
 * - the `manager` role: the person of a practice or health service who invites its clinicians;
 * - professional registration (BIG, RIZIV/INAMI) on an account, one live account per number;
 * - an e-mail address is claimed by the one active account that signs in with it: invitations
 *   are per organisation, so inviting an address says nothing about accounts elsewhere, and a
 *   person whose account was disabled can be invited again;
 * - a session generation per account, carried in access tokens, that ends them all at once;
 * - invitation and password-reset links that go out by e-mail only (the link's secret is kept
 *   sealed until the mail is sent, then dropped), and can be revoked by a new one;
 * - trusted devices: a client that signed in before is not locked out by other clients' guesses;
 * - audit rows with a small functional detail (a role change's roles), for account events.
 */
export class AccountTrust1795656000000 implements MigrationInterface {
  name = 'AccountTrust1795656000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "CHK_app_user_role"`);
    await queryRunner.query(`ALTER TABLE "app_user" ADD CONSTRAINT "CHK_app_user_role"
      CHECK ("role" IN ('admin', 'hr', 'physio', 'occupational_doctor', 'employee', 'analyst', 'manager'))`);

    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "UQ_app_user_email"`);
    await queryRunner.query(`CREATE INDEX "IDX_app_user_email" ON "app_user" ("email")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_app_user_email_claimed" ON "app_user" ("email") WHERE "status" = 'active'`,
    );

    await queryRunner.query(
      `ALTER TABLE "app_user" ADD "session_generation" integer NOT NULL DEFAULT 1`,
    );
    await queryRunner.query(`ALTER TABLE "app_user" ADD "registration_scheme" text`);
    await queryRunner.query(`ALTER TABLE "app_user" ADD "registration_number" text`);
    await queryRunner.query(`ALTER TABLE "app_user" ADD CONSTRAINT "CHK_app_user_registration"
      CHECK (("registration_scheme" IS NULL) = ("registration_number" IS NULL)
        AND ("registration_scheme" IS NULL OR ("registration_scheme" IN ('big', 'riziv') AND "registration_number" ~ '^[0-9]{11}$')))`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_app_user_registration" ON "app_user" ("registration_scheme", "registration_number") WHERE "status" <> 'disabled'`,
    );

    await queryRunner.query(`ALTER TABLE "user_token" DROP CONSTRAINT "CHK_user_token_purpose"`);
    await queryRunner.query(`ALTER TABLE "user_token" ADD CONSTRAINT "CHK_user_token_purpose"
      CHECK ("purpose" IN ('invitation', 'mfa_challenge', 'password_reset'))`);
    await queryRunner.query(`ALTER TABLE "user_token" ADD "revoked_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "user_token" ADD "sealed_secret" text`);
    await queryRunner.query(
      `ALTER TABLE "user_token" ADD "mail_state" text NOT NULL DEFAULT 'none'`,
    );
    await queryRunner.query(`ALTER TABLE "user_token" ADD "mailed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "user_token" ADD CONSTRAINT "CHK_user_token_mail_state"
      CHECK ("mail_state" IN ('none', 'pending', 'sent', 'cancelled'))`);
    await queryRunner.query(`ALTER TABLE "user_token" ADD CONSTRAINT "CHK_user_token_sealed_until_sent"
      CHECK (("mail_state" = 'pending') = ("sealed_secret" IS NOT NULL))`);
    await queryRunner.query(
      `CREATE INDEX "IDX_user_token_mail_pending" ON "user_token" ("created_at") WHERE "mail_state" = 'pending'`,
    );

    await queryRunner.query(`
      CREATE TABLE "trusted_device" (
        "id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "secret_hash" bytea NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_trusted_device" PRIMARY KEY ("id"),
        CONSTRAINT "FK_trusted_device_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_trusted_device_user" ON "trusted_device" ("user_id")`,
    );

    await queryRunner.query(`ALTER TABLE "audit_event" ADD "detail" jsonb`);
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_account" ON "audit_event" ("occurred_at") WHERE "object_type" = 'account'`,
    );

    // Answers kept for idempotent replay held secrets (invitation tokens, TOTP seeds, recovery
    // codes, session tokens); those routes no longer keep an answer, and the old ones go now.
    await queryRunner.query(`DELETE FROM "idempotency_key"
      WHERE "response_body" ?| array['invitation', 'secret', 'recoveryCodes', 'tokens', 'accessToken', 'refreshToken']`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_audit_event_account"`);
    await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "detail"`);
    await queryRunner.query(`DROP TABLE "trusted_device"`);

    await queryRunner.query(`DROP INDEX "IDX_user_token_mail_pending"`);
    await queryRunner.query(
      `ALTER TABLE "user_token" DROP CONSTRAINT "CHK_user_token_sealed_until_sent"`,
    );
    await queryRunner.query(`ALTER TABLE "user_token" DROP CONSTRAINT "CHK_user_token_mail_state"`);
    await queryRunner.query(`ALTER TABLE "user_token" DROP COLUMN "mailed_at"`);
    await queryRunner.query(`ALTER TABLE "user_token" DROP COLUMN "mail_state"`);
    await queryRunner.query(`ALTER TABLE "user_token" DROP COLUMN "sealed_secret"`);
    await queryRunner.query(`ALTER TABLE "user_token" DROP COLUMN "revoked_at"`);
    await queryRunner.query(`DELETE FROM "user_token" WHERE "purpose" = 'password_reset'`);
    await queryRunner.query(`ALTER TABLE "user_token" DROP CONSTRAINT "CHK_user_token_purpose"`);
    await queryRunner.query(`ALTER TABLE "user_token" ADD CONSTRAINT "CHK_user_token_purpose"
      CHECK ("purpose" IN ('invitation', 'mfa_challenge'))`);

    await queryRunner.query(`DROP INDEX "UQ_app_user_registration"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "CHK_app_user_registration"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "registration_number"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "registration_scheme"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "session_generation"`);

    // One account per address again: invitations of an address that has another account go (the
    // newest invitation stays), and a disabled account gives its address up to a live one.
    await queryRunner.query(`DELETE FROM "app_user" u WHERE "status" = 'invited' AND EXISTS (
      SELECT 1 FROM "app_user" o WHERE o."email" = u."email" AND o."id" <> u."id"
        AND (o."status" <> 'invited' OR o."created_at" > u."created_at"))`);
    await queryRunner.query(`UPDATE "app_user" u SET "email" = u."id" || '.' || u."email"
      WHERE "status" = 'disabled' AND EXISTS (
        SELECT 1 FROM "app_user" o WHERE o."email" = u."email" AND o."id" <> u."id" AND o."status" = 'active')`);
    await queryRunner.query(`DROP INDEX "UQ_app_user_email_claimed"`);
    await queryRunner.query(`DROP INDEX "IDX_app_user_email"`);
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "UQ_app_user_email" UNIQUE ("email")`,
    );

    await queryRunner.query(`UPDATE "app_user" SET "status" = 'disabled', "role" = 'analyst'
      WHERE "role" = 'manager'`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "CHK_app_user_role"`);
    await queryRunner.query(`ALTER TABLE "app_user" ADD CONSTRAINT "CHK_app_user_role"
      CHECK ("role" IN ('admin', 'hr', 'physio', 'occupational_doctor', 'employee', 'analyst'))`);
  }
}
