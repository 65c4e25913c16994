import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { sampleEmployeeCsv } from '../../src/dev/sample-employee-csv.js';
import { EmployeeImportService } from '../../src/modules/employees/employee-import.service.js';
import { createEmployer, createUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, startTestWorker, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

interface ImportBody {
  id: string;
  status: string;
  totalRows: number | null;
  processedRows: number;
  createdCount: number;
  updatedCount: number;
  unchangedCount: number;
  errorCount: number;
  errors: { line: number; field: string | null; reason: string }[];
  failure: { field: string; message: string } | null;
}

describe('employee CSV import', () => {
  let api: TestApp;
  let worker: TestApp;
  let db: DataSource;
  let employer: string;
  let hrToken: string;
  let otherHrToken: string;
  let physioToken: string;
  const sample = sampleEmployeeCsv(10_000, 0.03);
  const http = () => request(api.app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  const upload = (text: string, token = hrToken, fileName = 'staff.csv') =>
    http()
      .post(`/employee-imports?fileName=${encodeURIComponent(fileName)}`)
      .set(bearer(token))
      .set('Content-Type', 'text/csv')
      .send(text);

  async function finished(id: string): Promise<ImportBody> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const response = await http().get(`/employee-imports/${id}`).set(bearer(hrToken));
      expect(response.status).toBe(200);
      const body = response.body as ImportBody;
      if (body.status === 'completed' || body.status === 'failed') return body;
      if (Date.now() > deadline)
        throw new Error(`import still ${body.status} at ${body.processedRows}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const employeeState = async () =>
    (
      await db.query<{ count: string; versions: string }[]>(
        `SELECT count(*) AS count, coalesce(sum(version), 0) AS versions FROM employee WHERE employer_id = $1`,
        [employer],
      )
    )[0];

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
    db = api.app.get<DataSource>(getDataSourceToken());
    employer = await createEmployer(db);
    hrToken = await accessTokenFor(
      api.app,
      await createUser(db, 'hr', { organisationId: employer }),
    );
    otherHrToken = await accessTokenFor(
      api.app,
      await createUser(db, 'hr', { organisationId: await createEmployer(db) }),
    );
    physioToken = await accessTokenFor(api.app, await createUser(db, 'physio'));
  });
  afterAll(async () => {
    await worker.app.close();
    await api.app.close();
  });

  it('stores every good row of 10,000 and reports each bad one with its line and column', async () => {
    const started = await upload(sample.text);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'queued', fileName: 'staff.csv' });

    const report = await finished(started.body.id);
    expect(report).toMatchObject({
      status: 'completed',
      totalRows: 10_000,
      processedRows: 10_000,
      createdCount: sample.goodCount,
      updatedCount: 0,
      unchangedCount: 0,
      errorCount: 300,
      failure: null,
    });
    expect(sample.goodCount).toBe(9_700);
    expect(report.errors.map(({ line, field }) => ({ line, field }))).toEqual(sample.bad);
    for (const error of report.errors) expect(error.reason.length).toBeGreaterThan(3);
    expect(await employeeState()).toEqual({ count: '9700', versions: '9700' });

    // The file is not kept once processed; the uploader is told it is done.
    const [row] = await db.query<{ content: Buffer | null }[]>(
      `SELECT content FROM employee_import WHERE id = $1`,
      [started.body.id],
    );
    expect(row.content).toBeNull();
    const inbox = await http().get('/notifications').set(bearer(hrToken));
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toContain(
      'employee_import_finished',
    );
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await employeeState();
    const report = await finished((await upload(sample.text)).body.id);
    expect(report).toMatchObject({
      status: 'completed',
      createdCount: 0,
      updatedCount: 0,
      unchangedCount: 9_700,
      errorCount: 300,
    });
    expect(await employeeState()).toEqual(before);
  });

  it('updates exactly the rows that differ, keyed by employee number', async () => {
    const lines = sample.text.split('\n');
    lines[1] = lines[1].replace(/,(\d{4}),/, ',1999,');
    const edited = lines.slice(0, 4).join('\n');
    const report = await finished((await upload(edited)).body.id);
    expect(report).toMatchObject({ createdCount: 0, updatedCount: 1, unchangedCount: 2 });
    const [employee] = await db.query<{ birth_year: number; version: number }[]>(
      `SELECT birth_year, version FROM employee WHERE employer_id = $1 AND employee_number = 'E-000001'`,
      [employer],
    );
    expect(employee).toEqual({ birth_year: 1999, version: 2 });
  });

  it('is safe to run again: a finished import is left alone', async () => {
    const { id } = (await upload(sample.text.split('\n').slice(0, 20).join('\n'))).body;
    const first = await finished(id);
    const before = await employeeState();
    await worker.app.get(EmployeeImportService).process(id);
    expect(await finished(id)).toEqual(first);
    expect(await employeeState()).toEqual(before);
  });

  it('resumes a half-done import after the last committed chunk', async () => {
    const small = sampleEmployeeCsv(2_500, 0.03, 7);
    const resumeEmployer = await createEmployer(db);
    const uploader = await createUser(db, 'hr', { organisationId: resumeEmployer });
    // As a worker that died after committing the first chunk of good rows leaves it.
    const firstChunk = small.text.split('\n').filter((line, index) => index > 0 && line);
    const bad = new Set(small.bad.map(({ line }) => line));
    const committed = firstChunk.filter((_, index) => !bad.has(index + 2)).slice(0, 1_000);
    const half = `${small.text.split('\n')[0]}\n${committed.join('\n')}\n`;
    const { id: firstId } = (
      await upload(half, await accessTokenFor(api.app, uploader), 'first-chunk.csv')
    ).body;
    await worker.app.get(EmployeeImportService).process(firstId);
    // The worker's own run of it may still be finishing, and the employer has one import at a time.
    await until(async () => {
      const [first] = await db.query<{ status: string }[]>(
        `SELECT status FROM employee_import WHERE id = $1`,
        [firstId],
      );
      return first.status === 'completed' ? true : undefined;
    });
    const [{ id }] = await db.query<{ id: string }[]>(
      `INSERT INTO employee_import (employer_id, uploaded_by, file_sha256, content, status, total_rows,
                                    processed_rows, created_count, errors)
       VALUES ($1, $2, 'x', $3, 'running', 2500, $4, 1000, '[]') RETURNING id`,
      [resumeEmployer, uploader.id, Buffer.from(small.text), small.bad.length + 1_000],
    );
    await worker.app.get(EmployeeImportService).process(id);
    const [row] = await db.query<
      { status: string; processed_rows: number; created_count: number; unchanged_count: number }[]
    >(
      `SELECT status, processed_rows, created_count, unchanged_count FROM employee_import WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({
      status: 'completed',
      processed_rows: 2_500,
      created_count: small.goodCount,
      unchanged_count: 0,
    });
    const [{ count }] = await db.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM employee WHERE employer_id = $1`,
      [resumeEmployer],
    );
    expect(Number(count)).toBe(small.goodCount);
  });

  it('counts each row once when two runs of one import overlap', async () => {
    const small = sampleEmployeeCsv(3_500, 0.03, 11);
    const overlapEmployer = await createEmployer(db);
    const uploader = await createUser(db, 'hr', { organisationId: overlapEmployer });
    const [{ id }] = await db.query<{ id: string }[]>(
      `INSERT INTO employee_import (employer_id, uploaded_by, file_sha256, content)
       VALUES ($1, $2, 'x', $3) RETURNING id`,
      [overlapEmployer, uploader.id, Buffer.from(small.text)],
    );
    const service = worker.app.get(EmployeeImportService);
    await Promise.all([service.process(id), service.process(id), service.process(id)]);
    const [row] = await db.query<
      { status: string; processed_rows: number; created_count: number }[]
    >(`SELECT status, processed_rows, created_count FROM employee_import WHERE id = $1`, [id]);
    expect(row).toEqual({
      status: 'completed',
      processed_rows: 3_500,
      created_count: small.goodCount,
    });
    const inbox = await db.query(
      `SELECT 1 FROM notification WHERE recipient_user_id = $1 AND subject_key = $2`,
      [uploader.id, `employee_import:${id}`],
    );
    expect(inbox).toHaveLength(1);
  });

  it('refuses an unusable file as a whole, saying why', async () => {
    const report = await finished(
      (await upload(`${sample.text.split('\n')[0]}\n"E-1,An\n`, hrToken, 'unclosed.csv')).body.id,
    );
    expect(report.status).toBe('failed');
    expect(report.failure).toEqual({
      field: 'file',
      message: 'has a quote opened on line 2 that is never closed',
    });
    expect(report.processedRows).toBe(0);
  });

  it('names the file field when the body is empty or not CSV', async () => {
    const empty = await upload('');
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ field: 'file', message: expect.any(String) }]);
    const json = await http()
      .post('/employee-imports')
      .set(bearer(hrToken))
      .send({ employees: [] });
    expect(json.status).toBe(400);
    expect(json.body.errors[0].field).toBe('file');
    const name = await upload('x', hrToken, '../../etc/passwd');
    expect(name.status).toBe(400);
    expect(name.body.errors[0].field).toBe('fileName');
  });

  it('offers a template that imports as it is', async () => {
    const template = await http().get('/employee-imports/template').set(bearer(hrToken));
    expect(template.status).toBe(200);
    expect(template.headers['content-type']).toMatch(/^text\/csv/);
    expect(template.text.split('\n')[0]).toBe(
      'employee_number,full_name,birth_year,contract_hours,job_title,physical_demands,department',
    );
    const report = await finished((await upload(template.text)).body.id);
    expect(report).toMatchObject({ status: 'completed', totalRows: 1, errorCount: 0 });
    expect((await http().get('/employee-imports/template').set(bearer(physioToken))).status).toBe(
      403,
    );
  });

  it("keeps an employer's imports to its own HR", async () => {
    const { id } = (await upload(sample.text.split('\n').slice(0, 5).join('\n'))).body;
    expect((await http().get(`/employee-imports/${id}`).set(bearer(otherHrToken))).status).toBe(
      404,
    );
    const list = await http().get('/employee-imports').set(bearer(otherHrToken));
    expect(list.body.total).toBe(0);
    expect((await http().get(`/employee-imports/${id}`).set(bearer(physioToken))).status).toBe(403);
    expect((await upload('x', physioToken)).status).toBe(403);
  });
});
