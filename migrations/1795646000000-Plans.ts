import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Graded activity plans, versioned per episode: at most one version open for editing or review
 * at a time, and an approved version that nothing can change (a trigger, so not even a bug in
 * the application can).
 */
export class Plans1795646000000 implements MigrationInterface {
  name = 'Plans1795646000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "plan_version" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "episode_id" uuid NOT NULL,
        "number" integer NOT NULL,
        "status" text NOT NULL DEFAULT 'draft',
        "components" text array NOT NULL DEFAULT '{}',
        "movement_track" jsonb NOT NULL DEFAULT '[]',
        "work_track" jsonb NOT NULL DEFAULT '[]',
        "start_date" date NOT NULL,
        "target_full_return" date NOT NULL,
        "review_dates" date array NOT NULL DEFAULT '{}',
        "remarks" text,
        "drafted_by" uuid NOT NULL,
        "submitted_at" TIMESTAMP WITH TIME ZONE,
        "decided_by" uuid,
        "decided_at" TIMESTAMP WITH TIME ZONE,
        "hr_acknowledged_by" uuid,
        "hr_acknowledged_at" TIMESTAMP WITH TIME ZONE,
        "employee_agreed_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "PK_plan_version" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_plan_version_episode_number" UNIQUE ("episode_id", "number"),
        CONSTRAINT "FK_plan_version_episode" FOREIGN KEY ("episode_id") REFERENCES "episode"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_plan_version_status" CHECK ("status" IN ('draft', 'submitted', 'changes_requested', 'approved', 'superseded')),
        CONSTRAINT "CHK_plan_version_number" CHECK ("number" >= 1),
        CONSTRAINT "CHK_plan_version_dates" CHECK ("target_full_return" > "start_date")
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_plan_version_open" ON "plan_version" ("episode_id") WHERE "status" IN ('draft', 'submitted', 'changes_requested')`,
    );
    // Once approved, the content is final: only the sign-offs after approval and the move to
    // superseded may still be written.
    await queryRunner.query(`
      CREATE FUNCTION "plan_version_approved_is_final"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD."status" IN ('approved', 'superseded') AND (
             NEW."components" IS DISTINCT FROM OLD."components"
          OR NEW."movement_track" IS DISTINCT FROM OLD."movement_track"
          OR NEW."work_track" IS DISTINCT FROM OLD."work_track"
          OR NEW."start_date" IS DISTINCT FROM OLD."start_date"
          OR NEW."target_full_return" IS DISTINCT FROM OLD."target_full_return"
          OR NEW."review_dates" IS DISTINCT FROM OLD."review_dates"
          OR NEW."number" IS DISTINCT FROM OLD."number"
          OR NEW."episode_id" IS DISTINCT FROM OLD."episode_id"
          OR (NEW."status" <> OLD."status" AND NOT (OLD."status" = 'approved' AND NEW."status" = 'superseded'))
        ) THEN
          RAISE EXCEPTION 'an approved plan version cannot change' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "TRG_plan_version_approved_is_final" BEFORE UPDATE ON "plan_version"
        FOR EACH ROW EXECUTE FUNCTION "plan_version_approved_is_final"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "plan_version"`);
    await queryRunner.query(`DROP FUNCTION "plan_version_approved_is_final"()`);
  }
}
