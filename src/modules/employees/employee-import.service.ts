import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { PageQuery } from '../../common/http/page-query.js';
import { JobEnqueueService } from '../../common/queue/job-enqueue.service.js';
import { JobName } from '../../common/queue/queue-names.js';
import { modifiedRows } from '../../database/modified-rows.js';
import { queryPage } from '../../database/paged-query.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type {
  EmployeeImportDto,
  EmployeeImportPageDto,
  EmployeeImportSummaryDto,
} from './dto/employee-import.dto.js';
import { PHYSICAL_DEMANDS } from './entities/employee.entity.js';
import type { ImportRowError, ImportStatus } from './entities/employee-import.entity.js';
import {
  checkEmployeeCsvFile,
  type EmployeeCsvRow,
  parseEmployeeCsv,
} from './import/employee-csv.js';

/** Rows written per transaction: progress moves and a retry resumes at this grain. */
export const IMPORT_CHUNK_ROWS = 1000;
/** An import queued or running without progress for this long is handed to the queue again. */
export const IMPORT_STALL_MS = 60_000;
/**
 * When to try a refused upload again while the employer's earlier import runs: an import of
 * 100,000 rows takes a few seconds once a worker has it.
 */
export const IMPORT_IN_PROGRESS_RETRY_AFTER_SECONDS = 10;

interface ImportRow {
  id: string;
  employer_id: string;
  uploaded_by: string;
  file_name: string | null;
  status: ImportStatus;
  total_rows: number | null;
  processed_rows: number;
  created_count: number;
  updated_count: number;
  unchanged_count: number;
  error_count: number;
  errors?: ImportRowError[];
  failure: { field: string; message: string } | null;
  created_at: Date;
  finished_at: Date | null;
}

const SUMMARY_COLUMNS = `id, employer_id, uploaded_by, file_name, status, total_rows, processed_rows, created_count,
  updated_count, unchanged_count, jsonb_array_length(errors) AS error_count, failure, created_at, finished_at`;

/**
 * Bulk enrolment from a CSV file. The upload stores the file and queues a job; the job writes the
 * rows in chunks, each chunk with its progress in one transaction, so a retried job resumes where
 * the last one committed. Rows are keyed by employee number per employer: a row equal to the
 * stored employee changes nothing, so importing the same file twice changes nothing.
 *
 * An upload that is not an employee CSV (a workbook, a PDF, binary data, another encoding, no
 * header) is refused at once and nothing is stored; an employer has one import queued or running
 * at a time (a partial unique index), so a second upload is refused until the first has finished.
 */
@Injectable()
export class EmployeeImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobEnqueueService,
    private readonly notifications: NotificationsService,
  ) {}

  async start(
    actor: AuthenticatedUser,
    content: unknown,
    fileName: string | undefined,
  ): Promise<EmployeeImportDto> {
    if (!Buffer.isBuffer(content) || content.length === 0) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [
          { field: 'file', message: 'send the CSV file as the body, with Content-Type text/csv' },
        ],
      });
    }
    const employerId = actor.organisationIds[0];
    if (!employerId) throw new DomainError('forbidden', 'You do not work for an employer.');
    const problem = checkEmployeeCsvFile(content);
    if (problem) {
      // Not text the importer reads: the content's format is unsupported (415). Text that is not
      // the employee file: understood, but it cannot be processed (422).
      throw new DomainError(
        problem.kind === 'not_text' ? 'unsupported_media_type' : 'unprocessable',
        `The ${problem.field} ${problem.message}.`,
        { errors: [{ field: problem.field, message: problem.message }] },
      );
    }
    // The partial unique index on the employer's pending import decides between concurrent uploads.
    const [inserted] = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO employee_import (employer_id, uploaded_by, file_name, file_sha256, content)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (employer_id) WHERE status IN ('queued', 'running') DO NOTHING
       RETURNING id`,
      [
        employerId,
        actor.id,
        fileName ?? null,
        createHash('sha256').update(content).digest('hex'),
        content,
      ],
    );
    if (!inserted) {
      throw new DomainError(
        'import_in_progress',
        'An earlier import of your employer is still queued or running; it must finish before ' +
          'another file is imported (GET /employee-imports shows its progress).',
        { retryAfterSeconds: IMPORT_IN_PROGRESS_RETRY_AFTER_SECONDS },
      );
    }
    const { id } = inserted;
    // The answer is the import as accepted (queued), read before a worker can start on it.
    const accepted = await this.get(actor, id);
    // Accepted on PostgreSQL alone: the hand-over to the queue is not waited for. When Redis is
    // away the import stays queued in PostgreSQL and the sweep hands it over later.
    void this.jobs.enqueue(JobName.EmployeeImport, { importId: id }, id).catch(() => undefined);
    return accepted;
  }

  async get(actor: AuthenticatedUser, id: string): Promise<EmployeeImportDto> {
    const [row] = await this.dataSource.query<ImportRow[]>(
      `SELECT ${SUMMARY_COLUMNS}, errors FROM employee_import WHERE id = $1 AND employer_id = ANY($2::uuid[])`,
      [id, actor.organisationIds],
    );
    if (!row) throw new DomainError('not_found', 'The requested resource does not exist.');
    return {
      ...toSummary(row),
      errors: (row.errors ?? []).map((error) => ({
        line: error.line,
        field: error.field,
        reason: error.reason,
      })),
      failure: row.failure ? { field: row.failure.field, message: row.failure.message } : null,
    };
  }

  async list(actor: AuthenticatedUser, page: PageQuery): Promise<EmployeeImportPageDto> {
    return queryPage(
      this.dataSource,
      {
        select: SUMMARY_COLUMNS,
        from: 'employee_import',
        where: 'employer_id = ANY($1::uuid[])',
        orderBy: 'created_at DESC, id',
        params: [actor.organisationIds],
      },
      page,
      toSummary,
    );
  }

  /**
   * The job: reads the file, stores the good rows chunk by chunk and reports every bad one. Safe to
   * run again at any point: a finished import is left alone, a half-done one resumes.
   */
  async process(importId: string): Promise<void> {
    const [job] = await modifiedRows<{
      status: ImportStatus;
      employer_id: string;
      uploaded_by: string;
      processed_rows: number;
      content: Buffer | null;
    }>(
      this.dataSource,
      `UPDATE employee_import SET status = 'running', updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'running')
        RETURNING status, employer_id, uploaded_by, processed_rows, content`,
      [importId],
    );
    if (!job?.content) return;

    const parsed = parseEmployeeCsv(job.content);
    if (!parsed.ok) {
      await this.finish(importId, job.uploaded_by, 'failed', { failure: parsed.error });
      return;
    }
    if (job.processed_rows === 0) {
      await this.dataSource.query(
        `UPDATE employee_import
            SET total_rows = $2, errors = $3, processed_rows = $4, updated_at = now()
          WHERE id = $1 AND processed_rows = 0`,
        [importId, parsed.totalRows, JSON.stringify(parsed.errors), parsed.errors.length],
      );
    }
    // Bad rows count as processed from the start; good rows as their chunks commit.
    const goodRows = parsed.rows;
    const done = Math.max(0, job.processed_rows - parsed.errors.length);
    for (let start = done; start < goodRows.length; start += IMPORT_CHUNK_ROWS) {
      const chunk = goodRows.slice(start, start + IMPORT_CHUNK_ROWS);
      const committed = await this.dataSource.transaction(async (manager) => {
        // Another run of this import (a re-delivered job) may be at work: the one whose
        // progress matches writes the chunk, the other stops here.
        const [progress] = await manager.query<{ processed_rows: number }[]>(
          `SELECT processed_rows FROM employee_import WHERE id = $1 AND status = 'running' FOR UPDATE`,
          [importId],
        );
        if (progress?.processed_rows !== parsed.errors.length + start) return false;
        const counts = await this.upsertChunk(manager, job.employer_id, chunk);
        await manager.query(
          `UPDATE employee_import
              SET processed_rows = $2, created_count = created_count + $3,
                  updated_count = updated_count + $4, unchanged_count = unchanged_count + $5,
                  updated_at = now()
            WHERE id = $1`,
          [
            importId,
            parsed.errors.length + start + chunk.length,
            counts.created,
            counts.updated,
            chunk.length - counts.created - counts.updated,
          ],
        );
        return true;
      });
      if (!committed) return;
    }
    await this.finish(importId, job.uploaded_by, 'completed', {});
  }

  /** Imports queued or running without progress for a while: handed to the queue again. */
  async enqueueStalled(): Promise<number> {
    const stalled = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM employee_import
        WHERE status IN ('queued', 'running') AND updated_at < now() - make_interval(secs => $1)
        ORDER BY created_at LIMIT 100`,
      [IMPORT_STALL_MS / 1000],
    );
    for (const { id } of stalled) {
      // A fresh job id: the earlier job may have failed for good or vanished with Redis.
      await this.jobs.enqueue(JobName.EmployeeImport, { importId: id }, `${id}:${Date.now()}`);
    }
    return stalled.length;
  }

  /**
   * One statement per chunk: insert new employee numbers, update those whose data differ, leave
   * equal ones untouched (their version does not move). Serialised per employer, so two imports
   * of one employer cannot deadlock on each other's rows.
   */
  private async upsertChunk(
    manager: EntityManager,
    employerId: string,
    rows: readonly EmployeeCsvRow[],
  ): Promise<{ created: number; updated: number }> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('employee_import'), hashtext($1))`, [
      employerId,
    ]);
    const [counts] = await manager.query<{ created: string; updated: string }[]>(
      `WITH input AS (
         SELECT * FROM unnest($2::text[], $3::text[], $4::int[], $5::numeric[], $6::text[], $7::text[], $8::text[])
           AS t(employee_number, full_name, birth_year, contract_hours, job_title, demands, department)
       ), written AS (
         INSERT INTO employee AS e (employer_id, employee_number, full_name, birth_year, contract_hours,
                                    job_title, physical_demands, department, version)
         SELECT $1, employee_number, full_name, birth_year, contract_hours, job_title,
                CASE WHEN demands = '' THEN '{}'::text[] ELSE string_to_array(demands, '|') END, department, 1
           FROM input
         ON CONFLICT ON CONSTRAINT "UQ_employee_employer_number" DO UPDATE
           SET full_name = EXCLUDED.full_name, birth_year = EXCLUDED.birth_year,
               contract_hours = EXCLUDED.contract_hours, job_title = EXCLUDED.job_title,
               physical_demands = EXCLUDED.physical_demands, department = EXCLUDED.department,
               version = e.version + 1, updated_at = now()
         WHERE (e.full_name, e.birth_year, e.contract_hours, e.job_title, e.physical_demands, e.department)
               IS DISTINCT FROM
               (EXCLUDED.full_name, EXCLUDED.birth_year, EXCLUDED.contract_hours, EXCLUDED.job_title,
                EXCLUDED.physical_demands, EXCLUDED.department)
         RETURNING (xmax = 0) AS inserted
       )
       SELECT count(*) FILTER (WHERE inserted) AS created, count(*) FILTER (WHERE NOT inserted) AS updated
         FROM written`,
      [
        employerId,
        rows.map((row) => row.employeeNumber),
        rows.map((row) => row.fullName),
        rows.map((row) => row.birthYear),
        rows.map((row) => row.contractHours),
        rows.map((row) => row.jobTitle),
        rows.map((row) => canonicalDemands(row.physicalDemands).join('|')),
        rows.map((row) => row.department),
      ],
    );
    return { created: Number(counts.created), updated: Number(counts.updated) };
  }

  private async finish(
    importId: string,
    uploadedBy: string,
    status: 'completed' | 'failed',
    extra: { failure?: { field: string; message: string } },
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // The file held personal data and is no longer needed: only the report stays.
      const finished = await modifiedRows(
        manager,
        `UPDATE employee_import
            SET status = $2, failure = $3, content = NULL, finished_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'running' RETURNING id`,
        [importId, status, extra.failure ? JSON.stringify(extra.failure) : null],
      );
      if (!finished.length) return;
      await this.notifications.notify(manager, {
        recipients: [uploadedBy],
        kind: 'employee_import_finished',
        subjectKey: `employee_import:${importId}`,
      });
    });
  }
}

/** Physical demands in catalogue order, so the same set is always stored the same way. */
function canonicalDemands(demands: readonly string[]): string[] {
  return PHYSICAL_DEMANDS.filter((demand) => demands.includes(demand));
}

function toSummary(row: ImportRow): EmployeeImportSummaryDto {
  return {
    id: row.id,
    fileName: row.file_name,
    status: row.status,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    createdCount: row.created_count,
    updatedCount: row.updated_count,
    unchangedCount: row.unchanged_count,
    errorCount: Number(row.error_count),
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}
