import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, addMonths, todayIn } from '../../src/common/dates/calendar.js';
import { JobEnqueueService } from '../../src/common/queue/job-enqueue.service.js';
import { CheckpointRemindersService } from '../../src/modules/checkpoints/checkpoint-reminders.service.js';
import { MailDeliveryService } from '../../src/modules/notifications/mail-delivery.service.js';
import { NotificationsService } from '../../src/modules/notifications/notifications.service.js';
import { AbsenceClockService } from '../../src/modules/episodes/absence-clock.service.js';
import { followTheWork } from '../../src/modules/episodes/episode-history.store.js';
import { redFlagsForRegions } from '../../src/modules/triage/red-flags.js';
import { createEmployee } from '../factories/employees.js';
import { type CareWorld, careWorld } from '../support/care-world.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

interface Checkpoint {
  id: string;
  ruleKey: string;
  occurrence: number;
  dueOn: string;
  status: string;
  outcome: string | null;
  clockStart: string | null;
  completedAt: string | null;
  carriedOver: { fromEpisodeId: string; fromCheckpointId: string } | null;
  moves: { fromDueOn: string; toDueOn: string; reason: string; movedBy: string | null }[];
  version: number;
}

interface HistoryEvent {
  kind: string;
  cause: string;
  fromStatus: string | null;
  toStatus: string | null;
  clockStart: string | null;
  effectiveOn: string | null;
  daysBackAtWork: number | null;
  byUserId: string | null;
}

describe('the absence clock follows the work-status timeline', () => {
  let t: TestApp;
  let nl: CareWorld;
  let be: CareWorld;
  const world = (jurisdiction: 'NL' | 'BE') => (jurisdiction === 'NL' ? nl : be);

  beforeAll(async () => {
    t = await startTestApi();
    nl = await careWorld(t, { jurisdiction: 'NL' });
    be = await careWorld(t, { jurisdiction: 'BE' });
  });
  afterAll(async () => {
    await t.app.close();
  });

  /** A new employee of the world's employer, absent from `absenceStart`. */
  const openEpisode = async (w: CareWorld, jurisdiction: 'NL' | 'BE', absenceStart: string) => {
    const opened = await w
      .http()
      .post('/episodes')
      .set(w.as(w.hr))
      .send({
        employeeId: await createEmployee(w.db, w.employer),
        jurisdiction,
        referralDate: absenceStart,
        absenceStart,
      });
    expect(opened.status).toBe(201);
    return opened.body as { id: string; clockStart: string; continuesEpisodeId: string | null };
  };
  const step = (w: CareWorld, id: string, body: object) =>
    w.http().post(`/episodes/${id}/work-status`).set(w.as(w.hr)).send(body);
  const episode = async (w: CareWorld, id: string) =>
    (await w.http().get(`/episodes/${id}`).set(w.as(w.hr)).expect(200)).body as {
      clockStart: string;
      continuesEpisodeId: string | null;
      status: string;
      version: number;
    };
  const checkpoints = async (w: CareWorld, id: string) =>
    (await w.http().get(`/episodes/${id}/checkpoints`).set(w.as(w.hr)).expect(200))
      .body as Checkpoint[];
  const history = async (w: CareWorld, id: string, user = w.hr) =>
    (await w.http().get(`/episodes/${id}/history`).set(w.as(user)).expect(200))
      .body as HistoryEvent[];
  const planned = (list: Checkpoint[], ruleKey: string) =>
    list.find((c) => c.ruleKey === ruleKey && c.occurrence === 1 && c.status === 'planned');

  // Absent from Monday 2 March 2026, back at full duty on 1 April (last sick day 31 March).
  const FIRST_SICK_DAY = '2026-03-02';
  const BACK_AT_WORK = '2026-04-01';

  describe.each([
    // jurisdiction, days back at full duty before the relapse, whether the clock continues
    ['NL', 27, true], // 28 days after the last sick day: less than four weeks apart
    ['NL', 28, false],
    ['BE', 14, true], // a work attempt of 14 days does not interrupt the incapacity
    ['BE', 15, false],
  ] as const)(
    '%s: a relapse on the open episode after %i days back at work',
    (jurisdiction, daysBack, continues) => {
      const relapse = addDays(BACK_AT_WORK, daysBack);
      const clock = continues ? FIRST_SICK_DAY : relapse;

      it(`${continues ? 'continues the clock' : 'starts a new clock and re-plans every deadline from it'}`, async () => {
        const w = world(jurisdiction);
        const { id } = await openEpisode(w, jurisdiction, FIRST_SICK_DAY);
        const before = await checkpoints(w, id);
        expect(
          (await step(w, id, { effectiveFrom: BACK_AT_WORK, status: 'full_duty' })).status,
        ).toBe(201);
        expect((await step(w, id, { effectiveFrom: relapse, status: 'absent' })).status).toBe(201);

        expect(await episode(w, id)).toMatchObject({ clockStart: clock, continuesEpisodeId: null });
        const after = await checkpoints(w, id);
        // The statutory end dates follow the clock in force. The Netherlands adds the sickness
        // periods together: the days back at work do not count, so what falls after the return
        // moves by them. Belgium counts on in calendar days.
        if (jurisdiction === 'NL') {
          const worked = continues ? daysBack : 0;
          expect(planned(after, 'nl_wage_continuation_end')?.dueOn).toBe(
            addDays(clock, 727 + worked),
          );
          expect(planned(after, 'nl_problem_analysis')?.dueOn).toBe(addDays(clock, 41 + worked));
          expect(planned(after, 'nl_absence_report')?.dueOn).toBe(addDays(clock, 6));
        } else {
          expect(planned(after, 'be_trajectory_possible')?.dueOn).toBe(addMonths(clock, 3));
          expect(planned(after, 'be_inform_occupational_doctor')?.dueOn).toBe(addDays(clock, 28));
        }
        const sickness = after.filter((c) => c.status === 'planned' && c.clockStart !== null);
        expect(sickness.length).toBeGreaterThan(0);
        expect(sickness.every((c) => c.clockStart === clock)).toBe(true);
        if (continues && jurisdiction === 'BE') {
          expect(after.map((c) => [c.id, c.dueOn, c.moves.length])).toEqual(
            before.map((c) => [c.id, c.dueOn, 0]),
          );
        } else if (continues) {
          // Everything due from the first day back on moved by the days worked, with the reason.
          expect(after.map((c) => c.id).sort()).toEqual(before.map((c) => c.id).sort());
          for (const c of after) {
            const was = before.find((b) => b.id === c.id)!;
            const moved = was.dueOn >= BACK_AT_WORK;
            const expected = moved ? addDays(was.dueOn, daysBack) : was.dueOn;
            if (c.ruleKey === 'nl_week_42_notification') {
              // The first working day on or after the moved date.
              expect(c.dueOn >= addDays(expected, -2) && c.dueOn <= addDays(expected, 2)).toBe(
                true,
              );
            } else {
              expect(c.dueOn).toBe(expected);
            }
            expect(c.moves).toEqual(
              moved
                ? [
                    expect.objectContaining({
                      reason: `re-planned (absence_clock_changed): the sickness periods count as one; the ${daysBack} days back at work between them do not count towards the deadlines (BW 7:629 lid 10)`,
                      fromDueOn: was.dueOn,
                      toDueOn: c.dueOn,
                    }),
                  ]
                : [],
            );
          }
        } else {
          // The same checkpoints moved (none lost, none doubled), each with the reason.
          expect(after.map((c) => c.id).sort()).toEqual(before.map((c) => c.id).sort());
          for (const c of sickness) {
            expect(c.moves).toEqual([
              expect.objectContaining({
                reason: `re-planned (absence_clock_changed): a new absence clock from ${relapse}: back at work ${daysBack} days before the relapse, longer than the relapse window`,
                movedBy: null,
                toDueOn: c.dueOn,
              }),
            ]);
          }
        }

        // The history says what the clock decided, for HR and the employee alike.
        const events = (await history(w, id)).filter((e) => e.kind !== 'status_changed');
        expect(events).toEqual([
          expect.objectContaining({
            kind: 'absence_clock_started',
            cause: 'episode_opened',
            clockStart: FIRST_SICK_DAY,
            effectiveOn: FIRST_SICK_DAY,
            daysBackAtWork: null,
          }),
          expect.objectContaining({
            kind: continues ? 'absence_clock_continued' : 'absence_clock_started',
            cause: 'work_status_recorded',
            clockStart: clock,
            effectiveOn: relapse,
            daysBackAtWork: daysBack,
          }),
        ]);
      });
    },
  );

  it('decides again when the timeline is corrected in the past: a step inserted, then removed', async () => {
    const { id } = await openEpisode(nl, 'NL', FIRST_SICK_DAY);
    // Back part-time on 1 May; HR had not recorded that the employee was fully back in April.
    expect(
      (
        await step(nl, id, {
          effectiveFrom: '2026-05-01',
          status: 'partial',
          percentOfContract: 50,
        })
      ).status,
    ).toBe(201);
    const original = await checkpoints(nl, id);
    expect((await episode(nl, id)).clockStart).toBe(FIRST_SICK_DAY);

    // Without saying it is a correction, a step before the latest is refused, naming the field.
    const refused = await step(nl, id, { effectiveFrom: BACK_AT_WORK, status: 'full_duty' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'effectiveFrom' })]);
    expect((await episode(nl, id)).clockStart).toBe(FIRST_SICK_DAY);

    const inserted = await step(nl, id, {
      effectiveFrom: BACK_AT_WORK,
      status: 'full_duty',
      correction: true,
    });
    expect(inserted.status).toBe(201);
    expect(inserted.body.map((s: { effectiveFrom: string }) => s.effectiveFrom)).toEqual([
      FIRST_SICK_DAY,
      BACK_AT_WORK,
      '2026-05-01',
    ]);
    // 30 days at full duty before 1 May: a new clock from 1 May.
    expect((await episode(nl, id)).clockStart).toBe('2026-05-01');
    const corrected = await checkpoints(nl, id);
    expect(planned(corrected, 'nl_problem_analysis')?.dueOn).toBe(addDays('2026-05-01', 41));
    expect(corrected.map((c) => c.id).sort()).toEqual(original.map((c) => c.id).sort());

    // A step more than 90 days ahead is taken for a typing error, like an episode's dates.
    const ahead = await step(nl, id, {
      effectiveFrom: addDays(todayIn(), 91),
      status: 'full_duty',
    });
    expect([ahead.status, ahead.body.errors?.[0]?.field]).toEqual([422, 'effectiveFrom']);

    // The same date twice, or before the step that opened the episode, is refused.
    for (const effectiveFrom of [BACK_AT_WORK, '2026-03-01']) {
      const twice = await step(nl, id, { effectiveFrom, status: 'absent', correction: true });
      expect([twice.status, twice.body.errors?.[0]?.field]).toEqual([400, 'effectiveFrom']);
    }

    // Removing the return puts the timeline, and every deadline, back on the first clock.
    const removed = await nl
      .http()
      .delete(`/episodes/${id}/work-status/${BACK_AT_WORK}`)
      .set(nl.as(nl.hr));
    expect(removed.status).toBe(200);
    expect((await episode(nl, id)).clockStart).toBe(FIRST_SICK_DAY);
    const restored = await checkpoints(nl, id);
    expect(restored.map((c) => [c.id, c.dueOn])).toEqual(original.map((c) => [c.id, c.dueOn]));
    expect(planned(restored, 'nl_problem_analysis')?.moves.map((m) => m.toDueOn)).toEqual([
      addDays('2026-05-01', 41),
      addDays(FIRST_SICK_DAY, 41),
    ]);
    const clockEvents = (await history(nl, id)).filter((e) => e.kind !== 'status_changed');
    expect(clockEvents.map((e) => [e.kind, e.cause, e.clockStart])).toEqual([
      ['absence_clock_started', 'episode_opened', FIRST_SICK_DAY],
      ['absence_clock_started', 'timeline_corrected', '2026-05-01'],
      ['absence_clock_withdrawn', 'timeline_corrected', '2026-05-01'],
      ['absence_clock_started', 'timeline_corrected', FIRST_SICK_DAY],
    ]);

    // The first step opened the episode; a date without a step is not found.
    const first = await nl
      .http()
      .delete(`/episodes/${id}/work-status/${FIRST_SICK_DAY}`)
      .set(nl.as(nl.hr));
    expect([first.status, first.body.errors?.[0]?.field]).toEqual([400, 'effectiveFrom']);
    const none = await nl.http().delete(`/episodes/${id}/work-status/2026-06-30`).set(nl.as(nl.hr));
    expect(none.status).toBe(404);
    const badDate = await nl
      .http()
      .delete(`/episodes/${id}/work-status/2026-02-30`)
      .set(nl.as(nl.hr));
    expect([badDate.status, badDate.body.errors?.[0]?.field]).toEqual([400, 'effectiveFrom']);
  });
  it('lets a step recorded ahead decide the clock only on the day it takes effect', async () => {
    const { id } = await openEpisode(nl, 'NL', FIRST_SICK_DAY);
    await step(nl, id, { effectiveFrom: BACK_AT_WORK, status: 'full_duty' }).expect(201);
    const before = await checkpoints(nl, id);
    // An operation is planned in a month: the employee is back at work until then.
    const operation = addDays(todayIn(), 30);
    await step(nl, id, { effectiveFrom: operation, status: 'absent' }).expect(201);
    expect((await episode(nl, id)).clockStart).toBe(FIRST_SICK_DAY);
    expect((await checkpoints(nl, id)).map((c) => [c.id, c.dueOn])).toEqual(
      before.map((c) => [c.id, c.dueOn]),
    );
    // The day comes (the step is moved to yesterday, as time would): the worker decides again.
    const yesterday = addDays(todayIn(), -1);
    await nl.db.query(
      `UPDATE work_status_period SET effective_from = $2 WHERE episode_id = $1 AND effective_from = $3`,
      [id, yesterday, operation],
    );
    const clocks = t.app.get(AbsenceClockService);
    expect(await clocks.followStepsTakingEffect()).toBeGreaterThanOrEqual(1);
    expect((await episode(nl, id)).clockStart).toBe(yesterday);
    expect(planned(await checkpoints(nl, id), 'nl_problem_analysis')?.dueOn).toBe(
      addDays(yesterday, 41),
    );
    expect((await history(nl, id)).at(-1)).toMatchObject({
      kind: 'absence_clock_started',
      cause: 'step_took_effect',
      clockStart: yesterday,
      byUserId: null,
    });
    // Nothing more to decide: a second look changes nothing.
    const version = (await episode(nl, id)).version;
    await clocks.followStepsTakingEffect();
    expect((await episode(nl, id)).version).toBe(version);
  });

  it('keeps what was done under a clock that a correction withdrew as done on the clock back in force', async () => {
    const { id } = await openEpisode(nl, 'NL', FIRST_SICK_DAY);
    await step(nl, id, { effectiveFrom: BACK_AT_WORK, status: 'full_duty' }).expect(201);
    await step(nl, id, { effectiveFrom: '2026-05-01', status: 'absent' }).expect(201);
    // A new clock from 1 May: HR reports the absence under it.
    const report = planned(await checkpoints(nl, id), 'nl_absence_report')!;
    expect(report).toMatchObject({ clockStart: '2026-05-01', dueOn: '2026-05-07' });
    await nl.http().post(`/checkpoints/${report.id}/sign-off`).set(nl.as(nl.hr)).expect(200);
    const current = await nl.http().get(`/checkpoints/${report.id}`).set(nl.as(nl.hr));
    await nl
      .http()
      .post(`/checkpoints/${report.id}/outcome`)
      .set(nl.as(nl.hr))
      .set('If-Match', current.headers.etag as string)
      .send({ outcome: 'continue' })
      .expect(200);
    // The return was recorded in error: one sickness period from 2 March, its report done.
    await nl
      .http()
      .delete(`/episodes/${id}/work-status/${BACK_AT_WORK}`)
      .set(nl.as(nl.hr))
      .expect(200);
    const reports = (await checkpoints(nl, id)).filter((c) => c.ruleKey === 'nl_absence_report');
    expect(reports.map((c) => [c.clockStart, c.status])).toEqual([
      [FIRST_SICK_DAY, 'completed'],
      ['2026-05-01', 'completed'],
    ]);
    expect(reports[0]).toMatchObject({
      dueOn: '2026-03-08',
      outcome: 'continue',
      carriedOver: { fromEpisodeId: id, fromCheckpointId: report.id },
    });
  });
});

describe('obligations carry over to the episode that continues the clock', () => {
  let t: TestApp;
  let nl: CareWorld;

  beforeAll(async () => {
    t = await startTestApi();
    nl = await careWorld(t, { jurisdiction: 'NL' });
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('shows what the earlier episode completed as done, and what it did not as overdue, with where it came from', async () => {
    const employeeId = await createEmployee(nl.db, nl.employer);
    const open = (absenceStart: string) =>
      nl
        .http()
        .post('/episodes')
        .set(nl.as(nl.hr))
        .send({ employeeId, jurisdiction: 'NL', referralDate: absenceStart, absenceStart });
    // Absent from 1 September: report by 7 September, problem analysis by 12 October.
    const first = await open('2026-09-01');
    expect(first.status).toBe(201);
    const earlier = await nl.http().get(`/episodes/${first.body.id}/checkpoints`).set(nl.as(nl.hr));
    const report = (earlier.body as Checkpoint[]).find((c) => c.ruleKey === 'nl_absence_report')!;
    await nl.http().post(`/checkpoints/${report.id}/sign-off`).set(nl.as(nl.hr)).expect(200);
    const current = await nl.http().get(`/checkpoints/${report.id}`).set(nl.as(nl.hr));
    await nl
      .http()
      .post(`/checkpoints/${report.id}/outcome`)
      .set(nl.as(nl.hr))
      .set('If-Match', current.headers.etag as string)
      .send({ outcome: 'continue' })
      .expect(200);
    // Back at full duty on 1 November, the episode closed.
    await nl
      .http()
      .post(`/episodes/${first.body.id}/work-status`)
      .set(nl.as(nl.hr))
      .send({ effectiveFrom: '2026-11-01', status: 'full_duty' })
      .expect(201);
    const before = await nl.http().get(`/episodes/${first.body.id}`).set(nl.as(nl.hr));
    await nl
      .http()
      .post(`/episodes/${first.body.id}/transitions`)
      .set(nl.as(nl.hr))
      .set('If-Match', before.headers.etag as string)
      .send({ to: 'closed', closeReason: 'full_rtw' })
      .expect(200);

    // Ill again on 20 November: 20 days after the last sick day, so one sickness period.
    const relapse = await open('2026-11-20');
    expect(relapse.body).toMatchObject({
      clockStart: '2026-09-01',
      continuesEpisodeId: first.body.id,
    });
    const carried = (
      await nl.http().get(`/episodes/${relapse.body.id}/checkpoints`).set(nl.as(nl.hr))
    ).body as Checkpoint[];
    const rule = (key: string) => carried.find((c) => c.ruleKey === key && c.occurrence === 1)!;
    expect(rule('nl_absence_report')).toMatchObject({
      status: 'completed',
      outcome: 'continue',
      dueOn: '2026-09-07',
      completedAt: expect.any(String),
      carriedOver: { fromEpisodeId: first.body.id, fromCheckpointId: report.id },
    });
    for (const [key, dueOn] of [
      ['nl_problem_analysis', '2026-10-12'],
      ['nl_plan_of_action', '2026-10-26'],
    ]) {
      expect(rule(key)).toMatchObject({
        status: 'planned',
        dueOn,
        carriedOver: { fromEpisodeId: first.body.id, fromCheckpointId: expect.any(String) },
      });
    }
    // What falls due after the relapse began is this episode's own.
    // Day 98 counts sickness days: the 19 days back at work (1 to 19 November) do not count.
    expect(rule('nl_plan_evaluation')).toMatchObject({ dueOn: '2026-12-26', carriedOver: null });
    expect(carried.filter((c) => c.ruleKey === 'nl_absence_report')).toHaveLength(1);

    // A carried obligation escalates like any overdue deadline; a done one does not.
    // The worker's reminder sweep, run here without a worker process (a running worker would also
    // take up the jobs of the other test files sharing this database).
    const sweep = new CheckpointRemindersService(
      nl.db,
      t.app.get(JobEnqueueService),
      t.app.get(NotificationsService, { strict: false }),
      t.app.get(MailDeliveryService, { strict: false }),
      t.config,
    );
    await sweep.sweep(todayIn());
    const reminders = await nl.db.query<{ checkpoint_id: string }[]>(
      `SELECT checkpoint_id FROM checkpoint_reminder WHERE kind = 'overdue' AND checkpoint_id = ANY($1::uuid[])`,
      [carried.map((c) => c.id)],
    );
    const overdue = new Set(reminders.map((r) => r.checkpoint_id));
    expect(overdue.has(rule('nl_problem_analysis').id)).toBe(true);
    expect(overdue.has(rule('nl_plan_of_action').id)).toBe(true);
    expect(overdue.has(rule('nl_absence_report').id)).toBe(false);
  });
});

describe('the lifecycle follows the work', () => {
  let t: TestApp;
  let be: CareWorld;

  beforeAll(async () => {
    t = await startTestApi();
    be = await careWorld(t, { jurisdiction: 'BE' });
  });
  afterAll(async () => {
    await t.app.close();
  });

  const status = async () =>
    (await be.http().get(`/episodes/${be.episodeId}`).set(be.as(be.hr)).expect(200)).body
      .status as string;

  it('intake -> intake, plan approved -> active, full duty held -> monitoring, ill again -> active', async () => {
    expect(await status()).toBe('referred');
    await be
      .http()
      .put(`/episodes/${be.episodeId}/complaint`)
      .set(be.as(be.physio))
      .send({ regions: ['low_back'], side: 'central', specificity: 'aspecific' })
      .expect(200);
    await be
      .http()
      .put(`/episodes/${be.episodeId}/intake`)
      .set(be.as(be.physio))
      .send({
        redFlags: Object.fromEntries(
          redFlagsForRegions(['low_back']).map((flag) => [flag.code, false]),
        ),
        rehabilitationPotential: 'good',
      })
      .expect(200);
    expect(await status()).toBe('intake');

    const plans = (path = '') => `/episodes/${be.episodeId}/plans${path}`;
    await be
      .http()
      .post(plans())
      .set(be.as(be.physio))
      .send({
        startDate: '2026-11-30',
        targetFullReturn: '2027-01-11',
        components: ['graded_activity', 'advice_education', 'return_to_work_programme'],
        movementTrack: [],
        workTrack: [
          { from: '2026-11-30', percentOfContract: 50, tasksAllowed: [], tasksAvoided: [] },
        ],
        reviewDates: [],
      })
      .expect(201);
    for (const [verb, user] of [
      ['submit', be.physio],
      ['approve', be.doctor],
    ] as const) {
      const current = await be.http().get(plans('/1')).set(be.as(user));
      await be
        .http()
        .post(plans(`/1/${verb}`))
        .set(be.as(user))
        .set('If-Match', current.headers.etag as string)
        .send({})
        .expect(200);
    }
    expect(await status()).toBe('active');

    // Full duty for 14 days is not yet held in Belgium (a work attempt); the 15th day it is.
    const today = todayIn();
    await be
      .http()
      .post(`/episodes/${be.episodeId}/work-status`)
      .set(be.as(be.hr))
      .send({ effectiveFrom: addDays(today, -14), status: 'full_duty' })
      .expect(201);
    expect(await status()).toBe('active');
    // A day passes: the worker's sweep finds the return held.
    await be.db.query(
      `UPDATE work_status_period SET effective_from = effective_from - 1
        WHERE episode_id = $1 AND status = 'full_duty'`,
      [be.episodeId],
    );
    expect(await followTheWork(be.db.manager, null)).toBeGreaterThanOrEqual(1);
    expect(await status()).toBe('monitoring');
    expect(await followTheWork(be.db.manager, be.episodeId)).toBe(0);

    // Partial again today: back to active.
    await be
      .http()
      .post(`/episodes/${be.episodeId}/work-status`)
      .set(be.as(be.hr))
      .send({ effectiveFrom: today, status: 'partial', percentOfContract: 50 })
      .expect(201);
    expect(await status()).toBe('active');

    const moves = (await be.http().get(`/episodes/${be.episodeId}/history`).set(be.as(be.employee)))
      .body as HistoryEvent[];
    expect(
      moves
        .filter((e) => e.kind === 'status_changed')
        .map((e) => [e.fromStatus, e.toStatus, e.cause, e.byUserId]),
    ).toEqual([
      ['referred', 'intake', 'intake_recorded', be.physio.id],
      ['intake', 'active', 'plan_approved', be.doctor.id],
      ['active', 'monitoring', 'full_duty_held', null],
      ['monitoring', 'active', 'incapacity_again', be.hr.id],
    ]);

    // An episode that never left work is not "back": it stays active.
    const preventive = await be
      .http()
      .post('/episodes')
      .set(be.as(be.hr))
      .send({
        employeeId: await createEmployee(be.db, be.employer),
        jurisdiction: 'BE',
        referralDate: addDays(today, -60),
      })
      .expect(201);
    for (const to of ['intake', 'active']) {
      const read = await be.http().get(`/episodes/${preventive.body.id}`).set(be.as(be.hr));
      await be
        .http()
        .post(`/episodes/${preventive.body.id}/transitions`)
        .set(be.as(be.hr))
        .set('If-Match', read.headers.etag as string)
        .send({ to })
        .expect(200);
    }
    expect(await followTheWork(be.db.manager, preventive.body.id)).toBe(0);

    // A manual setback stays possible, and is recorded as manual.
    const current = await be.http().get(`/episodes/${be.episodeId}`).set(be.as(be.hr));
    const closed = await be
      .http()
      .post(`/episodes/${be.episodeId}/transitions`)
      .set(be.as(be.hr))
      .set('If-Match', current.headers.etag as string)
      .send({ to: 'closed', closeReason: 'partial_rtw' });
    expect(closed.status).toBe(200);
    const last = (
      (await be.http().get(`/episodes/${be.episodeId}/history`).set(be.as(be.hr)))
        .body as HistoryEvent[]
    ).at(-1);
    expect(last).toMatchObject({ fromStatus: 'active', toStatus: 'closed', cause: 'manual' });
  });
});
