import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An outbox event is done when its work is done, not when it is handed to a queue: `done_at` is
 * written by the job's handler. The relay hands over again what is not done some time after it
 * last handed it over, so a job lost with Redis (a flush, a Redis that restarts empty) is found and
 * done. Events already relayed before this migration count as done.
 */
export class OutboxDoneWhenDone1795663500000 implements MigrationInterface {
  name = 'OutboxDoneWhenDone1795663500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_event" ADD "done_at" timestamptz`);
    await queryRunner.query(
      `UPDATE "outbox_event" SET "done_at" = "relayed_at" WHERE "relayed_at" IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX "IDX_outbox_event_pending"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_outbox_event_pending" ON "outbox_event" ("id") WHERE "done_at" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_outbox_event_pending"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_outbox_event_pending" ON "outbox_event" ("id") WHERE "relayed_at" IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE "outbox_event" DROP COLUMN "done_at"`);
  }
}
