import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { careWorld, type CareWorld } from '../support/care-world.js';
import { createEmployer, createUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

type Line = { key: string; value: number | null };
type Section = { key: string; lines: Line[] };

describe("Belgium's yearly evaluation of the collective re-integration policy", () => {
  let t: TestApp;
  let be: CareWorld;

  beforeAll(async () => {
    t = await startTestApi();
    be = await careWorld(t, { jurisdiction: 'BE' });
    const put = (user: CareWorld['hr'], kind: string, occurredOn: string) =>
      be
        .http()
        .put(`/episodes/${be.episodeId}/milestones`)
        .set(be.as(user))
        .send({ kind, occurredOn });
    // Requested on the 21st, decided (A) on the 24th, plan offered on the 25th.
    for (const [user, kind, on] of [
      [be.hr, 'trajectory_requested', '2026-11-21'],
      [be.doctor, 'decision_a', '2026-11-24'],
      [be.doctor, 'plan_offered', '2026-11-25'],
    ] as const) {
      const response = await put(user, kind, on);
      if (response.status !== 200) throw new Error(`${kind} answered ${response.status}`);
    }
    await be.db.query(
      `INSERT INTO workplace_intervention (episode_id, kind, description, owner, status, cost_eur, created_by, version)
       VALUES ($1, 'adapted_tasks', 'No lifting above 5 kg', 'HR', 'done', 150, $2, 1),
              ($1, 'equipment', 'Sit-stand desk', 'HR', 'planned', NULL, $2, 1)`,
      [be.episodeId, be.hr.id],
    );
  }, 60_000);
  afterAll(async () => {
    await t.app.close();
  });

  const evaluation = (user: CareWorld['hr'], query = 'year=2026', employer = be.employer) =>
    be
      .http()
      .get(`/reports/employers/${employer}/reintegration-evaluation?${query}`)
      .set(be.as(user));
  const value = (sections: Section[], section: string, key: string) =>
    sections.find((s) => s.key === section)!.lines.find((l) => l.key === key)!.value;

  it('is drawn up from the records of the year', async () => {
    const response = await evaluation(be.hr);
    expect(response.status).toBe(200);
    const sections = response.body.sections as Section[];
    expect(response.body).toMatchObject({ employerId: be.employer, year: 2026, episodes: 1 });
    expect(value(sections, 'trajectories', 'started')).toBe(1);
    expect(value(sections, 'trajectories', 'decision_a')).toBe(1);
    expect(value(sections, 'trajectories', 'decision_b')).toBe(0);
    expect(value(sections, 'trajectories', 'assessed_in_time_percent')).toBe(100);
    expect(value(sections, 'trajectories', 'median_days_to_decision')).toBe(3);
    expect(value(sections, 'plans', 'plans_offered')).toBe(1);
    expect(value(sections, 'plans', 'plans_in_time_percent')).toBe(100);
    expect(value(sections, 'workplace_measures', 'adapted_tasks_done')).toBe(1);
    expect(value(sections, 'workplace_measures', 'equipment_started')).toBe(1);
    expect(value(sections, 'workplace_measures', 'equipment_done')).toBe(0);
    expect(value(sections, 'costs', 'measures_cost_eur')).toBe(150);
    expect(value(sections, 'outcomes', 'full_rtw')).toBe(0);
    expect(value(sections, 'outcomes', 'median_days_to_full_return')).toBeNull();
    // The statutory deadlines of the year, as planned for the episode.
    const [{ due }] = await be.db.query<{ due: number }[]>(
      `SELECT count(*)::int AS due FROM checkpoint
        WHERE episode_id = $1 AND category = 'statutory' AND kind = 'deadline' AND status <> 'cancelled'
          AND due_on BETWEEN DATE '2026-01-01' AND DATE '2026-12-31'`,
      [be.episodeId],
    );
    expect(due).toBeGreaterThan(0);
    expect(value(sections, 'deadlines', 'due')).toBe(due);
    // Counts only: no name, no free text of a measure, no body region.
    expect(JSON.stringify(response.body)).not.toMatch(
      /Test Employee|lifting|Sit-stand|"(neck|shoulder|low_back)"/,
    );
    // A year without anything.
    const empty = await evaluation(be.hr, 'year=2024');
    expect(value(empty.body.sections, 'trajectories', 'started')).toBe(0);
    expect(empty.body.episodes).toBe(0);
  });

  it('is exported as a table for the committee', async () => {
    const csv = await be
      .http()
      .get(`/reports/employers/${be.employer}/reintegration-evaluation/export?year=2026&format=csv`)
      .set(be.as(be.doctor));
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(
      'Re-integration trajectories,Trajectories started (requests received),1,count',
    );
  });

  it("is for the employer's HR and the doctors of a service serving it", async () => {
    expect((await evaluation(be.doctor)).status).toBe(200);
    expect((await evaluation(be.physio)).status).toBe(403);
    const other = await createEmployer(be.db);
    const otherHr = await createUser(be.db, 'hr', { organisationId: other });
    const token = await accessTokenFor(t.app, otherHr);
    const foreign = await be
      .http()
      .get(`/reports/employers/${be.employer}/reintegration-evaluation?year=2026`)
      .set('Authorization', `Bearer ${token}`);
    expect(foreign.status).toBe(404);
    const bad = await evaluation(be.hr, 'year=1999');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['year']);
  });
});
