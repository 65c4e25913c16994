import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency keys of creating requests, with the answer to replay (kept for a day). */
export class IdempotencyKeys1795647000000 implements MigrationInterface {
  name = 'IdempotencyKeys1795647000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "idempotency_key" (
        "actor_user_id" uuid NOT NULL,
        "key" text NOT NULL,
        "request_hash" text NOT NULL,
        "state" text NOT NULL DEFAULT 'in_progress',
        "response_status" integer,
        "response_body" jsonb,
        "response_etag" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_idempotency_key" PRIMARY KEY ("actor_user_id", "key"),
        CONSTRAINT "CHK_idempotency_key_state" CHECK ("state" IN ('in_progress', 'completed'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_idempotency_key_created" ON "idempotency_key" ("created_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_key"`);
  }
}
