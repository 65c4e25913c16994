/**
 * Bulk enrolment of 100,000 employees from CSV (3% bad rows) through the import job, against
 * `COPY` of the same good rows into the same table, measured in the same run. The import is timed
 * from the upload being stored to the job reporting `completed`: parsing, checking every row,
 * chunked upserts with progress, the report and the notification.
 */
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWorkerApp } from '../src/bootstrap.js';
import type { AuthenticatedUser } from '../src/common/auth/authenticated-user.js';
import { createLogger } from '../src/common/logging/logger.js';
import { loadConfig } from '../src/config/config.js';
import { sampleEmployeeCsv } from '../src/dev/sample-employee-csv.js';
import type { EmployeeImportDto } from '../src/modules/employees/dto/employee-import.dto.js';
import { EmployeeImportService } from '../src/modules/employees/employee-import.service.js';
import { type BenchEnv, type BenchResult, median, round, say, timed } from './support.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS ?? 3);
const GOAL_RATIO = 10;

const COLUMNS = `employee_number, full_name, birth_year, contract_hours, job_title, physical_demands, department`;

export async function employeeImportBench(env: BenchEnv): Promise<BenchResult> {
  const sample = sampleEmployeeCsv(ROWS, 0.03);
  const file = Buffer.from(sample.text);
  const config = loadConfig(env.env);
  const worker = await createWorkerApp(config, createLogger({ level: 'warn', process: 'worker' }));
  await worker.init();
  const db = new pg.Client({ connectionString: env.databaseUrl });
  await db.connect();
  try {
    const imports = worker.get(EmployeeImportService);
    const copyMs: number[] = [];
    const importMs: number[] = [];
    const employers: { copy: string; import: string }[] = [];
    let firstReport: EmployeeImportDto | undefined;
    for (let round = 1; round <= ROUNDS; round++) {
      const copyEmployer = await createEmployer(db, `COPY ${round}`);
      const rows = Buffer.from(
        sample.goodRowsCsv
          .trimEnd()
          .split('\n')
          .map((line) => `${copyEmployer},${line},1\n`)
          .join(''),
      );
      copyMs.push(
        await timed(async () => {
          const copy = db.query(
            copyFrom(
              `COPY employee (employer_id, ${COLUMNS}, version) FROM STDIN WITH (FORMAT csv)`,
            ),
          );
          await pipeline(Readable.from([rows]), copy);
        }),
      );

      const importEmployer = await createEmployer(db, `Import ${round}`);
      const hr = await createHr(db, importEmployer);
      let report: EmployeeImportDto | undefined;
      importMs.push(
        await timed(async () => {
          const started = await imports.start(hr, file, 'staff.csv');
          report = await waitForImport(imports, hr, started.id);
        }),
      );
      firstReport ??= report;
      employers.push({ copy: copyEmployer, import: importEmployer });
      say(
        `round ${round}: COPY ${Math.round(copyMs.at(-1)!)} ms, import ${Math.round(importMs.at(-1)!)} ms`,
      );
    }

    // The same file again, for the last employer: nothing may change.
    const last = employers.at(-1)!;
    const hr = await createHr(db, last.import);
    const before = await employeeState(db, last.import);
    let again: EmployeeImportDto | undefined;
    const reimportMs = await timed(async () => {
      again = await waitForImport(imports, hr, (await imports.start(hr, file, 'staff.csv')).id);
    });
    const after = await employeeState(db, last.import);

    const copyMedian = median(copyMs);
    const importMedian = median(importMs);
    const ratio = round(importMedian / copyMedian, 1);
    const goodLinesOk =
      JSON.stringify(firstReport?.errors.map(({ line, field }) => ({ line, field }))) ===
      JSON.stringify(sample.bad);
    return {
      name: 'employee-import',
      what: `bulk enrolment of ${ROWS.toLocaleString('en')} employees from CSV (3% bad rows)`,
      baseline: 'COPY of the same good rows',
      ratio,
      goal: `<= ${GOAL_RATIO}x COPY time`,
      met: importMedian / copyMedian <= GOAL_RATIO,
      figures: {
        rows: ROWS,
        goodRows: sample.goodCount,
        badRows: sample.bad.length,
        rounds: ROUNDS,
        copyMsMedian: Math.round(copyMedian),
        importMsMedian: Math.round(importMedian),
        importRowsPerSecond: Math.round(ROWS / (importMedian / 1000)),
        copyRowsPerSecond: Math.round(sample.goodCount / (copyMedian / 1000)),
        reimportUnchangedMs: Math.round(reimportMs),
      },
      checks: {
        everyGoodRowStored: firstReport?.createdCount === sample.goodCount,
        everyBadRowReportedWithLineAndField: goodLinesOk,
        storedRowsEqualCopiedRows: await sameRows(db, employers[0].copy, employers[0].import),
        secondImportChangesNothing:
          again?.unchangedCount === sample.goodCount &&
          again.createdCount === 0 &&
          again.updatedCount === 0 &&
          before === after,
      },
      measuredAt: new Date().toISOString(),
    };
  } finally {
    await db.end();
    await worker.close();
  }
}

async function waitForImport(
  imports: EmployeeImportService,
  actor: AuthenticatedUser,
  id: string,
): Promise<EmployeeImportDto> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const report = await imports.get(actor, id);
    if (report.status === 'completed') return report;
    if (report.status === 'failed') throw new Error(`import failed: ${report.failure?.message}`);
    if (Date.now() > deadline) throw new Error(`import still ${report.status} after 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function createEmployer(db: pg.Client, name: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO organisation (kind, name, nace_section, nace_code, nace_version, region, version)
     VALUES ('employer', $1, 'P', '85.31', 'NACE_REV2', 'BE2', 1) RETURNING id`,
    [`Bench ${name}`],
  );
  return rows[0].id;
}

async function createHr(db: pg.Client, employerId: string): Promise<AuthenticatedUser> {
  const { rows } = await db.query<{ id: string }>(
    // '!' matches no password: this account only owns the uploads.
    `INSERT INTO app_user (email, display_name, role, status, password_hash, version)
     VALUES ('hr.' || gen_random_uuid() || '@bench.rtw', 'Bench HR', 'hr', 'active', '!', 1) RETURNING id`,
  );
  await db.query(`INSERT INTO membership (user_id, organisation_id) VALUES ($1, $2)`, [
    rows[0].id,
    employerId,
  ]);
  return { id: rows[0].id, role: 'hr', organisationIds: [employerId], secondFactor: true };
}

async function employeeState(db: pg.Client, employerId: string): Promise<string> {
  const { rows } = await db.query<{ state: string }>(
    `SELECT count(*) || ':' || coalesce(sum(version), 0) || ':' || coalesce(max(updated_at)::text, '') AS state
       FROM employee WHERE employer_id = $1`,
    [employerId],
  );
  return rows[0].state;
}

/** The imported employees hold exactly the data COPY stored (demands compared as sets). */
async function sameRows(db: pg.Client, a: string, b: string): Promise<boolean> {
  const rowsOf = (param: string) =>
    `SELECT employee_number, full_name, birth_year, contract_hours, job_title,
            (SELECT array_agg(d ORDER BY d) FROM unnest(physical_demands) d) AS demands, department
       FROM employee WHERE employer_id = ${param}`;
  const { rows } = await db.query<{ differ: string }>(
    `SELECT count(*) AS differ FROM (
       (${rowsOf('$1')} EXCEPT ${rowsOf('$2')}) UNION ALL (${rowsOf('$2')} EXCEPT ${rowsOf('$1')})
     ) AS d`,
    [a, b],
  );
  return rows[0].differ === '0';
}
