import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A captured e-mail is kept once per Message-ID: a hand-over repeated with the same Message-ID (a
 * retry after a worker died) is the same message, as a receiving mail system would treat it.
 * Copies captured twice before are dropped, the first kept.
 */
export class CapturedMailOnce1795664000000 implements MigrationInterface {
  name = 'CapturedMailOnce1795664000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DELETE FROM "captured_mail" c USING "captured_mail" earlier
       WHERE earlier."message_id" = c."message_id"
         AND (earlier."created_at", earlier."id") < (c."created_at", c."id")`);
    await queryRunner.query(
      `ALTER TABLE "captured_mail" ADD CONSTRAINT "UQ_captured_mail_message_id" UNIQUE ("message_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "captured_mail" DROP CONSTRAINT "UQ_captured_mail_message_id"`,
    );
  }
}
