import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createEmployee } from '../factories/employees.js';
import { createEmployer, createUser, type TestUser } from '../factories/identity.js';
import { accessTokenFor } from './auth.js';
import type { TestApp } from './test-app.js';

/**
 * An employer served by an occupational health service, a physiotherapy practice, one logged-in
 * user per role (the employee linked to the episode's employee record) and an episode HR opened
 * through the API with the physiotherapist (and, unless told otherwise, the doctor) on its team.
 */
export interface CareWorld {
  db: DataSource;
  employer: string;
  hr: TestUser;
  physio: TestUser;
  doctor: TestUser;
  employee: TestUser;
  episodeId: string;
  /** The Authorization header of a user of this world. */
  as: (user: TestUser) => { Authorization: string };
  http: () => ReturnType<typeof request>;
}

export async function careWorld(
  t: TestApp,
  options: { doctorOnTeam?: boolean; jurisdiction?: 'BE' | 'NL' } = {},
): Promise<CareWorld> {
  const db = t.app.get<DataSource>(getDataSourceToken());
  const http = () => request(t.app.getHttpServer());
  const tokens = new Map<string, string>();
  const as = (user: TestUser) => ({ Authorization: `Bearer ${tokens.get(user.id)}` });
  const login = async (user: TestUser) => {
    tokens.set(user.id, await accessTokenFor(t.app, user));
    return user;
  };
  const organisation = async (kind: string) =>
    (
      await db.query<{ id: string }[]>(
        `INSERT INTO organisation (kind, name, version) VALUES ($1, $1, 1) RETURNING id`,
        [kind],
      )
    )[0].id;

  const employer = await createEmployer(db);
  const service = await organisation('occupational_health_service');
  await db.query(
    `INSERT INTO service_contract (health_service_id, employer_id, valid_from, version) VALUES ($1, $2, DATE '2020-01-01', 1)`,
    [service, employer],
  );
  const hr = await login(await createUser(db, 'hr', { organisationId: employer }));
  const physio = await login(
    await createUser(db, 'physio', { organisationId: await organisation('physio_practice') }),
  );
  const doctor = await login(
    await createUser(db, 'occupational_doctor', { organisationId: service }),
  );
  const employee = await login(await createUser(db, 'employee', { organisationId: employer }));
  const opened = await http()
    .post('/episodes')
    .set(as(hr))
    .send({
      employeeId: await createEmployee(db, employer, { userId: employee.id }),
      jurisdiction: options.jurisdiction ?? 'BE',
      referralDate: '2026-11-23',
      absenceStart: '2026-11-20',
    });
  if (opened.status !== 201) throw new Error(`opening the episode answered ${opened.status}`);
  const team = await http()
    .put(`/episodes/${opened.body.id}/care-team`)
    .set(as(hr))
    .send({
      physioUserId: physio.id,
      ...(options.doctorOnTeam === false ? {} : { occupationalDoctorUserId: doctor.id }),
    });
  if (team.status !== 200) throw new Error(`setting the care team answered ${team.status}`);
  return { db, employer, hr, physio, doctor, employee, episodeId: opened.body.id, as, http };
}
