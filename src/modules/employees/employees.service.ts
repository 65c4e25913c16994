import type { RegistrationScheme } from '../identity/entities/user.entity.js';
import { formatRegistration } from '../identity/professional-registration.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { visibleEmployees } from '../../common/access/employee-scope.js';
import { currentlyServedEmployers } from '../../common/access/organisation-scope.js';
import { AuditService } from '../../common/audit/audit.service.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { PageQuery } from '../../common/http/page-query.js';
import { containsPattern, queryPage } from '../../database/paged-query.js';
import type {
  AccessLogPageDto,
  CreateEmployeeDto,
  EmployeeDto,
  EmployeePageDto,
  ListEmployeesQuery,
  UpdateEmployeeDto,
} from './dto/employee.dto.js';
import type { PhysicalDemand } from './entities/employee.entity.js';
import { modifiedRows } from '../../database/modified-rows.js';

interface EmployeeRow {
  id: string;
  employer_id: string;
  employee_number: string;
  full_name: string;
  birth_year: number;
  contract_hours: string;
  job_title: string;
  physical_demands: PhysicalDemand[];
  department: string | null;
  user_id: string | null;
  active: boolean;
  left_on: string | null;
  version: number;
}

const COLUMNS = `e.id, e.employer_id, e.employee_number, e.full_name, e.birth_year, e.contract_hours, e.job_title,
  e.physical_demands, e.department, e.user_id, e.active, to_char(e.left_on, 'YYYY-MM-DD') AS left_on, e.version`;
const NOT_FOUND = 'The requested resource does not exist.';

interface AccessLogRow {
  occurred_at: Date;
  display_name: string | null;
  actor_role: string | null;
  organisation_name: string | null;
  registration_scheme: RegistrationScheme | null;
  registration_number: string | null;
  action: string;
  outcome: string;
}

@Injectable()
export class EmployeesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** HR enrols for its own employer. The employee number is unique within the employer. */
  async enrol(actor: AuthenticatedUser, dto: CreateEmployeeDto): Promise<EmployeeDto> {
    const employerId = dto.employerId ?? actor.organisationIds[0];
    if (!employerId || !actor.organisationIds.includes(employerId)) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [{ field: 'employerId', message: 'employerId must be your own employer' }],
      });
    }
    const [row] = await this.dataSource.query<EmployeeRow[]>(
      `INSERT INTO employee AS e (employer_id, employee_number, full_name, birth_year, contract_hours, job_title,
                                  physical_demands, department, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1)
       ON CONFLICT ON CONSTRAINT "UQ_employee_employer_number" DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        employerId,
        dto.employeeNumber,
        dto.fullName,
        dto.birthYear,
        dto.contractHours,
        dto.jobTitle,
        dto.physicalDemands ?? [],
        dto.department || null,
      ],
    );
    if (!row) {
      throw new DomainError(
        'conflict',
        'This employer has an employee with this employee number already.',
        {
          errors: [
            { field: 'employeeNumber', message: 'employeeNumber is in use at this employer' },
          ],
        },
      );
    }
    return toDto(row);
  }

  async list(actor: AuthenticatedUser, query: ListEmployeesQuery): Promise<EmployeePageDto> {
    const params: unknown[] = [];
    const conditions = [visibleEmployees(actor, 'e', params)];
    if (query.active !== undefined) {
      params.push(query.active);
      conditions.push(`e.active = $${params.length}`);
    }
    if (query.department) {
      params.push(query.department);
      conditions.push(`e.department = $${params.length}`);
    }
    if (query.search) {
      params.push(containsPattern(query.search));
      conditions.push(
        `(e.full_name ILIKE $${params.length} OR e.employee_number ILIKE $${params.length})`,
      );
    }
    return queryPage(
      this.dataSource,
      {
        select: COLUMNS,
        from: 'employee e',
        where: conditions.join(' AND '),
        orderBy: 'e.full_name, e.id',
        params,
      },
      query,
      toDto,
    );
  }

  async get(actor: AuthenticatedUser, id: string): Promise<EmployeeDto> {
    const params: unknown[] = [id];
    const [row] = await this.dataSource.query<EmployeeRow[]>(
      `SELECT ${COLUMNS} FROM employee e WHERE e.id = $1 AND ${visibleEmployees(actor, 'e', params)}`,
      params,
    );
    if (!row) throw new DomainError('not_found', NOT_FOUND);
    return toDto(row);
  }

  async update(
    actor: AuthenticatedUser,
    id: string,
    expectedVersion: number,
    dto: UpdateEmployeeDto,
  ): Promise<EmployeeDto> {
    await this.getManaged(actor, id);
    const rows = await modifiedRows<EmployeeRow>(
      this.dataSource,
      `UPDATE employee AS e
          SET full_name = coalesce($3, full_name),
              contract_hours = coalesce($4, contract_hours),
              job_title = coalesce($5, job_title),
              physical_demands = coalesce($6, physical_demands),
              department = CASE WHEN $7::boolean THEN nullif($8, '') ELSE department END,
              updated_at = now(),
              version = version + 1
        WHERE id = $1 AND version = $2
        RETURNING ${COLUMNS}`,
      [
        id,
        expectedVersion,
        dto.fullName ?? null,
        dto.contractHours ?? null,
        dto.jobTitle ?? null,
        dto.physicalDemands ?? null,
        dto.department !== undefined,
        dto.department ?? null,
      ],
    );
    if (!rows.length) {
      throw new DomainError(
        'precondition_failed',
        'The employee has changed since you read it; read it again.',
      );
    }
    return toDto(rows[0]);
  }

  /** A leaver: kept for the record and for reports, gone from current lists. */
  async deactivate(actor: AuthenticatedUser, id: string, leftOn: string): Promise<EmployeeDto> {
    await this.getManaged(actor, id);
    const rows = await modifiedRows<EmployeeRow>(
      this.dataSource,
      `UPDATE employee AS e SET active = false, left_on = $2, updated_at = now(), version = version + 1
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, leftOn],
    );
    return toDto(rows[0]);
  }

  /**
   * Who accessed the employee's data, newest first: for the employee, the doctors of the services
   * serving the employer, and admins. Reading it is itself recorded.
   */
  async accessLog(
    actor: AuthenticatedUser,
    employeeId: string,
    page: PageQuery,
  ): Promise<AccessLogPageDto> {
    const params: unknown[] = [employeeId];
    let scope = 'TRUE';
    if (actor.role === 'employee') {
      params.push(actor.id);
      scope = `e.user_id = $${params.length}`;
    } else if (actor.role === 'occupational_doctor') {
      params.push(actor.organisationIds);
      scope = `e.employer_id IN (${currentlyServedEmployers(`$${params.length}::uuid[]`)})`;
    }
    return this.dataSource.transaction(async (manager) => {
      const [employee] = await manager.query<{ employer_id: string }[]>(
        `SELECT e.employer_id FROM employee e WHERE e.id = $1 AND ${scope}`,
        params,
      );
      if (!employee) throw new DomainError('not_found', NOT_FOUND);
      const log = await queryPage(
        manager,
        {
          select: `a.occurred_at, u.display_name, a.actor_role, o.name AS organisation_name,
                   u.registration_scheme, u.registration_number, a.action, a.outcome`,
          from: `audit_event a LEFT JOIN app_user u ON u.id = a.actor_user_id
                 LEFT JOIN organisation o ON o.id = a.on_behalf_of_organisation_id`,
          where: 'a.subject_employee_id = $1',
          orderBy: 'a.occurred_at DESC, a.id DESC',
          params: [employeeId],
        },
        page,
        (row: AccessLogRow) => ({
          occurredAt: row.occurred_at.toISOString(),
          actorName: row.display_name,
          actorRole: row.actor_role,
          actorOrganisation: row.organisation_name,
          actorRegistration:
            row.registration_scheme && row.registration_number
              ? formatRegistration(row.registration_scheme, row.registration_number)
              : null,
          action: row.action,
          outcome: row.outcome,
        }),
      );
      await this.audit.record(
        {
          actor,
          action: 'access_log.read',
          objectType: 'employee',
          objectId: employeeId,
          subjectEmployeeId: employeeId,
          outcome: 'allowed',
        },
        manager,
      );
      return log;
    });
  }

  /** Only HR of the employee's own employer changes the record. */
  private async getManaged(actor: AuthenticatedUser, id: string): Promise<EmployeeDto> {
    const employee = await this.get(actor, id);
    if (actor.role !== 'hr' || !actor.organisationIds.includes(employee.employerId)) {
      throw new DomainError('not_found', NOT_FOUND);
    }
    return employee;
  }
}

function toDto(row: EmployeeRow): EmployeeDto {
  return {
    id: row.id,
    employerId: row.employer_id,
    employeeNumber: row.employee_number,
    fullName: row.full_name,
    birthYear: row.birth_year,
    contractHours: Number(row.contract_hours),
    jobTitle: row.job_title,
    physicalDemands: row.physical_demands,
    department: row.department,
    hasAccount: row.user_id !== null,
    active: row.active,
    leftOn: row.left_on,
    version: row.version,
  };
}
