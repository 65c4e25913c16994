/**
 * The built processes (`node dist/src/main.js`, `node dist/src/worker.js`) as a deployment runs
 * them: a wrong configuration stops them with one line that never repeats a secret, and SIGTERM
 * lets in-flight requests finish before the process exits 0.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { freePort } from '../../src/dev/local-services.js';

const MAIN = resolve('dist/src/main.js');
const WORKER = resolve('dist/src/worker.js');

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: Running[] = [];

function start(script: string, env: Record<string, string | undefined>): Running {
  const child = spawn(process.execPath, [script], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const process_ = { child, stdout: () => stdout, stderr: () => stderr, exited };
  running.push(process_);
  return process_;
}

function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until the URL answers 200; fails early when the process died. */
async function waitForReady(url: string, process_: Running, timeoutMs = 25_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void process_.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`process exited before ${url} was ready:\n${process_.stderr()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${process_.stderr()}`);
}

async function waitForOutput(process_: Running, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!process_.stdout().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in the output within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/**
 * Resolves with the error code of a connection attempt, or 'connected'. A connection that reached
 * the listen backlog just before the socket closed is reset, not refused: that one is retried.
 */
async function tryConnect(port: number): Promise<string> {
  let result = await connectOnce(port);
  for (let attempt = 0; attempt < 5 && result === 'ECONNRESET'; attempt++) {
    await sleep(50);
    result = await connectOnce(port);
  }
  return result;
}

function connectOnce(port: number): Promise<string> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

/** The environment `npm test` prepared (throwaway database, own bull prefix), for a real process. */
function testEnv(overrides: Record<string, string>): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    BULL_PREFIX: process.env.BULL_PREFIX,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    ...overrides,
  };
}

beforeAll(() => {
  for (const script of [MAIN, WORKER]) {
    if (!existsSync(script)) {
      throw new Error(`${script} is missing: run \`npm run build\` first (\`npm test\` does)`);
    }
  }
});

afterEach(async () => {
  for (const process_ of running.splice(0)) {
    if (process_.child.exitCode === null && process_.child.signalCode === null) {
      process_.child.kill('SIGKILL');
      await process_.exited;
    }
  }
});

describe('start-up with a wrong configuration', () => {
  const cases: { name: string; env: Record<string, string>; variable: string; secret: string }[] = [
    {
      name: 'DATABASE_URL that is not a URL',
      env: { NODE_ENV: 'test', DATABASE_URL: 'nonsense' },
      variable: 'DATABASE_URL',
      secret: 'nonsense',
    },
    {
      name: 'REDIS_URL with a password but no host',
      env: { NODE_ENV: 'test', REDIS_URL: 'redis://user:supersecretpw@' },
      variable: 'REDIS_URL',
      secret: 'supersecretpw',
    },
    {
      name: 'JWT_ACCESS_SECRET too short',
      env: { NODE_ENV: 'test', JWT_ACCESS_SECRET: 'short-secret-Qx7Zp' },
      variable: 'JWT_ACCESS_SECRET',
      secret: 'short-secret-Qx7Zp',
    },
    {
      name: 'production without DATABASE_URL',
      env: { NODE_ENV: 'production' },
      variable: 'DATABASE_URL',
      secret: 'postgres://', // not even the local default it would have used
    },
  ];

  describe.each([
    ['API', MAIN],
    ['worker', WORKER],
  ])('%s', (_name, script) => {
    it.each(cases)(
      '$name: exits 78 with one line naming $variable, without its value',
      async ({ env, variable, secret }) => {
        const process_ = start(script, { PATH: process.env.PATH, ...env });
        const { code } = await withinMs(process_.exited, 20_000, 'exit');

        expect(code).toBe(78); // EX_CONFIG: non-zero, and not a crash
        const stderr = process_.stderr();
        expect(stderr).toMatch(new RegExp(`^Configuration error: ${variable} [^\\n]+\\n$`));
        expect(stderr + process_.stdout()).not.toContain(secret);
      },
    );
  });
});

describe('graceful shutdown', () => {
  it('API: SIGTERM refuses new connections, lets an in-flight request finish, then exits 0', async () => {
    const port = await freePort();
    const api = start(MAIN, testEnv({ PORT: String(port) }));
    await waitForReady(`http://127.0.0.1:${port}/health/ready`, api);

    // A keep-alive client, as browsers and load balancers are: its connection must not hold the
    // process open once the in-flight request has been answered.
    const agent = new http.Agent({ keepAlive: true });
    const body = JSON.stringify({ note: 'x'.repeat(89) });
    expect(Buffer.byteLength(body)).toBe(100);
    const response = new Promise<{ status?: number; type?: string; text: string }>((done, fail) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          agent,
          method: 'POST',
          path: '/no-such-route',
          headers: { 'Content-Type': 'application/json', 'Content-Length': 100 },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            done({ status: res.statusCode, type: res.headers['content-type'], text }),
          );
          res.on('error', fail);
        },
      );
      request.on('error', fail);
      request.write(body.slice(0, 50));
      void sleep(200).then(() => {
        // The request is in flight (headers and half the body sent): now stop the process.
        api.child.kill('SIGTERM');
        void sleep(300).then(() => request.end(body.slice(50)));
      });
    });

    response.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
    await waitForOutput(api, '"shutting down"', 5_000);
    expect(await tryConnect(port)).toBe('ECONNREFUSED');

    const answer = await withinMs(response, 5_000, 'response to the in-flight request');
    expect(answer.status).toBe(404);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.text)).toMatchObject({ status: 404, code: 'route_not_found' });

    expect(await withinMs(api.exited, 2_000, 'API exit after the last response')).toEqual({
      code: 0,
      signal: null,
    });
    expect(api.stdout()).toContain('"stopped"');
    agent.destroy();
  }, 45_000);

  it('worker: SIGTERM closes the queues and exits 0 within 10 s', async () => {
    const workerPort = await freePort();
    const worker = start(WORKER, testEnv({ WORKER_PORT: String(workerPort) }));
    await waitForReady(`http://127.0.0.1:${workerPort}/health/ready`, worker);

    worker.child.kill('SIGTERM');
    expect(await withinMs(worker.exited, 10_000, 'worker exit after SIGTERM')).toEqual({
      code: 0,
      signal: null,
    });
    expect(worker.stdout()).toContain('"stopped"');
    expect(await tryConnect(workerPort)).toBe('ECONNREFUSED');
  }, 45_000);
});
