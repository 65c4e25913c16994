import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An e-mail is claimed before it is handed to the mail server (`sending`, with the time of the
 * claim and the number of attempts) and recorded `sent` after, each step committed on its own: no
 * transaction stays open while the mail server is talked to, a claim left by a worker that died
 * is taken over once it is older than the requeue time, and an address the server keeps refusing
 * ends `failed` instead of being tried for ever. A link's sealed secret stays while its mail is
 * being sent.
 */
export class MailClaimedBeforeSending1795665000000 implements MigrationInterface {
  name = 'MailClaimedBeforeSending1795665000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "notification"
        DROP CONSTRAINT "CHK_notification_email_state",
        ADD CONSTRAINT "CHK_notification_email_state"
          CHECK ("email_state" IN ('none', 'pending', 'sending', 'sent', 'failed')),
        ADD "email_claimed_at" timestamptz,
        ADD "email_attempts" smallint NOT NULL DEFAULT 0`);
    await queryRunner.query(
      `CREATE INDEX "IDX_notification_email_sending" ON "notification" ("email_claimed_at") WHERE "email_state" = 'sending'`,
    );
    await queryRunner.query(`
      ALTER TABLE "user_token"
        DROP CONSTRAINT "CHK_user_token_mail_state",
        ADD CONSTRAINT "CHK_user_token_mail_state"
          CHECK ("mail_state" IN ('none', 'pending', 'sending', 'sent', 'cancelled', 'failed')),
        DROP CONSTRAINT "CHK_user_token_sealed_until_sent",
        ADD CONSTRAINT "CHK_user_token_sealed_until_sent"
          CHECK (("mail_state" IN ('pending', 'sending')) = ("sealed_secret" IS NOT NULL)),
        ADD "mail_claimed_at" timestamptz,
        ADD "mail_attempts" smallint NOT NULL DEFAULT 0`);
    await queryRunner.query(
      `CREATE INDEX "IDX_user_token_mail_sending" ON "user_token" ("mail_claimed_at") WHERE "mail_state" = 'sending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // A mail being sent is owed again; one given up on is no longer owed.
    await queryRunner.query(`DROP INDEX "IDX_user_token_mail_sending"`);
    await queryRunner.query(`
      UPDATE "user_token" SET "mail_state" = CASE "mail_state" WHEN 'sending' THEN 'pending' ELSE 'cancelled' END
       WHERE "mail_state" IN ('sending', 'failed')`);
    await queryRunner.query(`
      ALTER TABLE "user_token"
        DROP COLUMN "mail_attempts",
        DROP COLUMN "mail_claimed_at",
        DROP CONSTRAINT "CHK_user_token_sealed_until_sent",
        ADD CONSTRAINT "CHK_user_token_sealed_until_sent"
          CHECK (("mail_state" = 'pending') = ("sealed_secret" IS NOT NULL)),
        DROP CONSTRAINT "CHK_user_token_mail_state",
        ADD CONSTRAINT "CHK_user_token_mail_state"
          CHECK ("mail_state" IN ('none', 'pending', 'sent', 'cancelled'))`);
    await queryRunner.query(`DROP INDEX "IDX_notification_email_sending"`);
    await queryRunner.query(`
      UPDATE "notification" SET "email_state" = CASE "email_state" WHEN 'sending' THEN 'pending' ELSE 'none' END
       WHERE "email_state" IN ('sending', 'failed')`);
    await queryRunner.query(`
      ALTER TABLE "notification"
        DROP COLUMN "email_attempts",
        DROP COLUMN "email_claimed_at",
        DROP CONSTRAINT "CHK_notification_email_state",
        ADD CONSTRAINT "CHK_notification_email_state"
          CHECK ("email_state" IN ('none', 'pending', 'sent'))`);
  }
}
