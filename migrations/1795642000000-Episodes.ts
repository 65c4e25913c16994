import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Episodes (return-to-work cases), their care teams, and the clinical complaint of each. */
export class Episodes1795642000000 implements MigrationInterface {
  name = 'Episodes1795642000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "episode" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "employee_id" uuid NOT NULL,
        "employer_id" uuid NOT NULL,
        "jurisdiction" text NOT NULL,
        "referral_date" date NOT NULL,
        "absence_start" date,
        "status" text NOT NULL DEFAULT 'referred',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "PK_episode" PRIMARY KEY ("id"),
        CONSTRAINT "FK_episode_employee" FOREIGN KEY ("employee_id") REFERENCES "employee"("id") ON DELETE RESTRICT,
        CONSTRAINT "CHK_episode_jurisdiction" CHECK ("jurisdiction" IN ('BE', 'NL')),
        CONSTRAINT "CHK_episode_status" CHECK ("status" IN ('referred', 'intake', 'active', 'monitoring', 'closed')),
        CONSTRAINT "CHK_episode_absence" CHECK ("absence_start" IS NULL OR "absence_start" <= "referral_date" + 366)
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_episode_employee" ON "episode" ("employee_id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_episode_employer_status" ON "episode" ("employer_id", "status")`,
    );

    await queryRunner.query(`
      CREATE TABLE "care_team_member" (
        "episode_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "role" text NOT NULL,
        CONSTRAINT "PK_care_team_member" PRIMARY KEY ("episode_id", "user_id"),
        CONSTRAINT "FK_care_team_member_episode" FOREIGN KEY ("episode_id") REFERENCES "episode"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_care_team_member_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT,
        CONSTRAINT "CHK_care_team_member_role" CHECK ("role" IN ('physio', 'occupational_doctor'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_care_team_member_user" ON "care_team_member" ("user_id")`,
    );

    await queryRunner.query(`
      CREATE TABLE "complaint" (
        "episode_id" uuid NOT NULL,
        "regions" text array NOT NULL,
        "side" text NOT NULL,
        "specificity" text NOT NULL,
        "clinical_note" text,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "PK_complaint" PRIMARY KEY ("episode_id"),
        CONSTRAINT "FK_complaint_episode" FOREIGN KEY ("episode_id") REFERENCES "episode"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_complaint_regions" CHECK ("regions" <@ ARRAY['neck', 'shoulder', 'upper_back', 'low_back']::text[] AND cardinality("regions") > 0),
        CONSTRAINT "CHK_complaint_side" CHECK ("side" IN ('left', 'right', 'both', 'central')),
        CONSTRAINT "CHK_complaint_specificity" CHECK ("specificity" IN ('specific', 'aspecific'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "complaint"`);
    await queryRunner.query(`DROP TABLE "care_team_member"`);
    await queryRunner.query(`DROP TABLE "episode"`);
  }
}
