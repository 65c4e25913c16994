import { randomInt, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CLINICAL_ROLES, type Role } from '../../src/common/auth/roles.js';
import { hashPassword } from '../../src/modules/identity/password-hasher.js';

export const TEST_PASSWORD = 'a-long-test-passphrase-42';
let passwordHash: Promise<string> | undefined;

/**
 * A fresh employer of its own, so tests never share tenants and nothing needs truncating: a school
 * in Flanders unless told otherwise.
 */
export async function createEmployer(
  dataSource: DataSource,
  name = `Employer ${randomUUID().slice(0, 8)}`,
  region = 'BE2',
): Promise<string> {
  const [row] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO organisation (kind, name, nace_section, nace_code, nace_version, region, version)
     VALUES ('employer', $1, 'P', '85.31', 'NACE_REV2', $2, 1) RETURNING id`,
    [name, region],
  );
  return row.id;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
}

/** An active user with a password, optionally a member of an organisation. */
export async function createUser(
  dataSource: DataSource,
  role: Role,
  options: { organisationId?: string; status?: 'active' | 'disabled' } = {},
): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = `${role}.${randomUUID()}@test.rtw`;
  // Clinicians carry a professional registration, as the invitation requires.
  const registration = CLINICAL_ROLES.includes(role) ? randomBigNumber() : null;
  const [row] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO app_user (email, display_name, role, status, password_hash, registration_scheme, registration_number, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 1) RETURNING id`,
    [
      email,
      `Test ${role}`,
      role,
      options.status ?? 'active',
      await passwordHash,
      registration && 'big',
      registration,
    ],
  );
  if (options.organisationId) {
    await dataSource.query(`INSERT INTO membership (user_id, organisation_id) VALUES ($1, $2)`, [
      row.id,
      options.organisationId,
    ]);
  }
  return { id: row.id, email, password: TEST_PASSWORD, role };
}

/** An 11-digit number in the form of a BIG registration. */
export function randomBigNumber(): string {
  return Array.from({ length: 11 }, () => randomInt(10)).join('');
}
