import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { OutboxService } from '../common/outbox/outbox.service.js';
import { CheckpointPlanner } from '../modules/checkpoints/checkpoint-planner.service.js';
import type { Role } from '../common/auth/roles.js';
import { openSecret, sealSecret } from '../common/crypto/secret-box.js';
import { hashPassword } from '../modules/identity/password-hasher.js';
import { articlePopulation, generatePopulation } from './synthetic-population.js';

/**
 * Demo organisations with fixed ids, so seeding twice changes nothing: two employers in different
 * NACE sectors (education and cleaning services, both among the fastest-growing for complaints)
 * and regions (Flanders and the north of the Netherlands), a physiotherapy practice and an
 * occupational health service.
 */
export const DEMO_ORGANISATIONS = [
  {
    id: '00000000-0000-4000-8000-000000000101',
    kind: 'employer',
    name: 'Scholengroep Leie en Schelde',
    naceSection: 'P',
    naceCode: '85.31',
    region: 'BE2',
  },
  {
    id: '00000000-0000-4000-8000-000000000102',
    kind: 'employer',
    name: 'Schoonmaakdiensten Noord BV',
    naceSection: 'N',
    naceCode: '81.21',
    region: 'NL1',
  },
  {
    id: '00000000-0000-4000-8000-000000000201',
    kind: 'physio_practice',
    name: 'Kinesitherapie Beweegkracht',
    naceSection: null,
    naceCode: null,
    region: null,
  },
  {
    id: '00000000-0000-4000-8000-000000000301',
    kind: 'occupational_health_service',
    name: 'Arbodienst Preventa',
    naceSection: null,
    naceCode: null,
    region: null,
  },
] as const;

/** Shared by every demo account; printed by `npm run demo`. Never used outside the demo. */
/** Employees of the demo's synthetic population (the article's, at 1/50 of its size). */
const DEMO_POPULATION = 20_000;

export const DEMO_PASSWORD = 'beweging-is-de-sleutel';

const EMPLOYER_A = DEMO_ORGANISATIONS[0].id;
const PRACTICE = DEMO_ORGANISATIONS[2].id;
const HEALTH_SERVICE = DEMO_ORGANISATIONS[3].id;

export const DEMO_USERS: readonly {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  /** The clinicians' RIZIV/INAMI numbers (fictitious, with valid check digits). */
  registration?: { scheme: 'riziv'; number: string };
}[] = [
  {
    id: '00000000-0000-4000-8000-000000001001',
    email: 'admin@demo.rtw',
    displayName: 'Platform Admin',
    role: 'admin',
    organisationId: null,
  },
  {
    id: '00000000-0000-4000-8000-000000001002',
    email: 'hr@demo.rtw',
    displayName: 'Hilde Rombouts',
    role: 'hr',
    organisationId: EMPLOYER_A,
  },
  {
    id: '00000000-0000-4000-8000-000000001003',
    email: 'physio@demo.rtw',
    displayName: 'Pieter Verbeke',
    role: 'physio',
    organisationId: PRACTICE,
    registration: { scheme: 'riziv', number: '54321087000' },
  },
  {
    id: '00000000-0000-4000-8000-000000001004',
    email: 'doctor@demo.rtw',
    displayName: 'Dr. Anouk Janssens',
    role: 'occupational_doctor',
    organisationId: HEALTH_SERVICE,
    registration: { scheme: 'riziv', number: '12345625580' },
  },
  {
    id: '00000000-0000-4000-8000-000000001005',
    email: 'employee@demo.rtw',
    displayName: 'Emre Demir',
    role: 'employee',
    organisationId: EMPLOYER_A,
  },
  {
    id: '00000000-0000-4000-8000-000000001006',
    email: 'analyst@demo.rtw',
    displayName: 'Sara Claes',
    role: 'analyst',
    organisationId: HEALTH_SERVICE,
  },
  {
    id: '00000000-0000-4000-8000-000000001007',
    email: 'manager@demo.rtw',
    displayName: 'Marc Peeters',
    role: 'manager',
    organisationId: HEALTH_SERVICE,
  },
  {
    id: '00000000-0000-4000-8000-000000001008',
    email: 'practice-manager@demo.rtw',
    displayName: 'Griet Van Damme',
    role: 'manager',
    organisationId: PRACTICE,
  },
];

/**
 * TOTP secrets of the demo accounts that sign in with a second factor (clinicians and managers),
 * printed by the demo so any client can log in: `npm run totp -- <secret>` shows the current code.
 */
export const DEMO_TOTP_SECRETS: Partial<Record<Role, string>> = {
  physio: 'KRSXG5CBNZQWY6LTNFZUY2LPMNUWC3DU',
  occupational_doctor: 'IRXWG5DPOJEW45DFMFWWK3TUKBQXI2DT',
  manager: 'JVQW4YLHMVZE2ZLUKRXXI4BSMVRXEZLU',
};

export async function seedDemo(
  databaseUrl: string,
  dataEncryptionKey: Buffer,
): Promise<{ organisations: number; users: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let inserted = 0;
    for (const org of DEMO_ORGANISATIONS) {
      const result = await client.query(
        `INSERT INTO organisation (id, kind, name, nace_section, nace_code, nace_version, region, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1)
         ON CONFLICT (id) DO NOTHING`,
        [
          org.id,
          org.kind,
          org.name,
          org.naceSection,
          org.naceCode,
          org.naceCode ? 'NACE_REV2' : null,
          org.region,
        ],
      );
      inserted += result.rowCount ?? 0;
      // A demo database seeded before employers had a region gets theirs.
      await client.query(
        `UPDATE organisation SET region = $2 WHERE id = $1 AND region IS NULL AND $2::text IS NOT NULL`,
        [org.id, org.region],
      );
    }
    for (const employer of [DEMO_ORGANISATIONS[0].id, DEMO_ORGANISATIONS[1].id]) {
      await client.query(
        `INSERT INTO service_contract (id, health_service_id, employer_id, valid_from, version)
         SELECT gen_random_uuid(), $1, $2, DATE '2024-01-01', 1
         WHERE NOT EXISTS (SELECT 1 FROM service_contract WHERE health_service_id = $1 AND employer_id = $2)`,
        [HEALTH_SERVICE, employer],
      );
    }
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    let users = 0;
    for (const user of DEMO_USERS) {
      const result = await client.query(
        `INSERT INTO app_user (id, email, display_name, role, status, password_hash, version)
         VALUES ($1, $2, $3, $4, 'active', $5, 1)
         ON CONFLICT (id) DO NOTHING`,
        [user.id, user.email, user.displayName, user.role, passwordHash],
      );
      users += result.rowCount ?? 0;
      if (user.registration) {
        await client.query(
          `UPDATE app_user SET registration_scheme = $2, registration_number = $3
            WHERE id = $1 AND registration_number IS NULL`,
          [user.id, user.registration.scheme, user.registration.number],
        );
      }
      const totpSecret = DEMO_TOTP_SECRETS[user.role];
      if (totpSecret) {
        // Also sealed again when the kept seed does not open with this key (a demo database
        // seeded under another key, such as the built-in development key of earlier versions).
        const { rows } = await client.query<{ totp_secret: string | null }>(
          `SELECT totp_secret FROM app_user WHERE id = $1 AND totp_enabled_at IS NOT NULL`,
          [user.id],
        );
        if (!rows[0] || !opensWith(dataEncryptionKey, rows[0].totp_secret)) {
          await client.query(
            `UPDATE app_user SET totp_secret = $2, totp_enabled_at = coalesce(totp_enabled_at, now()) WHERE id = $1`,
            [user.id, sealSecret(dataEncryptionKey, totpSecret)],
          );
        }
      }
      if (user.organisationId) {
        await client.query(
          `INSERT INTO membership (user_id, organisation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [user.id, user.organisationId],
        );
      }
    }
    const employees: [string, string, string, string, number, string, string[], string | null][] = [
      [
        '00000000-0000-4000-8000-000000002001',
        'SLS-0001',
        'Emre Demir',
        'Teacher',
        38,
        'Campus Noord',
        ['standing', 'screen_work'],
        DEMO_USERS[4].id,
      ],
      [
        '00000000-0000-4000-8000-000000002002',
        'SLS-0002',
        'Lotte Janssens',
        'Teacher',
        30.4,
        'Campus Noord',
        ['standing'],
        null,
      ],
      [
        '00000000-0000-4000-8000-000000002003',
        'SLS-0003',
        'Kurt Wouters',
        'Caretaker',
        38,
        'Campus Zuid',
        ['lifting', 'standing'],
        null,
      ],
    ];
    for (const [id, number, name, title, hours, department, demands, userId] of employees) {
      await client.query(
        `INSERT INTO employee (id, employer_id, employee_number, full_name, birth_year, contract_hours, job_title,
                               physical_demands, department, user_id, version)
         VALUES ($1, $2, $3, $4, 1982, $5, $6, $7, $8, $9, 1)
         ON CONFLICT (id) DO NOTHING`,
        [id, EMPLOYER_A, number, name, hours, title, demands, department, userId],
      );
    }
    // One open episode, so that HR sees the functional view and the care team the clinical one.
    const episodeId = '00000000-0000-4000-8000-000000003001';
    await client.query(
      `INSERT INTO episode (id, employee_id, employer_id, jurisdiction, referral_date, absence_start, clock_start,
                            contract_hours, status, version)
       VALUES ($1, $2, $3, 'BE', current_date - 10, current_date - 17, current_date - 17, $4, 'referred', 1)
       ON CONFLICT (id) DO NOTHING`,
      [episodeId, employees[0][0], EMPLOYER_A, employees[0][4]],
    );
    await client.query(
      `INSERT INTO work_status_period (episode_id, effective_from, status, percent_of_contract, recorded_by)
       VALUES ($1, current_date - 17, 'absent', 0, $2), ($1, current_date - 3, 'partial', 50, $2)
       ON CONFLICT DO NOTHING`,
      [episodeId, DEMO_USERS[1].id],
    );
    await client.query(
      `INSERT INTO care_team_member (episode_id, user_id, role) VALUES ($1, $2, 'physio'), ($1, $3, 'occupational_doctor')
       ON CONFLICT DO NOTHING`,
      [episodeId, DEMO_USERS[2].id, DEMO_USERS[3].id],
    );
    await client.query(
      `INSERT INTO complaint (episode_id, regions, side, specificity, clinical_note, version)
       VALUES ($1, '{low_back}', 'central', 'aspecific', 'Demo: non-specific low-back pain, no red flags.', 1)
       ON CONFLICT (episode_id) DO NOTHING`,
      [episodeId],
    );
    // Its checkpoints, planned as opening it through the API would have planned them.
    await client.query('BEGIN');
    const manager = {
      query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows,
    } as unknown as EntityManager;
    await new CheckpointPlanner(new OutboxService()).replan(manager, episodeId, 'episode_opened');
    await client.query('COMMIT');
    // A working population behind the sector reports (the worker builds them when it starts).
    const { rows: synthetic } = await client.query(
      `SELECT 1 FROM organisation WHERE name LIKE 'Synthetic %' LIMIT 1`,
    );
    if (!synthetic.length) await generatePopulation(client, articlePopulation(DEMO_POPULATION));
    return { organisations: inserted, users };
  } finally {
    await client.end();
  }
}

function opensWith(key: Buffer, sealed: string | null): boolean {
  try {
    return sealed !== null && openSecret(key, sealed) !== '';
  } catch {
    return false;
  }
}
