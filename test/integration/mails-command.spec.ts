/**
 * `npm run mails -- <address>` (src/dev/mails.ts, run built as npm runs it): the e-mails kept for
 * an address (SMTP_URL=capture), newest first, found in the running demo's database without setup.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import {
  forgetRunningDemo,
  recordRunningDemo,
  RUNNING_DEMO_FILE,
} from '../../src/dev/local-services.js';

const MAILS = resolve('dist/src/dev/mails.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runMails(args: string[], env: Record<string, string>): Promise<Run> {
  if (!existsSync(MAILS)) throw new Error(`${MAILS} is missing: build first (npm test does)`);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAILS, ...args], {
      env: { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** The pid of a process that has ended. */
function endedPid(): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.once('exit', () => done(child.pid as number));
  });
}

describe('npm run mails', () => {
  const databaseUrl = process.env.DATABASE_URL as string;
  const db = new pg.Client({ connectionString: databaseUrl });
  const tag = randomBytes(4).toString('hex');
  const address = `newcomer.${tag}@example.test`;
  const other = `colleague.${tag}@example.test`;
  const dataDir = mkdtempSync(join(tmpdir(), 'rtw-mails-'));

  beforeAll(async () => {
    await db.connect();
    const mails: [string, string, string, string][] = [
      [
        address,
        'Your invitation',
        `Open http://localhost:3000/invitations/${tag}-1 to begin.`,
        '2026-03-01T09:00:00Z',
      ],
      [
        `Newcomer.${tag}@Example.TEST`,
        'Checkpoint reminder',
        `A checkpoint is due on 2026-03-12.`,
        '2026-03-05T09:00:00Z',
      ],
      [
        address,
        'Your invitation, again',
        `Open http://localhost:3000/invitations/${tag}-2 instead.`,
        '2026-03-03T09:00:00Z',
      ],
      [other, 'Not for the newcomer', `Only for ${other}.`, '2026-03-04T09:00:00Z'],
    ];
    for (const [to, subject, body, at] of mails) {
      await db.query(
        `INSERT INTO captured_mail (message_id, to_address, subject, body, created_at) VALUES ($1, $2, $3, $4, $5)`,
        [`<${randomBytes(8).toString('hex')}@rtw.test>`, to, subject, body, at],
      );
    }
  });
  afterAll(async () => {
    await db.query(`DELETE FROM captured_mail WHERE to_address ILIKE $1`, [
      `%.${tag}@example.test`,
    ]);
    await db.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the e-mails kept for an address, newest first, whatever the case of the address', async () => {
    const run = await runMails([`NEWCOMER.${tag}@example.test`], { DATABASE_URL: databaseUrl });

    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`3 e-mails to NEWCOMER.${tag}@example.test, newest first`);
    const subjects = [...run.stdout.matchAll(/^Subject: (.*)$/gm)].map((match) => match[1]);
    expect(subjects).toEqual(['Checkpoint reminder', 'Your invitation, again', 'Your invitation']);
    const dates = [...run.stdout.matchAll(/^Date: +(.*)$/gm)].map((match) => match[1]);
    expect(dates).toEqual([
      '2026-03-05 09:00:00 UTC',
      '2026-03-03 09:00:00 UTC',
      '2026-03-01 09:00:00 UTC',
    ]);
    expect(run.stdout).toContain(`Open http://localhost:3000/invitations/${tag}-1 to begin.`);
    expect(run.stdout).toContain(`Open http://localhost:3000/invitations/${tag}-2 instead.`);
    expect(run.stdout).not.toContain('Not for the newcomer');
    expect(run.stdout).not.toContain(other);

    const none = await runMails([`nobody.${tag}@example.test`], { DATABASE_URL: databaseUrl });
    expect(none).toMatchObject({
      code: 0,
      stdout: `No e-mails to nobody.${tag}@example.test kept in ${new URL(databaseUrl).pathname.slice(1)}.\n`,
    });
  });

  it("finds the running demo's database by itself, and says so in one line when no demo runs", async () => {
    // As the demo records itself once running (this test's process stands in for it).
    recordRunningDemo({ pid: process.pid, databaseUrl, apiUrl: 'http://localhost:3000' }, dataDir);
    expect(statSync(join(dataDir, RUNNING_DEMO_FILE)).mode & 0o777).toBe(0o600);
    const found = await runMails([address], { RTW_DATA_DIR: dataDir });
    expect(found.code).toBe(0);
    expect([...found.stdout.matchAll(/^Subject: (.*)$/gm)].map((match) => match[1])).toEqual([
      'Checkpoint reminder',
      'Your invitation, again',
      'Your invitation',
    ]);

    // DATABASE_URL wins over the demo's record.
    const elsewhere = await runMails([address], {
      RTW_DATA_DIR: dataDir,
      DATABASE_URL: `postgres://postgres@127.0.0.1:1/rtw_test_nowhere`,
    });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain('rtw_test_nowhere');

    const noDemo =
      'No demo is running (start one with `npm run demo`) and DATABASE_URL is not set.\n';
    forgetRunningDemo(process.pid, dataDir);
    expect(existsSync(join(dataDir, RUNNING_DEMO_FILE))).toBe(false);
    expect(await runMails([address], { RTW_DATA_DIR: dataDir })).toEqual({
      code: 1,
      stdout: '',
      stderr: noDemo,
    });

    // A record left by a demo that was killed counts as no demo.
    recordRunningDemo(
      { pid: await endedPid(), databaseUrl, apiUrl: 'http://localhost:3000' },
      dataDir,
    );
    expect(await runMails([address], { RTW_DATA_DIR: dataDir })).toEqual({
      code: 1,
      stdout: '',
      stderr: noDemo,
    });

    expect(await runMails([], { RTW_DATA_DIR: dataDir })).toMatchObject({ code: 2 });
  });
});
