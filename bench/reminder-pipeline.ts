/**
 * The checkpoint reminder pipeline (the worker's sweep finds what fell due in PostgreSQL, hands it
 * to bull, the processor writes the notification rows) against bull processing no-op jobs on the
 * same Redis, each in its own process and in the same run. 100,000 reminders, none lost, none twice.
 */
import Queue from 'bull';
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { addDays, todayIn } from '../src/common/dates/calendar.js';
import { REMINDERS_PER_JOB } from '../src/modules/checkpoints/checkpoint-reminders.service.js';
import { type BenchEnv, type BenchResult, round, say } from './support.js';
import { stopAll } from './servers.js';

const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 100_000);
const EPISODES = 1_000;
/** The reminder processor's concurrency, given to the baseline too. */
const CONCURRENCY = 4;
const GOAL_SHARE = 0.5;
const TIMEOUT_MS = 10 * 60_000;

export async function reminderPipelineBench(env: BenchEnv): Promise<BenchResult> {
  const db = new pg.Client({ connectionString: env.databaseUrl });
  await db.connect();
  try {
    const noopPerSecond = await noopBaseline(env);
    say(`bull no-op: ${Math.round(noopPerSecond)} jobs/s`);
    const pipeline = await reminderRun(db, env);
    say(`reminders: ${Math.round(pipeline.perSecond)} reminders/s`);
    const share = round(pipeline.perSecond / noopPerSecond, 2);
    return {
      name: 'reminder-pipeline',
      what: `checkpoint reminder pipeline, ${REMINDERS.toLocaleString('en')} reminders (sweep -> queue -> notification rows)`,
      baseline: 'bull processing no-op jobs on the same Redis',
      ratio: share,
      goal: `>= ${GOAL_SHARE * 100}% of no-op throughput`,
      met: pipeline.perSecond / noopPerSecond >= GOAL_SHARE,
      figures: {
        reminders: REMINDERS,
        remindersPerJob: REMINDERS_PER_JOB,
        concurrency: CONCURRENCY,
        noopJobsPerSecond: Math.round(noopPerSecond),
        remindersPerSecond: Math.round(pipeline.perSecond),
        pipelineSeconds: round(pipeline.ms / 1000, 1),
      },
      checks: pipeline.checks,
      measuredAt: new Date().toISOString(),
    };
  } finally {
    await db.end();
  }
}

/** No-op jobs/s: added in bulk as the sweep adds its batches, processed by their own process. */
async function noopBaseline(env: BenchEnv): Promise<number> {
  const queue = new Queue('bench-noop', env.redisUrl, { prefix: env.bullPrefix });
  const worker = spawnProcess('dist/bench/noop-worker.js', {
    ...env.env,
    NOOP_CONCURRENCY: String(CONCURRENCY),
  });
  try {
    await queue.isReady();
    const started = Date.now();
    for (let i = 0; i < REMINDERS; i += 5000) {
      const count = Math.min(5000, REMINDERS - i);
      await queue.addBulk(
        Array.from({ length: count }, (_, n) => ({
          name: 'noop',
          data: { n: i + n },
          opts: { jobId: `noop:${i + n}`, removeOnComplete: false },
        })),
      );
    }
    await waitFor(async () => (await queue.getCompletedCount()) >= REMINDERS, 'no-op jobs');
    return REMINDERS / ((Date.now() - started) / 1000);
  } finally {
    await stopAll([worker]);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

async function reminderRun(
  db: pg.Client,
  env: BenchEnv,
): Promise<{ perSecond: number; ms: number; checks: Record<string, boolean> }> {
  await seed(db);
  const worker = spawnProcess('dist/src/worker.js', {
    ...env.env,
    WORKER_PORT: '0',
    REMINDER_SWEEP_INTERVAL_MS: '1000',
    OUTBOX_RELAY_INTERVAL_MS: '250',
  });
  try {
    // The worker is up once its heartbeats went round every queue.
    await waitFor(async () => {
      const { rows } = await db.query(`SELECT 1 FROM queue_heartbeat`);
      return rows.length >= 4;
    }, 'worker start');
    const started = Date.now();
    // Time passes: every checkpoint comes within reminding distance at once.
    await db.query(`UPDATE checkpoint SET due_on = $1`, [addDays(todayIn(), 1)]);
    await waitFor(async () => {
      const { rows } = await db.query<{ count: string }>(
        `SELECT count(*) FROM checkpoint_reminder WHERE delivered_at IS NOT NULL`,
      );
      return Number(rows[0].count) >= REMINDERS;
    }, 'reminders delivered');
    const ms = Date.now() - started;
    const {
      rows: [counts],
    } = await db.query<{
      notifications: string;
      subjects: string;
      reminders: string;
    }>(
      `SELECT (SELECT count(*) FROM notification WHERE kind = 'checkpoint_due_soon') AS notifications,
              (SELECT count(DISTINCT subject_key) FROM notification WHERE kind = 'checkpoint_due_soon') AS subjects,
              (SELECT count(*) FROM checkpoint_reminder) AS reminders`,
    );
    return {
      perSecond: REMINDERS / (ms / 1000),
      ms,
      checks: {
        everyReminderDelivered: Number(counts.reminders) === REMINDERS,
        oneNotificationPerReminder: Number(counts.notifications) === REMINDERS,
        noneTwice: Number(counts.subjects) === REMINDERS,
      },
    };
  } finally {
    await stopAll([worker]);
  }
}

/** One HR user and 100,000 statutory checkpoints over 1,000 episodes, due in a month. */
async function seed(db: pg.Client): Promise<void> {
  const {
    rows: [employer],
  } = await db.query<{ id: string }>(
    `INSERT INTO organisation (kind, name, nace_section, nace_code, nace_version, region, version)
     VALUES ('employer', 'Bench employer', 'P', '85.31', 'NACE_REV2', 'BE2', 1) RETURNING id`,
  );
  const {
    rows: [hr],
  } = await db.query<{ id: string }>(
    `INSERT INTO app_user (email, display_name, role, status, password_hash, version)
     VALUES ('hr@bench.rtw', 'Bench HR', 'hr', 'active', '!', 1) RETURNING id`,
  );
  await db.query(`INSERT INTO membership (user_id, organisation_id) VALUES ($1, $2)`, [
    hr.id,
    employer.id,
  ]);
  await db.query(
    `WITH employees AS (
       INSERT INTO employee (employer_id, employee_number, full_name, birth_year, contract_hours,
                             job_title, physical_demands, version)
       SELECT $1, 'R-' || n, 'Bench Employee ' || n, 1980, 38, 'Teacher', '{}', 1
         FROM generate_series(1, $2) AS n RETURNING id
     ), episodes AS (
       INSERT INTO episode (employee_id, employer_id, jurisdiction, referral_date, contract_hours, version)
       SELECT id, $1, 'NL', $3::date, 38, 1 FROM employees RETURNING id
     )
     INSERT INTO checkpoint (episode_id, template_id, rule_key, occurrence, category, kind, anchor,
                             computed_due_on, due_on, participants, version)
     SELECT e.id, t.id, 'nl_plan_evaluation', n, 'statutory', 'deadline', 'sickness_day_1',
            $4::date, $4::date, '{hr}', 1
       FROM episodes e CROSS JOIN generate_series(1, $5) AS n
       CROSS JOIN checkpoint_template t WHERE t.code = 'nl_poortwachter' AND t.version = 1`,
    [employer.id, EPISODES, todayIn(), addDays(todayIn(), 30), REMINDERS / EPISODES],
  );
}

function spawnProcess(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [resolve(script)], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitFor(done: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not done in ${TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
