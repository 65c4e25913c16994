import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { addDays, todayIn } from '../../src/common/dates/calendar.js';
import { OutboxRelaySweep } from '../../src/common/outbox/outbox-relay.sweep.js';
import { CheckpointRemindersService } from '../../src/modules/checkpoints/checkpoint-reminders.service.js';
import { MailDeliveryService } from '../../src/modules/notifications/mail-delivery.service.js';
import { createEmployee } from '../factories/employees.js';
import { createUser } from '../factories/identity.js';
import { type CareWorld, careWorld } from '../support/care-world.js';
import { startTestApi, startTestWorker, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

const FAST = {
  OUTBOX_RELAY_INTERVAL_MS: '100',
  REMINDER_SWEEP_INTERVAL_MS: '300',
  JOB_REQUEUE_AFTER_MS: '1000',
};

describe('checkpoint job pipeline: outbox, reminders, escalation, e-mail', () => {
  let api: TestApp;
  let worker: TestApp;
  let db: DataSource;
  let be: CareWorld;
  let nl: CareWorld;

  beforeAll(async () => {
    api = await startTestApi(FAST);
    worker = await startTestWorker(FAST);
    db = worker.app.get<DataSource>(getDataSourceToken());
    be = await careWorld(api);
    nl = await careWorld(api, { jurisdiction: 'NL' });
    await db.query(`UPDATE app_user SET locale = 'nl' WHERE id = $1`, [be.hr.id]);
  });
  afterAll(async () => {
    await worker.app.close();
    await api.app.close();
  });

  const notifications = (userId: string, kind: string, episodeId: string) =>
    db.query<{ id: string; subject_key: string; email_state: string }[]>(
      `SELECT id, subject_key, email_state FROM notification
        WHERE recipient_user_id = $1 AND kind = $2 AND episode_id = $3 ORDER BY subject_key`,
      [userId, kind, episodeId],
    );
  const checkpointOf = async (w: CareWorld, ruleKey: string) =>
    (
      await db.query<{ id: string; version: number; due_on: string }[]>(
        `SELECT id, version, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM checkpoint
          WHERE episode_id = $1 AND rule_key = $2 AND occurrence = 1`,
        [w.episodeId, ruleKey],
      )
    )[0];

  it('relays the outbox: every participant hears of every planned checkpoint, once', async () => {
    const announced = await until(async () => {
      const rows = await notifications(be.hr.id, 'checkpoint_scheduled', be.episodeId);
      return rows.length === 2 ? rows : undefined;
    });
    expect(announced.every((row) => row.email_state === 'none')).toBe(true);
    // The handler marked each event done with its work...
    const [done] = await db.query<{ owed: string }[]>(
      `SELECT count(*) AS owed FROM outbox_event
        WHERE done_at IS NULL AND payload->>'checkpointId' IN (SELECT id::text FROM checkpoint WHERE episode_id = $1)`,
      [be.episodeId],
    );
    expect(Number(done.owed)).toBe(0);
    // ...and events handed over again (a relay that died before recording them) change nothing.
    await db.query(
      `UPDATE outbox_event SET relayed_at = NULL, done_at = NULL
        WHERE payload->>'checkpointId' IN (SELECT id::text FROM checkpoint WHERE episode_id = $1)`,
      [be.episodeId],
    );
    await worker.app.get(OutboxRelaySweep).relayBatch();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await notifications(be.hr.id, 'checkpoint_scheduled', be.episodeId)).toHaveLength(2);
    // The employee is no participant of these two: nothing for them.
    expect(await notifications(be.employee.id, 'checkpoint_scheduled', be.episodeId)).toEqual([]);
  });

  it('reminds the participants once when a checkpoint comes within reach, by e-mail too', async () => {
    const inform = await checkpointOf(be, 'be_inform_occupational_doctor');
    const soon = addDays(todayIn(), 2);
    const moved = await be
      .http()
      .post(`/checkpoints/${inform.id}/reschedule`)
      .set(be.as(be.hr))
      .set('If-Match', `W/"${inform.version}"`)
      .send({ dueOn: soon, reason: 'brought_forward' });
    expect(moved.status).toBe(200);
    const [reminded] = await until(async () => {
      const rows = await notifications(be.hr.id, 'checkpoint_due_soon', be.episodeId);
      return rows.length && rows[0].email_state === 'sent' ? rows : undefined;
    });
    expect(reminded.subject_key).toBe(`checkpoint:${inform.id}:${soon}`);
    const mails = await db.query<{ subject: string; body: string; message_id: string }[]>(
      `SELECT subject, body, message_id FROM captured_mail WHERE to_address = $1`,
      [be.hr.email],
    );
    expect(mails).toEqual([
      {
        subject: 'Terugkeer naar het werk: melding',
        body: expect.stringContaining('Een overlegmoment waaraan u deelneemt, komt eraan.'),
        message_id: `<${reminded.id}@notifications.rtw>`,
      },
    ]);
    expect(mails[0].body).toContain(`/episodes/${be.episodeId}`);

    // More sweeps, and the same job delivered again by hand: still one reminder, one e-mail.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [reminder] = await db.query<{ id: string }[]>(
      `SELECT id FROM checkpoint_reminder WHERE checkpoint_id = $1`,
      [inform.id],
    );
    expect(await worker.app.get(CheckpointRemindersService).deliver([reminder.id])).toEqual({
      delivered: 0,
      obsolete: 0,
    });
    expect(await notifications(be.hr.id, 'checkpoint_due_soon', be.episodeId)).toHaveLength(1);
    const [{ count }] = await db.query<{ count: string }[]>(
      `SELECT count(*) FROM captured_mail WHERE to_address = $1`,
      [be.hr.email],
    );
    expect(Number(count)).toBe(1);
  });

  it('escalates an overdue deadline to the occupational doctor and HR', async () => {
    const analysis = await checkpointOf(nl, 'nl_problem_analysis');
    // Time passes: the deadline was yesterday and nobody completed it.
    await db.query(`UPDATE checkpoint SET due_on = $2 WHERE id = $1`, [
      analysis.id,
      addDays(todayIn(), -1),
    ]);
    const subject = `checkpoint:${analysis.id}:${addDays(todayIn(), -1)}`;
    for (const user of [nl.doctor, nl.hr]) {
      await until(async () => {
        const rows = await notifications(user.id, 'checkpoint_overdue', nl.episodeId);
        return rows.some((row) => row.subject_key === subject) ? rows : undefined;
      });
    }
    expect(
      (await notifications(nl.physio.id, 'checkpoint_overdue', nl.episodeId)).filter(
        (row) => row.subject_key === subject,
      ),
    ).toEqual([]);
  });

  it('restores reminders whose jobs were lost with Redis: PostgreSQL says what is owed', async () => {
    const possible = await checkpointOf(be, 'be_trajectory_possible');
    await db.query(`UPDATE checkpoint SET due_on = $2 WHERE id = $1`, [
      possible.id,
      addDays(todayIn(), 3),
    ]);
    // A reminder handed to Redis an hour ago, never delivered: its job is gone.
    await db.query(
      `INSERT INTO checkpoint_reminder (checkpoint_id, kind, due_on, enqueued_at)
       VALUES ($1, 'due_soon', $2, now() - interval '1 hour')`,
      [possible.id, addDays(todayIn(), 3)],
    );
    await until(async () => {
      const [row] = await db.query<{ delivered: boolean }[]>(
        `SELECT delivered_at IS NOT NULL AS delivered FROM checkpoint_reminder WHERE checkpoint_id = $1`,
        [possible.id],
      );
      return row.delivered ? row : undefined;
    });
    const rows = await notifications(be.hr.id, 'checkpoint_due_soon', be.episodeId);
    expect(
      rows.filter((row) => row.subject_key.startsWith(`checkpoint:${possible.id}:`)),
    ).toHaveLength(1);
  });

  it('refreshes the report cube for the year of a new episode', async () => {
    await db.query(`UPDATE organisation SET region = 'BE9Q' WHERE id = $1`, [be.employer]);
    const opened = await be
      .http()
      .post('/episodes')
      .set(be.as(be.hr))
      .send({
        employeeId: await createEmployee(db, be.employer),
        jurisdiction: 'BE',
        referralDate: '2026-11-24',
        absenceStart: '2026-11-21',
      });
    expect(opened.status).toBe(201);
    // Both of the employer's November episodes, counted by the month's refresh.
    await until(async () => {
      const [row] = await db.query<{ episodes: string | null }[]>(
        `SELECT sum(new_episodes) AS episodes FROM report_cell
          WHERE grain = 'month' AND period = DATE '2026-11-01' AND region = 'BE9Q'
            AND nace_section = '*' AND size_band = '*' AND body_region = '*'`,
      );
      return Number(row.episodes) === 2 ? row : undefined;
    });
  });

  it('owes no e-mail to a disabled account', async () => {
    const gone = await createUser(db, 'hr', { status: 'disabled' });
    const [{ id }] = await db.query<{ id: string }[]>(
      `INSERT INTO notification (recipient_user_id, kind, subject_key, email_state)
       VALUES ($1, 'checkpoint_due_soon', 'checkpoint:gone', 'pending') RETURNING id`,
      [gone.id],
    );
    expect(await worker.app.get(MailDeliveryService).send(id)).toBe('skipped');
    const [row] = await db.query<{ email_state: string }[]>(
      `SELECT email_state FROM notification WHERE id = $1`,
      [id],
    );
    expect(row.email_state).toBe('none');
    const [{ count }] = await db.query<{ count: string }[]>(
      `SELECT count(*) FROM captured_mail WHERE to_address = $1`,
      [gone.email],
    );
    expect(Number(count)).toBe(0);
  });

  it('keeps job payloads and e-mails free of clinical content and names', async () => {
    const [{ payloads }] = await db.query<{ payloads: string }[]>(
      `SELECT string_agg(payload::text, ' ') AS payloads FROM outbox_event`,
    );
    expect(payloads).not.toMatch(/Employee|neck|back|shoulder|note/i);
    // The notifications' e-mails (an invitation greets its invitee by the name HR gave).
    const [{ bodies }] = await db.query<{ bodies: string }[]>(
      `SELECT string_agg(subject || ' ' || body, ' ') AS bodies FROM captured_mail
        WHERE message_id LIKE '%@notifications.rtw>'`,
    );
    expect(bodies).not.toMatch(/neck|back|shoulder|pain|diagnos/i);
  });
});
