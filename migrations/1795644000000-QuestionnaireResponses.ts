import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Completed instruments of an episode, with the score computed when they were stored. */
export class QuestionnaireResponses1795644000000 implements MigrationInterface {
  name = 'QuestionnaireResponses1795644000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "questionnaire_response" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "episode_id" uuid NOT NULL,
        "instrument" text NOT NULL,
        "taken_on" date NOT NULL,
        "answers" jsonb NOT NULL,
        "score" jsonb NOT NULL,
        "entered_by" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_questionnaire_response" PRIMARY KEY ("id"),
        CONSTRAINT "FK_questionnaire_response_episode" FOREIGN KEY ("episode_id") REFERENCES "episode"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_questionnaire_response_instrument" CHECK ("instrument" IN ('start_back', 'ompsq_10', 'odi', 'ndi', 'nrs_pain', 'psfs', 'work_ability'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_questionnaire_response_episode" ON "questionnaire_response" ("episode_id", "taken_on")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "questionnaire_response"`);
  }
}
