import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations (employers with their NACE sector, practices, health services) and queue heartbeats. */
export class Foundation1764100000000 implements MigrationInterface {
  name = 'Foundation1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "organisation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" text NOT NULL,
        "name" text NOT NULL,
        "nace_section" character(1),
        "nace_code" text,
        "nace_version" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "PK_organisation" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_organisation_kind" CHECK ("kind" IN ('employer', 'physio_practice', 'occupational_health_service')),
        CONSTRAINT "CHK_organisation_employer_nace" CHECK (("kind" = 'employer') = ("nace_code" IS NOT NULL AND "nace_section" IS NOT NULL AND "nace_version" IS NOT NULL)),
        CONSTRAINT "CHK_organisation_nace_code" CHECK ("nace_code" ~ '^[0-9]{2}(\\.[0-9]{1,2})?$'),
        CONSTRAINT "CHK_organisation_nace_section" CHECK ("nace_section" ~ '^[A-U]$'),
        CONSTRAINT "CHK_organisation_name" CHECK (length(btrim("name")) BETWEEN 1 AND 200)
      )`);
    await queryRunner.query(`
      CREATE TABLE "queue_heartbeat" (
        "queue" text NOT NULL,
        "last_beat_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "processed_by" text NOT NULL,
        CONSTRAINT "PK_queue_heartbeat" PRIMARY KEY ("queue")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "queue_heartbeat"`);
    await queryRunner.query(`DROP TABLE "organisation"`);
  }
}
