import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Employees of an employer, with the least personal data the programme needs. */
export class Employees1795641000000 implements MigrationInterface {
  name = 'Employees1795641000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "employee" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "employer_id" uuid NOT NULL,
        "employee_number" text NOT NULL,
        "full_name" text NOT NULL,
        "birth_year" integer NOT NULL,
        "contract_hours" numeric(4,1) NOT NULL,
        "job_title" text NOT NULL,
        "physical_demands" text array NOT NULL DEFAULT '{}',
        "department" text,
        "user_id" uuid,
        "active" boolean NOT NULL DEFAULT true,
        "left_on" date,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "PK_employee" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_employee_employer_number" UNIQUE ("employer_id", "employee_number"),
        CONSTRAINT "UQ_employee_user" UNIQUE ("user_id"),
        CONSTRAINT "FK_employee_employer" FOREIGN KEY ("employer_id") REFERENCES "organisation"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_employee_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL,
        CONSTRAINT "CHK_employee_birth_year" CHECK ("birth_year" BETWEEN 1900 AND 2100),
        CONSTRAINT "CHK_employee_contract_hours" CHECK ("contract_hours" > 0 AND "contract_hours" <= 60),
        CONSTRAINT "CHK_employee_physical_demands" CHECK ("physical_demands" <@ ARRAY['lifting', 'sitting', 'standing', 'screen_work', 'repetitive_arm_work']::text[]),
        CONSTRAINT "CHK_employee_left" CHECK ("active" OR "left_on" IS NOT NULL)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_employee_employer_active" ON "employee" ("employer_id", "active")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "employee"`);
  }
}
