import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Workplace interventions owned by the employer, optionally tied to a plan version. */
export class WorkplaceInterventions1795649000000 implements MigrationInterface {
  name = 'WorkplaceInterventions1795649000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "workplace_intervention" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "episode_id" uuid NOT NULL,
        "plan_number" integer,
        "kind" text NOT NULL,
        "description" text NOT NULL,
        "owner" text NOT NULL,
        "due_on" date,
        "status" text NOT NULL DEFAULT 'planned',
        "cost_eur" numeric(10,2),
        "created_by" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "PK_workplace_intervention" PRIMARY KEY ("id"),
        CONSTRAINT "FK_workplace_intervention_episode" FOREIGN KEY ("episode_id") REFERENCES "episode"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_workplace_intervention_kind" CHECK ("kind" IN ('adapted_tasks', 'reduced_hours', 'workstation_adjustment', 'equipment', 'task_rotation', 'supervisor_coaching', 'rtw_coordinator')),
        CONSTRAINT "CHK_workplace_intervention_status" CHECK ("status" IN ('planned', 'in_progress', 'done', 'cancelled')),
        CONSTRAINT "CHK_workplace_intervention_cost" CHECK ("cost_eur" IS NULL OR "cost_eur" >= 0)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_workplace_intervention_episode" ON "workplace_intervention" ("episode_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "workplace_intervention"`);
  }
}
