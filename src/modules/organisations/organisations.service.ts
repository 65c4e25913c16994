import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { visibleOrganisations } from '../../common/access/organisation-scope.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { DomainError, type FieldError } from '../../common/errors/domain-error.js';
import { containsPattern, queryPage } from '../../database/paged-query.js';
import type {
  CreateOrganisationDto,
  CreateServiceContractDto,
  HeadcountDto,
  ListOrganisationsQuery,
  OrganisationDto,
  OrganisationPageDto,
  ServiceContractDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto.js';
import { naceSection } from './nace.js';
import { NUTS_CODES, nutsRegion } from './nuts.js';
import { changedRows, selectRows, sql } from '../../database/sql.js';

interface OrganisationRow {
  id: string;
  kind: OrganisationDto['kind'];
  name: string;
  nace_section: string | null;
  nace_code: string | null;
  nace_version: string | null;
  region: string | null;
  version: number;
}

const NOT_FOUND = 'The requested resource does not exist.';
const ORGANISATION_COLUMNS =
  'o.id, o.kind, o.name, o.nace_section, o.nace_code, o.nace_version, o.region, o.version';
const RETURNED_COLUMNS = sql.raw(
  'id, kind, name, nace_section, nace_code, nace_version, region, version',
);

@Injectable()
export class OrganisationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(user: AuthenticatedUser, query: ListOrganisationsQuery): Promise<OrganisationPageDto> {
    const params: unknown[] = [];
    const conditions = [visibleOrganisations(user, 'o', params)];
    if (query.kind) {
      params.push(query.kind);
      conditions.push(`o.kind = $${params.length}`);
    }
    if (query.search) {
      params.push(containsPattern(query.search));
      conditions.push(`o.name ILIKE $${params.length}`);
    }
    return queryPage(
      this.dataSource,
      {
        select: ORGANISATION_COLUMNS,
        from: 'organisation o',
        where: conditions.join(' AND '),
        orderBy: 'o.name, o.id',
        params,
      },
      query,
      toDto,
    );
  }

  /** An organisation outside the caller's scope is answered exactly like a missing one. */
  async get(user: AuthenticatedUser, id: string): Promise<OrganisationDto> {
    const params: unknown[] = [id];
    const [row] = await this.dataSource.query<OrganisationRow[]>(
      `SELECT ${ORGANISATION_COLUMNS}
         FROM organisation o WHERE o.id = $1 AND ${visibleOrganisations(user, 'o', params)}`,
      params,
    );
    if (!row) throw new DomainError('not_found', NOT_FOUND);
    return toDto(row);
  }

  async create(dto: CreateOrganisationDto): Promise<OrganisationDto> {
    const { nace, region } = this.classification(dto.kind, dto);
    const [row] = await selectRows<OrganisationRow>(
      this.dataSource,
      sql`INSERT INTO organisation (kind, name, nace_section, nace_code, nace_version, region, version)
          VALUES (${dto.kind}, ${dto.name}, ${nace.section}, ${nace.code}, ${nace.version}, ${region}, 1)
          RETURNING ${RETURNED_COLUMNS}`,
    );
    return toDto(row);
  }

  /** Optimistic: the write names the version it was based on; a stale one changes nothing (412). */
  async update(
    user: AuthenticatedUser,
    id: string,
    expectedVersion: number,
    dto: UpdateOrganisationDto,
  ): Promise<OrganisationDto> {
    const current = await this.get(user, id);
    const { nace, region } = this.classification(current.kind, dto, current);
    const rows = await changedRows<OrganisationRow>(
      this.dataSource,
      sql`UPDATE organisation
             SET name = coalesce(${dto.name ?? null}, name),
                 nace_section = coalesce(${nace.section}, nace_section),
                 nace_code = coalesce(${nace.code}, nace_code),
                 region = coalesce(${region}, region),
                 updated_at = now(),
                 version = version + 1
           WHERE id = ${id} AND version = ${expectedVersion}
           RETURNING ${RETURNED_COLUMNS}`,
    );
    if (!rows.length) {
      throw new DomainError(
        'precondition_failed',
        'The organisation has changed since you read it; read it again.',
      );
    }
    return toDto(rows[0]);
  }

  /** Admins for any employer; HR for its own (members only). */
  async putHeadcount(
    user: AuthenticatedUser,
    employerId: string,
    month: string,
    fte: number,
  ): Promise<HeadcountDto> {
    const employer = await this.get(user, employerId);
    if (employer.kind !== 'employer') throw new DomainError('not_found', NOT_FOUND);
    if (user.role !== 'admin' && !user.organisationIds.includes(employerId)) {
      throw new DomainError('forbidden', 'Only the employer’s own HR may record its headcount.');
    }
    await this.dataSource.query(
      `INSERT INTO employer_headcount (employer_id, month, fte) VALUES ($1, $2, $3)
       ON CONFLICT (employer_id, month) DO UPDATE SET fte = EXCLUDED.fte`,
      [employerId, month, fte],
    );
    return { month, fte };
  }

  async listHeadcount(user: AuthenticatedUser, employerId: string): Promise<HeadcountDto[]> {
    await this.get(user, employerId);
    const rows = await this.dataSource.query<{ month: string; fte: string }[]>(
      `SELECT to_char(month, 'YYYY-MM-DD') AS month, fte FROM employer_headcount WHERE employer_id = $1 ORDER BY month`,
      [employerId],
    );
    return rows.map((row) => ({ month: row.month, fte: Number(row.fte) }));
  }

  async createContract(dto: CreateServiceContractDto): Promise<ServiceContractDto> {
    if (dto.validTo && dto.validTo < dto.validFrom) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [{ field: 'validTo', message: 'validTo must not be before validFrom' }],
      });
    }
    const kinds = await this.dataSource.query<{ id: string; kind: string }[]>(
      `SELECT id, kind FROM organisation WHERE id = ANY($1::uuid[])`,
      [[dto.healthServiceId, dto.employerId]],
    );
    const kindOf = (id: string) => kinds.find((row) => row.id === id)?.kind;
    const errors = [
      kindOf(dto.healthServiceId) !== 'occupational_health_service' && {
        field: 'healthServiceId',
        message: 'healthServiceId must be an occupational health service',
      },
      kindOf(dto.employerId) !== 'employer' && {
        field: 'employerId',
        message: 'employerId must be an employer',
      },
    ].filter((error): error is { field: string; message: string } => Boolean(error));
    if (errors.length)
      throw new DomainError('validation_failed', 'Some fields are invalid.', { errors });
    const [row] = await this.dataSource.query<ContractRow[]>(
      `INSERT INTO service_contract (health_service_id, employer_id, valid_from, valid_to, version)
       VALUES ($1, $2, $3, $4, 1)
       RETURNING ${CONTRACT_COLUMNS}`,
      [dto.healthServiceId, dto.employerId, dto.validFrom, dto.validTo ?? null],
    );
    return toContractDto(row);
  }

  /** Admins see all contracts; a doctor those of its own service. */
  async listContracts(user: AuthenticatedUser): Promise<ServiceContractDto[]> {
    const params: unknown[] = [];
    let condition = 'TRUE';
    if (user.role !== 'admin') {
      params.push(user.organisationIds);
      condition = `health_service_id = ANY($1::uuid[])`;
    }
    const rows = await this.dataSource.query<ContractRow[]>(
      `SELECT ${CONTRACT_COLUMNS} FROM service_contract WHERE ${condition} ORDER BY valid_from, id`,
      params,
    );
    return rows.map(toContractDto);
  }

  /**
   * The sector and region an organisation is written with, or 400 naming every field at fault:
   * an employer has both (on a change, what it is not sent keeps its value, and an employer made
   * before regions were recorded must be sent one); other organisations have neither. Null
   * stands for "keep as it is".
   */
  private classification(
    kind: string,
    dto: { naceCode?: string | null; region?: string | null },
    current?: OrganisationDto,
  ) {
    const none = {
      nace: { section: null, code: null, version: null },
      region: null,
    };
    const errors: FieldError[] = [];
    if (kind !== 'employer') {
      for (const field of ['naceCode', 'region'] as const) {
        if (dto[field] !== undefined && dto[field] !== null) {
          errors.push({ field, message: `${field} applies to employers only` });
        }
      }
      if (errors.length) throw invalid(errors);
      return none;
    }
    const naceCode = dto.naceCode ?? undefined;
    const section = naceCode === undefined ? undefined : naceSection(naceCode);
    if (naceCode === undefined ? !current?.nace : !section) {
      errors.push({
        field: 'naceCode',
        message: 'naceCode must be a NACE Rev. 2 code of an existing division',
      });
    }
    const region = dto.region ?? undefined;
    // The DTO lets only listed codes through; this also guards callers that bypass it.
    if (region === undefined ? !current?.region : !nutsRegion(region)) {
      errors.push({
        field: 'region',
        message: `region is required for employers: a NUTS 2021 level-1 code of Belgium or the Netherlands (${NUTS_CODES.join(', ')})`,
      });
    }
    if (errors.length) throw invalid(errors);
    return {
      nace:
        naceCode && section
          ? { section, code: naceCode, version: 'NACE_REV2' }
          : { section: null, code: null, version: null },
      region: region ?? null,
    };
  }
}

function invalid(errors: FieldError[]): DomainError {
  return new DomainError('validation_failed', 'Some fields are invalid.', { errors });
}

interface ContractRow {
  id: string;
  health_service_id: string;
  employer_id: string;
  valid_from: string;
  valid_to: string | null;
}

const CONTRACT_COLUMNS = `id, health_service_id, employer_id,
  to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to`;

function toContractDto(row: ContractRow): ServiceContractDto {
  return {
    id: row.id,
    healthServiceId: row.health_service_id,
    employerId: row.employer_id,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}

function toDto(row: OrganisationRow): OrganisationDto {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    nace:
      row.nace_code && row.nace_section && row.nace_version
        ? { section: row.nace_section, code: row.nace_code, version: row.nace_version }
        : null,
    region: row.region,
    regionName: row.region ? (nutsRegion(row.region)?.name ?? null) : null,
    version: row.version,
  };
}
