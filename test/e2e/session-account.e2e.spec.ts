import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { type CareWorld, careWorld } from '../support/care-world.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

/**
 * Recording a session, the most frequent clinical write: the account's current state counts on the
 * very next request (disabled, role changed, password changed), and nothing is stored otherwise.
 */
describe('the account behind a session write, as it is now', () => {
  let t: TestApp;
  let w: CareWorld;

  beforeAll(async () => {
    t = await startTestApi();
    w = await careWorld(t);
  });
  afterAll(async () => {
    await t.app.close();
  });

  const record = (authorization: { Authorization: string }) =>
    w
      .http()
      .post(`/episodes/${w.episodeId}/progress/sessions`)
      .set(authorization)
      .send({ sessionDate: '2026-11-24', quotas: [{ exercise: 0, reached: 5 }], nrsPain: 4 });
  const stored = async () =>
    Number(
      (
        await w.db.query<{ count: string }[]>(
          `SELECT count(*) FROM progress_entry WHERE episode_id = $1`,
          [w.episodeId],
        )
      )[0].count,
    );
  const setUser = (set: string) =>
    w.db.query(`UPDATE app_user SET ${set} WHERE id = $1`, [w.physio.id]);

  it('records for a valid physiotherapist on the care team, with its audit row', async () => {
    const response = await record(w.as(w.physio));
    expect(response.status).toBe(201);
    expect(await stored()).toBe(1);
    const [{ count }] = await w.db.query<{ count: string }[]>(
      `SELECT count(*) FROM audit_event WHERE actor_user_id = $1 AND action = 'progress.session' AND outcome = 'allowed'`,
      [w.physio.id],
    );
    expect(Number(count)).toBe(1);
  });

  it('answers 401 at once for a disabled account, and stores nothing', async () => {
    await setUser(`status = 'disabled'`);
    try {
      expect((await record(w.as(w.physio))).status).toBe(401);
      expect(await stored()).toBe(1);
    } finally {
      await setUser(`status = 'active'`);
    }
  });

  it('answers 403 at once when the role changed, and stores nothing', async () => {
    await setUser(`role = 'occupational_doctor'`);
    try {
      const response = await record(w.as(w.physio));
      expect([response.status, response.body.code]).toEqual([403, 'forbidden']);
      expect(await stored()).toBe(1);
    } finally {
      await setUser(`role = 'physio'`);
    }
  });

  it('answers 401 for a token of an earlier session generation (a password change), and stores nothing', async () => {
    await setUser(`session_generation = session_generation + 1`);
    try {
      expect((await record(w.as(w.physio))).status).toBe(401);
      expect(await stored()).toBe(1);
    } finally {
      await setUser(`session_generation = session_generation - 1`);
    }
  });

  it('answers 404 to a physiotherapist outside the care team, and 403 to other roles', async () => {
    const stranger = await createUser(w.db, 'physio', { organisationId: w.employer });
    const token = await accessTokenFor(t.app, stranger);
    const outside = await record({ Authorization: `Bearer ${token}` });
    expect(outside.status).toBe(404);
    for (const user of [w.hr, w.doctor, w.employee]) {
      expect((await record(w.as(user))).status).toBe(403);
    }
    expect(await stored()).toBe(1);
    // The valid account records again.
    expect((await record(w.as(w.physio))).status).toBe(201);
  });
});
