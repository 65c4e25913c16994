import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, todayIn } from '../../src/common/dates/calendar.js';
import { FIRST_TEMPLATES } from '../../src/modules/checkpoints/templates.js';
import { redFlagsForRegions } from '../../src/modules/triage/red-flags.js';
import { createEmployee } from '../factories/employees.js';
import { type CareWorld, careWorld } from '../support/care-world.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

const CANARY = 'CANARY-7d1e-cervical-myelopathy';

describe('checkpoints', () => {
  let t: TestApp;
  let be: CareWorld;
  let nl: CareWorld;

  beforeAll(async () => {
    t = await startTestApi();
    be = await careWorld(t);
    nl = await careWorld(t, { jurisdiction: 'NL' });
  });
  afterAll(async () => {
    await t.app.close();
  });

  const list = async (w: CareWorld, user = w.hr) => {
    const response = await w.http().get(`/episodes/${w.episodeId}/checkpoints`).set(w.as(user));
    expect(response.status).toBe(200);
    return response.body as {
      id: string;
      ruleKey: string;
      occurrence: number;
      dueOn: string;
      computedDueOn: string;
      status: string;
      version: number;
    }[];
  };
  const byKey = async (w: CareWorld, key: string) =>
    (await list(w)).find((c) => c.ruleKey === key)!;

  it('plans the statutory timeline when the episode opens, from the first sick day', async () => {
    // Both worlds: absence from Friday 20 November 2026.
    const belgian = await list(be);
    expect(belgian.map((c) => [c.ruleKey, c.dueOn])).toEqual([
      ['be_inform_occupational_doctor', '2026-12-18'],
      ['be_trajectory_possible', '2027-02-20'],
    ]);
    const dutch = await list(nl);
    expect(dutch).toHaveLength(24);
    expect(dutch.find((c) => c.ruleKey === 'nl_problem_analysis')?.dueOn).toBe('2026-12-31');
    expect(dutch.filter((c) => c.ruleKey === 'nl_plan_evaluation')).toHaveLength(16);
    // Every party of the episode sees the same functional list; a stranger's episode is 404.
    for (const user of [be.physio, be.doctor, be.employee]) {
      expect((await list(be, user)).map((c) => c.id)).toEqual(belgian.map((c) => c.id));
    }
    const foreign = await nl.http().get(`/episodes/${be.episodeId}/checkpoints`).set(nl.as(nl.hr));
    expect(foreign.status).toBe(404);
  });

  it('raises again, for a relapse, what fell due before it began and the earlier episode never did', async () => {
    // An earlier Dutch absence from 1 September, back on full duty on 1 November.
    const employee = await createEmployee(nl.db, nl.employer);
    const [{ id: earlier }] = await nl.db.query<{ id: string }[]>(
      `INSERT INTO episode (employee_id, employer_id, jurisdiction, referral_date, absence_start, clock_start,
                            contract_hours, status, close_reason, closed_on, version)
       VALUES ($1, $2, 'NL', DATE '2026-09-01', DATE '2026-09-01', DATE '2026-09-01', 38, 'closed', 'full_rtw',
               DATE '2026-11-01', 1)
       RETURNING id`,
      [employee, nl.employer],
    );
    await nl.db.query(
      `INSERT INTO work_status_period (episode_id, effective_from, status, percent_of_contract, recorded_by)
       VALUES ($1, DATE '2026-09-01', 'absent', 0, $2), ($1, DATE '2026-11-01', 'full_duty', 100, $2)`,
      [earlier, nl.hr.id],
    );
    const relapse = await nl.http().post('/episodes').set(nl.as(nl.hr)).send({
      employeeId: employee,
      jurisdiction: 'NL',
      referralDate: '2026-11-20',
      absenceStart: '2026-11-20',
    });
    expect(relapse.body).toMatchObject({ clockStart: '2026-09-01', continuesEpisodeId: earlier });
    const planned = await nl
      .http()
      .get(`/episodes/${relapse.body.id}/checkpoints`)
      .set(nl.as(nl.hr));
    // Day 42 (12 October) and day 56 (26 October) fell due under the earlier episode, which
    // recorded neither: they are still owed, so overdue here (the full story is in
    // absence-clock.e2e.spec.ts). Day 98 is the first of this episode's own: 7 December in
    // calendar days, 26 December once the 19 days back at work are left out (BW 7:629 lid 10).
    const rows = planned.body as { ruleKey: string; dueOn: string; status: string }[];
    expect(rows.slice(0, 4).map((c) => [c.ruleKey, c.dueOn, c.status])).toEqual([
      ['nl_absence_report', '2026-09-07', 'planned'],
      ['nl_problem_analysis', '2026-10-12', 'planned'],
      ['nl_plan_of_action', '2026-10-26', 'planned'],
      ['nl_plan_evaluation', '2026-12-26', 'planned'],
    ]);
    expect(new Set(rows.map((c) => `${c.ruleKey}#${c.dueOn}`)).size).toBe(rows.length);
  });

  it('writes one outbox event per new checkpoint, in the same transaction', async () => {
    const ids = (await list(nl)).map((c) => c.id);
    const [{ events }] = await nl.db.query<{ events: string }[]>(
      `SELECT count(*) AS events FROM outbox_event
        WHERE topic = 'checkpoint-scheduled' AND payload->>'checkpointId' = ANY($1::text[])`,
      [ids],
    );
    expect(Number(events)).toBe(ids.length);
  });

  it('serves the templates as stored data, equal to the reviewed first versions', async () => {
    const response = await be.http().get('/checkpoint-templates').set(be.as(be.hr));
    expect(response.status).toBe(200);
    const stored = response.body as { code: string; version: number; rules: unknown[] }[];
    for (const template of FIRST_TEMPLATES) {
      const row = stored.find((s) => s.code === template.code && s.version === template.version);
      expect(row).toMatchObject({
        legalSource: template.legalSource,
        validFrom: template.validFrom,
        validTo: template.validTo,
        jurisdiction: template.jurisdiction,
      });
      expect(row?.rules).toEqual(template.rules);
    }
  });

  it('re-plans the Belgian deadlines from the trajectory events, recording why a date moved', async () => {
    const put = (user: CareWorld['hr'], body: object, w = be) =>
      w.http().put(`/episodes/${w.episodeId}/milestones`).set(w.as(user)).send(body);
    const today = todayIn();
    const requested = addDays(today, -10);
    expect((await put(be.hr, { kind: 'trajectory_requested', occurredOn: requested })).status).toBe(
      200,
    );
    const assessment = await byKey(be, 'be_reintegration_assessment');
    expect(assessment.dueOn).toBe(addDays(requested, 49));

    // The request was in fact received a day earlier: the assessment deadline follows.
    // Correcting a recorded date needs the ETag it was read with.
    const unread = await put(be.hr, { kind: 'trajectory_requested', occurredOn: requested });
    expect(unread.status).toBe(428);
    const corrected = await be
      .http()
      .put(`/episodes/${be.episodeId}/milestones`)
      .set(be.as(be.hr))
      .set('If-Match', 'W/"1"')
      .send({ kind: 'trajectory_requested', occurredOn: addDays(requested, -1) });
    expect([corrected.status, corrected.body.version]).toEqual([200, 2]);
    const moved = await be.http().get(`/checkpoints/${assessment.id}`).set(be.as(be.doctor));
    expect(moved.body.dueOn).toBe(addDays(requested, 48));
    expect(moved.body.moves).toEqual([
      expect.objectContaining({
        fromDueOn: addDays(requested, 49),
        toDueOn: addDays(requested, 48),
        movedBy: null,
        reason: expect.stringContaining('trajectory_requested'),
      }),
    ]);

    // Decisions are the doctor's; HR cannot record one, the physiotherapist records none.
    expect((await put(be.hr, { kind: 'decision_a', occurredOn: today })).status).toBe(403);
    expect((await put(be.physio, { kind: 'trajectory_requested', occurredOn: today })).status).toBe(
      403,
    );
    expect((await put(be.doctor, { kind: 'decision_a', occurredOn: today })).status).toBe(200);
    expect((await byKey(be, 'be_plan_after_decision_a')).dueOn).toBe(addDays(today, 63));

    // Bad input names the field and stores nothing.
    const future = await put(be.hr, { kind: 'plan_offered', occurredOn: addDays(today, 1) });
    expect([future.status, future.body.errors]).toEqual([
      400,
      [{ field: 'occurredOn', message: 'occurredOn must not be in the future' }],
    ]);
    const dutch = await put(nl.hr, { kind: 'trajectory_requested', occurredOn: today }, nl);
    expect(dutch.body.errors).toEqual([
      { field: 'kind', message: 'trajectory events apply to Belgian episodes only' },
    ]);
    // A decision recorded by mistake is withdrawn, by the doctor, with its ETag: its deadline goes.
    const withdraw = (user: CareWorld['hr'], kind: string, etag?: string) => {
      const call = be
        .http()
        .delete(`/episodes/${be.episodeId}/milestones/${kind}`)
        .set(be.as(user));
      return etag ? call.set('If-Match', etag) : call;
    };
    await put(be.doctor, { kind: 'decision_b', occurredOn: today });
    expect((await withdraw(be.hr, 'decision_b', 'W/"1"')).status).toBe(403);
    expect((await withdraw(be.doctor, 'decision_b')).status).toBe(428);
    expect((await withdraw(be.doctor, 'decision_b', 'W/"2"')).status).toBe(412);
    const badKind = await withdraw(be.doctor, 'decision_z', 'W/"1"');
    expect(badKind.body.errors[0].field).toBe('kind');
    expect((await withdraw(be.doctor, 'decision_b', 'W/"1"')).status).toBe(204);
    const gone = (await list(be)).find((c) => c.ruleKey === 'be_plan_after_decision_b');
    expect(gone).toMatchObject({ status: 'cancelled' });
    expect((await withdraw(be.doctor, 'decision_b', 'W/"1"')).status).toBe(404);
    const milestones = await be
      .http()
      .get(`/episodes/${be.episodeId}/milestones`)
      .set(be.as(be.hr));
    expect(milestones.body.map((m: { kind: string }) => m.kind).sort()).toEqual([
      'decision_a',
      'trajectory_requested',
    ]);
  });

  it('reschedules with a reason and the ETag; a statutory deadline only moves earlier', async () => {
    const inform = await byKey(be, 'be_inform_occupational_doctor');
    const reschedule = (body: object, etag?: string) => {
      const call = be.http().post(`/checkpoints/${inform.id}/reschedule`).set(be.as(be.hr));
      return (etag ? call.set('If-Match', etag) : call).send(body);
    };
    const earlier = addDays(inform.dueOn, -3);
    expect((await reschedule({ dueOn: earlier, reason: 'brought_forward' })).status).toBe(428);
    const later = await reschedule(
      { dueOn: addDays(inform.dueOn, 1), reason: 'participant_unavailable' },
      `W/"${inform.version}"`,
    );
    expect([later.status, later.body.errors]).toEqual([
      400,
      [{ field: 'dueOn', message: `a statutory deadline cannot move past ${inform.dueOn}` }],
    ]);
    // Free text is refused: the reason is shown to everyone, so it is one of a few codes.
    const freeText = await reschedule(
      { dueOn: earlier, reason: 'Physio says her neck is worse' },
      `W/"${inform.version}"`,
    );
    expect(freeText.body.errors[0].field).toBe('reason');
    const moved = await reschedule(
      { dueOn: earlier, reason: 'combined_with_other_meeting' },
      `W/"${inform.version}"`,
    );
    expect(moved.status).toBe(200);
    expect(moved.headers.etag).toBe(`W/"${inform.version + 1}"`);
    expect(moved.body).toMatchObject({ dueOn: earlier, computedDueOn: inform.dueOn });
    expect(moved.body.moves.at(-1)).toMatchObject({
      fromDueOn: inform.dueOn,
      toDueOn: earlier,
      reason: 'combined_with_other_meeting',
      movedBy: be.hr.id,
    });
    const stale = await reschedule(
      { dueOn: earlier, reason: 'brought_forward' },
      `W/"${inform.version}"`,
    );
    expect(stale.status).toBe(412);
    // The earliest day a Belgian trajectory may start does not move earlier either.
    const possible = await byKey(be, 'be_trajectory_possible');
    const early = await be
      .http()
      .post(`/checkpoints/${possible.id}/reschedule`)
      .set(be.as(be.hr))
      .set('If-Match', `W/"${possible.version}"`)
      .send({ dueOn: addDays(possible.dueOn, -1), reason: 'brought_forward' });
    expect(early.body.errors).toEqual([
      { field: 'dueOn', message: `this date cannot move before ${possible.dueOn}` },
    ]);
  });

  it('serves a calendar file with the title, the date and a link, nothing clinical', async () => {
    const inform = await byKey(be, 'be_inform_occupational_doctor');
    const response = await be
      .http()
      .get(`/checkpoints/${inform.id}/calendar.ics`)
      .set(be.as(be.hr));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/calendar/);
    const ics = response.text;
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain(`UID:${inform.id}@checkpoints.rtw`);
    expect(ics).toContain(`DTSTART;VALUE=DATE:${inform.dueOn.replaceAll('-', '')}`);
    expect(ics).toContain('SUMMARY:Return to work: Employer informs the occupational doctor');
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  });

  it('gives HR a functional agenda and the care team the clinical part too (diagnosis canary)', async () => {
    await be
      .http()
      .put(`/episodes/${be.episodeId}/complaint`)
      .set(be.as(be.physio))
      .send({ regions: ['neck'], side: 'left', specificity: 'aspecific', clinicalNote: CANARY });
    const checkpoint = await byKey(be, 'be_trajectory_possible');
    const asHr = await be.http().get(`/checkpoints/${checkpoint.id}`).set(be.as(be.hr));
    expect(asHr.status).toBe(200);
    expect(asHr.body.agenda.map((item: { topic: string }) => item.topic)).toEqual([
      'plan',
      'work_hours',
      'open_interventions',
    ]);
    expect(JSON.stringify(asHr.body)).not.toContain(CANARY);
    expect(JSON.stringify(asHr.body)).not.toMatch(/neck|nrs|odi|quota|adherence/i);
    const asDoctor = await be.http().get(`/checkpoints/${checkpoint.id}`).set(be.as(be.doctor));
    expect(asDoctor.body.agenda.map((item: { topic: string }) => item.topic)).toEqual([
      'plan',
      'work_hours',
      'open_interventions',
      'adherence',
      'outcome_changes',
    ]);
  });

  it('records an outcome once every participant on the platform signed off', async () => {
    const inform = await byKey(be, 'be_inform_occupational_doctor');
    const outcome = async (user: CareWorld['hr'], body: object) => {
      const current = await be.http().get(`/checkpoints/${inform.id}`).set(be.as(user));
      return be
        .http()
        .post(`/checkpoints/${inform.id}/outcome`)
        .set(be.as(user))
        .set('If-Match', current.headers.etag as string)
        .send(body);
    };
    const missing = await outcome(be.doctor, { outcome: 'continue' });
    expect([missing.status, missing.body.detail]).toEqual([
      409,
      'Every participant signs off before the outcome is recorded; missing: hr.',
    ]);
    // Only participants sign: this one is HR's alone.
    expect(
      (await be.http().post(`/checkpoints/${inform.id}/sign-off`).set(be.as(be.physio))).status,
    ).toBe(403);
    const signed = await be.http().post(`/checkpoints/${inform.id}/sign-off`).set(be.as(be.hr));
    expect(signed.body.signOffs).toEqual([
      expect.objectContaining({ participant: 'hr', signedBy: be.hr.id, onPlatform: true }),
    ]);
    const again = await be.http().post(`/checkpoints/${inform.id}/sign-off`).set(be.as(be.hr));
    expect(again.body.version).toBe(signed.body.version);

    // HR completes the steps that are HR's alone, and decides nothing else.
    expect((await outcome(be.hr, { outcome: 'escalate' })).status).toBe(403);
    const byPhysio = await outcome(be.physio, { outcome: 'continue' });
    expect(byPhysio.status).toBe(403); // a statutory checkpoint: not the physiotherapist's
    const done = await outcome(be.hr, { outcome: 'continue' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', outcome: 'continue' });
    expect((await outcome(be.doctor, { outcome: 'continue' })).status).toBe(409);
  });

  it('plans the clinical reviews when a plan is approved, and escalation moves the pathway', async () => {
    const plans = (path = '') => `/episodes/${nl.episodeId}/plans${path}`;
    const created = await nl
      .http()
      .post(plans())
      .set(nl.as(nl.physio))
      .send({
        startDate: '2026-11-30',
        targetFullReturn: '2027-01-11',
        components: ['graded_activity', 'advice_education', 'return_to_work_programme'],
        movementTrack: [],
        workTrack: [
          { from: '2026-11-30', percentOfContract: 50, tasksAllowed: [], tasksAvoided: [] },
        ],
        reviewDates: [],
      });
    expect(created.status).toBe(201);
    const act = async (verb: string, user: CareWorld['hr']) => {
      const current = await nl.http().get(plans('/1')).set(nl.as(user));
      return nl
        .http()
        .post(plans(`/1/${verb}`))
        .set(nl.as(user))
        .set('If-Match', current.headers.etag as string)
        .send({});
    };
    expect((await act('submit', nl.physio)).status).toBe(200);
    expect((await act('approve', nl.doctor)).status).toBe(200);
    // The intake (no red flags), which escalation later needs.
    await nl
      .http()
      .put(`/episodes/${nl.episodeId}/complaint`)
      .set(nl.as(nl.physio))
      .send({ regions: ['low_back'], side: 'central', specificity: 'aspecific' })
      .expect(200);
    await nl
      .http()
      .put(`/episodes/${nl.episodeId}/intake`)
      .set(nl.as(nl.physio))
      .send({
        redFlags: Object.fromEntries(
          redFlagsForRegions(['low_back']).map((flag) => [flag.code, false]),
        ),
        rehabilitationPotential: 'good',
      })
      .expect(200);
    const clinical = (await list(nl)).filter((c) => c.ruleKey.startsWith('clinical_'));
    expect(clinical.map((c) => [c.ruleKey, c.dueOn])).toEqual(
      [
        ['clinical_week_2', '2026-12-13'],
        ['clinical_full_return', '2027-01-11'],
        ['clinical_week_6', '2027-01-10'],
        ['clinical_week_12', '2027-02-21'],
      ].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0])),
    );

    // Week 2 review: everyone signs, the physiotherapist asks to adjust the plan.
    const review = clinical.find((c) => c.ruleKey === 'clinical_week_2')!;
    for (const user of [nl.hr, nl.physio, nl.doctor, nl.employee]) {
      expect(
        (await nl.http().post(`/checkpoints/${review.id}/sign-off`).set(nl.as(user))).status,
      ).toBe(200);
    }
    const current = await nl.http().get(`/checkpoints/${review.id}`).set(nl.as(nl.physio));
    const adjusted = await nl
      .http()
      .post(`/checkpoints/${review.id}/outcome`)
      .set(nl.as(nl.physio))
      .set('If-Match', current.headers.etag as string)
      .send({ outcome: 'adjust_plan' });
    expect(adjusted.status).toBe(200);
    const versions = await nl.http().get(plans()).set(nl.as(nl.physio));
    expect(
      versions.body.map((v: { number: number; status: string }) => [v.number, v.status]).sort(),
    ).toEqual([
      [1, 'approved'],
      [2, 'draft'],
    ]);

    // Week 6: the doctor escalates to the multidisciplinary pathway.
    const week6 = clinical.find((c) => c.ruleKey === 'clinical_week_6')!;
    for (const user of [nl.hr, nl.physio, nl.doctor, nl.employee]) {
      await nl.http().post(`/checkpoints/${week6.id}/sign-off`).set(nl.as(user));
    }
    const before = await nl.http().get(`/checkpoints/${week6.id}`).set(nl.as(nl.doctor));
    const escalated = await nl
      .http()
      .post(`/checkpoints/${week6.id}/outcome`)
      .set(nl.as(nl.doctor))
      .set('If-Match', before.headers.etag as string)
      .send({ outcome: 'escalate' });
    expect(escalated.status).toBe(200);
    const [pathway] = await nl.db.query<{ override_pathway: string }[]>(
      `SELECT override_pathway FROM pathway_recommendation WHERE episode_id = $1`,
      [nl.episodeId],
    );
    expect(pathway.override_pathway).toBe('multidisciplinary');
  });

  it('closing at a checkpoint closes the episode and cancels what was still planned', async () => {
    const final = await byKey(nl, 'clinical_full_return');
    for (const user of [nl.hr, nl.physio, nl.doctor, nl.employee]) {
      await nl.http().post(`/checkpoints/${final.id}/sign-off`).set(nl.as(user));
    }
    const outcome = async (body: object) => {
      const current = await nl.http().get(`/checkpoints/${final.id}`).set(nl.as(nl.doctor));
      return nl
        .http()
        .post(`/checkpoints/${final.id}/outcome`)
        .set(nl.as(nl.doctor))
        .set('If-Match', current.headers.etag as string)
        .send(body);
    };
    const noReason = await outcome({ outcome: 'close' });
    expect(noReason.body.errors).toEqual([
      { field: 'closeReason', message: 'closeReason is required to close the episode' },
    ]);
    expect((await outcome({ outcome: 'close', closeReason: 'full_rtw' })).status).toBe(200);
    const all = await list(nl);
    expect(all.filter((c) => c.status === 'planned')).toEqual([]);
    const cancelled = all.filter((c) => c.status === 'cancelled');
    expect(cancelled.length).toBeGreaterThan(10);
    const [episode] = await nl.db.query<{ status: string; close_reason: string }[]>(
      `SELECT status, close_reason FROM episode WHERE id = $1`,
      [nl.episodeId],
    );
    expect(episode).toEqual({ status: 'closed', close_reason: 'full_rtw' });
  });
});
