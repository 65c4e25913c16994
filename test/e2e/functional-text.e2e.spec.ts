import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type request from 'supertest';
import type { TestUser } from '../factories/identity.js';
import { bridging, planDraft, workWeek } from '../factories/plans.js';
import { type CareWorld, careWorld } from '../support/care-world.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

/**
 * Quality bar (docs/quality-bar.md), scenario 29: the free text HR and the employee read (the tasks
 * of a work status step, of each week of the plan's work track, a workplace intervention's
 * description and owner) refuses clinical vocabulary whoever writes it, in any of the three
 * languages and as codes: 422 naming the field and the words, and nothing stored. The word lists
 * are data, in src/common/privacy/vocabulary/.
 */

/** A clinical text in each language, and a code, with the terms a refusal names. */
const CLINICAL = [
  {
    language: 'English',
    text: 'Nothing that loads the L5 disc herniation',
    terms: ['L5', 'disc herniation'],
  },
  { language: 'Dutch', text: 'Geen tillen wegens rugpijn', terms: ['rugpijn'] },
  {
    language: 'French',
    text: 'Éviter le port de charges (hernie discale)',
    terms: ['hernie discale'],
  },
  { language: 'an ICD-10 code', text: 'Per M51.1: no lifting', terms: ['M51.1'] },
] as const;

const refusal = (field: string, terms: readonly string[]) => ({
  field,
  message: `${field} contains ${terms.map((term) => `"${term}"`).join(', ')}, ${
    terms.length === 1 ? 'a clinical term' : 'clinical terms'
  }: describe the limitation in functional terms (kg, minutes, postures, tasks)`,
});

/** The structured restrictions an occupational doctor states, all of them. */
const RESTRICTIONS = {
  maxLiftKg: 7.5,
  maxCarryKg: 5,
  maxPushPullKg: 15,
  maxSittingMinutes: 45,
  maxStandingMinutes: 30,
  maxWalkingMinutes: 20,
  maxScreenMinutes: 60,
  posturesAvoided: ['bending', 'overhead_work', 'kneeling'],
  physicalDemandsAvoided: ['lifting', 'repetitive_arm_work'],
  tasksAvoided: ['Loading the van', 'Work on a ladder', 'Back-to-school night shifts'],
};

describe('Free text that HR reads refuses clinical vocabulary (NL/FR/EN word list kept as data)', () => {
  let t: TestApp;
  let world: CareWorld;
  let interventionId: string;
  /** Work status steps are dated after each other: each accepted one takes the next week. */
  let nextStep = new Date('2026-11-30T00:00:00Z');
  const stepDate = () => {
    const date = nextStep.toISOString().slice(0, 10);
    nextStep = new Date(nextStep.getTime() + 7 * 86_400_000);
    return date;
  };

  /** Everything these requests could change, read from the database. */
  const stored = async () => {
    const { db, episodeId, employer } = world;
    const query = (sql: string) => db.query(sql, [episodeId]);
    return {
      workStatus: await query(
        `SELECT effective_from::text, status, percent_of_contract, restrictions
           FROM work_status_period WHERE episode_id = $1 ORDER BY effective_from`,
      ),
      episode: await query(`SELECT version FROM episode WHERE id = $1`),
      plans: await query(
        `SELECT number, version, work_track FROM plan_version WHERE episode_id = $1 ORDER BY number`,
      ),
      interventions: await query(
        `SELECT id, description, owner, version FROM workplace_intervention
          WHERE episode_id = $1 ORDER BY created_at`,
      ),
      audit: await db.query(
        `SELECT count(*)::int AS count FROM audit_event
          WHERE on_behalf_of_organisation_id = $1 OR object_id = $2`,
        [employer, episodeId],
      ),
    };
  };

  /** The ETags to change with, from the database (a clinical read through the API is audited). */
  const etag = async (sql: string, id: string) => {
    const [{ version }] = await world.db.query<{ version: number }[]>(sql, [id]);
    return `W/"${version}"`;
  };
  const planEtag = () =>
    etag(`SELECT version FROM plan_version WHERE episode_id = $1 AND number = 1`, world.episodeId);
  const interventionEtag = () =>
    etag(`SELECT version FROM workplace_intervention WHERE id = $1`, interventionId);

  /** Each guarded field: who writes it, the request carrying `text` there, and the field's path. */
  const GUARDED: {
    field: string;
    writers: (w: CareWorld) => TestUser[];
    send: (text: string, as: TestUser) => Promise<request.Response>;
  }[] = [
    {
      field: 'restrictions.tasksAvoided.1 (work status)',
      writers: (w) => [w.hr, w.physio, w.doctor],
      send: (text, as) =>
        world
          .http()
          .post(`/episodes/${world.episodeId}/work-status`)
          .set(world.as(as))
          .send({
            effectiveFrom: '2027-06-01',
            status: 'partial',
            percentOfContract: 50,
            restrictions: { maxLiftKg: 10, tasksAvoided: ['Loading the van', text] },
          }),
    },
    {
      field: 'workTrack.1.tasksAvoided.0 (new plan version)',
      writers: (w) => [w.physio],
      send: (text, as) =>
        world
          .http()
          .post(`/episodes/${world.episodeId}/plans`)
          .set(world.as(as))
          .send(
            planDraft({
              workTrack: [
                workWeek('2026-11-30', 50, { tasksAllowed: ['Library duty'] }),
                workWeek('2026-12-14', 75, { tasksAvoided: [text] }),
              ],
            }),
          ),
    },
    {
      field: 'workTrack.0.tasksAllowed.1 (draft changed)',
      writers: (w) => [w.physio],
      send: async (text, as) =>
        world
          .http()
          .put(`/episodes/${world.episodeId}/plans/1`)
          .set(world.as(as))
          .set('If-Match', await planEtag())
          .send(
            planDraft({
              workTrack: [workWeek('2026-11-30', 50, { tasksAllowed: ['Library duty', text] })],
            }),
          ),
    },
    {
      field: 'description (new intervention)',
      writers: (w) => [w.hr],
      send: (text, as) =>
        world
          .http()
          .post(`/episodes/${world.episodeId}/interventions`)
          .set(world.as(as))
          .send({ kind: 'task_rotation', description: text, owner: 'Team lead, Campus Noord' }),
    },
    {
      field: 'owner (new intervention)',
      writers: (w) => [w.hr],
      send: (text, as) =>
        world
          .http()
          .post(`/episodes/${world.episodeId}/interventions`)
          .set(world.as(as))
          .send({ kind: 'task_rotation', description: 'Rotate the duties', owner: text }),
    },
    {
      field: 'description (intervention changed)',
      writers: (w) => [w.hr],
      send: async (text, as) =>
        world
          .http()
          .patch(`/episodes/${world.episodeId}/interventions/${interventionId}`)
          .set(world.as(as))
          .set('If-Match', await interventionEtag())
          .send({ description: text }),
    },
    {
      field: 'owner (intervention changed)',
      writers: (w) => [w.hr],
      send: async (text, as) =>
        world
          .http()
          .patch(`/episodes/${world.episodeId}/interventions/${interventionId}`)
          .set(world.as(as))
          .set('If-Match', await interventionEtag())
          .send({ owner: text }),
    },
  ];

  beforeAll(async () => {
    t = await startTestApi();
    world = await careWorld(t);
    const { http, as, physio, hr, episodeId } = world;
    const plan = await http()
      .post(`/episodes/${episodeId}/plans`)
      .set(as(physio))
      .send(planDraft({ movementTrack: [bridging()] }));
    expect(plan.status).toBe(201);
    const intervention = await http()
      .post(`/episodes/${episodeId}/interventions`)
      .set(as(hr))
      .send({ kind: 'task_rotation', description: 'Rotate the duties', owner: 'HR' });
    expect(intervention.status).toBe(201);
    interventionId = intervention.body.id as string;
  });
  afterAll(async () => {
    await t.app.close();
  });

  it.each(GUARDED.map((guarded) => [guarded.field, guarded] as const))(
    '%s: clinical words in English, Dutch and French and an ICD-10 code answer 422 naming the word and the field; nothing is stored',
    async (_title, guarded) => {
      const field = guarded.field.split(' ')[0];
      for (const writer of guarded.writers(world)) {
        for (const { language, text, terms } of CLINICAL) {
          const before = await stored();
          const response = await guarded.send(text, writer);
          expect([writer.role, language, response.status]).toEqual([writer.role, language, 422]);
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(response.body).toMatchObject({
            status: 422,
            code: 'clinical_text',
            errors: [refusal(field, terms)],
          });
          expect(await stored()).toEqual(before);
        }
      }
    },
  );

  it('a body with clinical text and other errors answers 400 naming every field; nothing is stored', async () => {
    const before = await stored();
    const response = await world
      .http()
      .post(`/episodes/${world.episodeId}/work-status`)
      .set(world.as(world.hr))
      .send({
        effectiveFrom: '2027-06-01',
        status: 'full_duty',
        restrictions: {
          maxLiftKg: 101,
          posturesAvoided: ['lumbar_flexion'],
          tasksAvoided: ['nekpijn'],
        },
      });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors).toEqual([
      refusal('restrictions.tasksAvoided.0', ['nekpijn']),
      { field: 'restrictions.maxLiftKg', message: 'maxLiftKg must not be greater than 100' },
      {
        field: 'restrictions.posturesAvoided',
        message: `each value in posturesAvoided must be one of the following values: bending, twisting, kneeling, squatting, crawling, climbing_ladders, climbing_stairs, overhead_work, reaching`,
      },
    ]);
    expect(await stored()).toEqual(before);
  });

  it('ordinary functional text and the structured restrictions are accepted and read back by HR and the employee exactly', async () => {
    const { http, as, hr, doctor, physio, employee, episodeId } = world;
    const effectiveFrom = stepDate();
    const recorded = await http().post(`/episodes/${episodeId}/work-status`).set(as(doctor)).send({
      effectiveFrom,
      status: 'partial',
      percentOfContract: 50,
      restrictions: RESTRICTIONS,
    });
    expect(recorded.status).toBe(201);
    const step = {
      effectiveFrom,
      status: 'partial',
      percentOfContract: 50,
      hoursPerWeek: 19,
      restrictions: RESTRICTIONS,
    };
    expect(recorded.body.at(-1)).toEqual(step);
    const [row] = await world.db.query<{ restrictions: object }[]>(
      `SELECT restrictions FROM work_status_period WHERE episode_id = $1 AND effective_from = $2`,
      [episodeId, effectiveFrom],
    );
    expect(row.restrictions).toEqual(RESTRICTIONS);
    for (const reader of [hr, employee]) {
      const episode = await http().get(`/episodes/${episodeId}`).set(as(reader));
      expect([reader.role, episode.status, episode.body.workStatus]).toEqual([
        reader.role,
        200,
        step,
      ]);
    }

    // The plan's work track states the same limits, week by week, with the workplace's tasks.
    const weeks = [
      workWeek('2026-11-30', 50, {
        tasksAllowed: ['Library duty', 'Lessons from a chair, 2 x 30 minutes'],
        tasksAvoided: ['Playground duty', 'Lifting pupils'],
        maxLiftKg: 5,
        maxCarryKg: 5,
        maxPushPullKg: 10,
        maxSittingMinutes: 30,
        maxStandingMinutes: 20,
        maxWalkingMinutes: 15,
        maxScreenMinutes: 45,
        posturesAvoided: ['bending', 'twisting'],
        physicalDemandsAvoided: ['lifting'],
      }),
      workWeek('2026-12-14', 75, { tasksAllowed: ['Back to own class, mornings'], maxLiftKg: 10 }),
    ];
    const changed = await http()
      .put(`/episodes/${episodeId}/plans/1`)
      .set(as(physio))
      .set('If-Match', await planEtag())
      .send(planDraft({ workTrack: weeks }));
    expect(changed.status).toBe(200);
    const hoursPerWeek = [19, 28.5];
    for (const reader of [hr, employee]) {
      const plan = await http().get(`/episodes/${episodeId}/plans/1`).set(as(reader));
      expect([reader.role, plan.status, plan.body.workTrack]).toEqual([
        reader.role,
        200,
        weeks.map((week, i) => ({ ...week, hoursPerWeek: hoursPerWeek[i] })),
      ]);
    }

    const intervention = {
      kind: 'workstation_adjustment',
      description:
        'Chair with lumbar support at shoulder height of the desk; knee pads for floor work',
      owner: 'Facilities, Campus Noord',
    };
    const added = await http()
      .post(`/episodes/${episodeId}/interventions`)
      .set(as(hr))
      .send(intervention);
    expect(added.status).toBe(201);
    const list = await http().get(`/episodes/${episodeId}/interventions`).set(as(employee));
    expect(list.body.find((i: { id: string }) => i.id === added.body.id)).toMatchObject(
      intervention,
    );
  });

  it('the database refuses restrictions with an unknown key, posture or demand: a diagnosis cannot be stored there', async () => {
    const insert = (restrictions: object) =>
      world.db.query(
        `INSERT INTO work_status_period (episode_id, effective_from, status, percent_of_contract, restrictions)
         VALUES ($1, DATE '2030-01-01', 'full_duty', 100, $2)`,
        [world.episodeId, JSON.stringify(restrictions)],
      );
    for (const restrictions of [
      { maxLiftKg: 10, diagnosis: 'M51.1' },
      { posturesAvoided: ['lumbar_flexion'] },
      { posturesAvoided: 'bending' },
      { physicalDemandsAvoided: ['driving'] },
    ]) {
      await expect(insert(restrictions)).rejects.toThrow(/CHK_work_status_period_restrictions/);
    }
  });

  it('restrictions stored before the guard still read back as they were', async () => {
    const { db, http, as, hr, episodeId } = world;
    const effectiveFrom = stepDate();
    const legacy = { maxLiftKg: 12.5, maxScreenMinutes: 90, tasksAvoided: ['Night shifts'] };
    await db.query(
      `INSERT INTO work_status_period (episode_id, effective_from, status, percent_of_contract, restrictions)
       VALUES ($1, $2, 'full_duty', 100, $3)`,
      [episodeId, effectiveFrom, JSON.stringify(legacy)],
    );
    const timeline = await http().get(`/episodes/${episodeId}/work-status`).set(as(hr));
    expect(timeline.status).toBe(200);
    expect(timeline.body.at(-1)).toEqual({
      effectiveFrom,
      status: 'full_duty',
      percentOfContract: 100,
      hoursPerWeek: 38,
      restrictions: legacy,
    });
  });

  it('clinical fields the care team alone reads stay clinical: the complaint note may name the diagnosis', async () => {
    const { http, as, physio, episodeId } = world;
    const complaint = await http()
      .put(`/episodes/${episodeId}/complaint`)
      .set(as(physio))
      .send({
        regions: ['low_back'],
        side: 'left',
        specificity: 'specific',
        clinicalNote: 'L5-S1 disc herniation with sciatica (M51.1)',
      });
    expect(complaint.status).toBe(200);
    expect(complaint.body.complaint.clinicalNote).toBe(
      'L5-S1 disc herniation with sciatica (M51.1)',
    );
  });
});
