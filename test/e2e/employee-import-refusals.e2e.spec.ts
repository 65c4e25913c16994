import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { JobEnqueueService } from '../../src/common/queue/job-enqueue.service.js';
import { type JobEnvelope, QueueName } from '../../src/common/queue/queue-names.js';
import { sampleEmployeeCsv } from '../../src/dev/sample-employee-csv.js';
import { EMPLOYEE_CSV_COLUMNS } from '../../src/modules/employees/import/employee-csv.js';
import { createEmployer, createUser, type TestUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

const HEADER = EMPLOYEE_CSV_COLUMNS.join(',');

/** A real .xlsx workbook holding the template's header and one row, as Excel saves it. */
async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Staff');
  sheet.addRow([...EMPLOYEE_CSV_COLUMNS]);
  sheet.addRow(['E-1', 'An Peeters', 1985, 38, 'Teacher', 'standing', 'Noord']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A one-page PDF as a printer driver writes it: the header text inside, binary marker line. */
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n%'),
  Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]),
  Buffer.from(`\n1 0 obj << /Type /Catalog >> endobj\n(${HEADER})\n%%EOF\n`),
]);

const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

describe('employee import uploads that are refused', () => {
  let t: TestApp;
  let db: DataSource;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await t.app.close();
  });

  async function hr(employer: string): Promise<{ user: TestUser; token: string }> {
    const user = await createUser(db, 'hr', { organisationId: employer });
    return { user, token: await accessTokenFor(t.app, user) };
  }

  const upload = (token: string, body: string | Buffer, contentType = 'text/csv') =>
    http()
      .post('/employee-imports?fileName=staff.csv')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', contentType)
      .send(body);

  const importsOf = async (employer: string) =>
    db.query<{ id: string; status: string }[]>(
      `SELECT id, status FROM employee_import WHERE employer_id = $1 ORDER BY created_at`,
      [employer],
    );

  /** The import jobs queued by the requests with these correlation ids. */
  async function jobsOf(correlationIds: string[]): Promise<JobEnvelope[]> {
    const queue = t.app.get(JobEnqueueService).queue(QueueName.Imports);
    const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
    return jobs
      .map((job) => job.data as JobEnvelope)
      .filter((data) => correlationIds.includes(data.correlationId));
  }

  it('accepts exactly one of concurrent uploads of one employer; the others get 409 and store and queue nothing', async () => {
    const employer = await createEmployer(db);
    const [first, second] = [await hr(employer), await hr(employer)];
    // Large enough that a worker of another test file cannot finish it while the others arrive.
    const file = sampleEmployeeCsv(20_000, 0).text;
    const responses = await Promise.all(
      [first, second, first, second].map(({ token }) => upload(token, file)),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([202, 409, 409, 409]);

    const accepted = responses.find((response) => response.status === 202)!;
    for (const refused of responses.filter((response) => response.status === 409)) {
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 409, code: 'import_in_progress' });
      expect(refused.body.detail).toMatch(/still queued or running; it must finish before/);
      expect(refused.headers['retry-after']).toBe('10');
    }
    expect(await importsOf(employer)).toEqual([
      { id: accepted.body.id, status: expect.stringMatching(/^(queued|running|completed)$/) },
    ]);
    const ids = (list: request.Response[]) =>
      list.map((response) => response.headers['x-request-id'] as string);
    expect(await jobsOf(ids([accepted]))).toEqual([
      expect.objectContaining({ payload: { importId: accepted.body.id } }),
    ]);
    expect(await jobsOf(ids(responses.filter((response) => response.status === 409)))).toEqual([]);
  });

  it("refuses an upload while the employer's import is running, and takes the next once it has finished", async () => {
    const employer = await createEmployer(db);
    const { user, token } = await hr(employer);
    // As a worker leaves an import it is busy with (no job queued: nobody else takes it).
    const [{ id: running }] = await db.query<{ id: string }[]>(
      `INSERT INTO employee_import (employer_id, uploaded_by, file_sha256, content, status)
       VALUES ($1, $2, 'x', $3, 'running') RETURNING id`,
      [employer, user.id, Buffer.from(`${HEADER}\nE-1,An,1985,38,T,,\n`)],
    );
    const file = `${HEADER}\nE-2,Bert Claes,1979,38,Driver,,\n`;
    const refused = await upload(token, file);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('import_in_progress');
    // Another employer is not held up by it.
    const other = await hr(await createEmployer(db));
    expect((await upload(other.token, file)).status).toBe(202);

    await db.query(
      `UPDATE employee_import SET status = 'completed', content = NULL, finished_at = now() WHERE id = $1`,
      [running],
    );
    const next = await upload(token, file);
    expect(next.status).toBe(202);
    expect((await importsOf(employer)).map((row) => row.id)).toEqual([running, next.body.id]);
  });

  it.each<[string, number, () => Promise<Buffer> | Buffer, 'file' | 'header', RegExp]>([
    ['an Excel workbook (.xlsx)', 415, workbook, 'file', /^is an Excel workbook; save it as/],
    ['a PDF document', 415, () => PDF, 'file', /^is a PDF document/],
    ['an image', 415, () => PNG, 'file', /^is an image/],
    [
      'binary data',
      415,
      () => Buffer.from([0x45, 0x2d, 0x31, 0x00, 0x02, 0x03, 0x0a]),
      'file',
      /^contains binary data/,
    ],
    [
      'text that is not UTF-8 (Windows-1252)',
      415,
      () => Buffer.concat([Buffer.from(`${HEADER}\nE-1,Zo`), Buffer.from([0xeb, 0x0a])]),
      'file',
      /^is not UTF-8 text/,
    ],
    [
      'UTF-16 text',
      415,
      () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n`, 'utf16le')]),
      'file',
      /^is UTF-16 text/,
    ],
    [
      'a file without its header line',
      422,
      () => Buffer.from('E-1,An Peeters,1985,38,Teacher,standing,Noord\n'),
      'header',
      /^must be the first line, with the columns employee_number/,
    ],
    [
      'a header missing required columns',
      422,
      () => Buffer.from('employee_number,full_name\nE-1,An Peeters\n'),
      'header',
      /is missing the column "birth_year"/,
    ],
    ['blank lines only', 422, () => Buffer.from('\n\r\n\n'), 'file', /^is empty$/],
  ])(
    'refuses %s at upload with %i, naming what is wrong, storing and queuing nothing',
    async (_, status, content, field, message) => {
      const employer = await createEmployer(db);
      const { token } = await hr(employer);
      const refused = await upload(token, await content());
      expect(refused.status).toBe(status);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({
        status,
        code: status === 415 ? 'unsupported_media_type' : 'unprocessable',
        errors: [{ field, message: expect.stringMatching(message) }],
      });
      expect(refused.body.detail).toBe(`The ${field} ${refused.body.errors[0].message}.`);
      expect(await importsOf(employer)).toEqual([]);
      expect(await jobsOf([refused.headers['x-request-id'] as string])).toEqual([]);
      // A CSV of the same employer goes through afterwards: nothing was left pending.
      expect((await upload(token, `${HEADER}\nE-9,Cas Maes,1990,20,Clerk,,\n`)).status).toBe(202);
    },
  );
});
