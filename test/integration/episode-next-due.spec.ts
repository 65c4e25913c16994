import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { careWorld, type CareWorld } from '../support/care-world.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

interface Stored {
  next_due_kind: string | null;
  next_due_on: string | null;
}

interface RawEpisode {
  id: string;
  status: string;
  referral_date: string;
  expected_full_return: string | null;
  has_physio: boolean;
  screened: boolean;
  planned: string[];
}

/**
 * An episode's next step, worked out here from its raw rows, independently of the database's
 * function: a physiotherapist on the care team, then the intake, then the earliest planned
 * checkpoint, then the expected full return; nothing once closed.
 */
function nextDueOf(episode: RawEpisode): Stored {
  const planned = [...episode.planned].sort();
  if (episode.status === 'closed') return { next_due_kind: null, next_due_on: null };
  if (!episode.has_physio)
    return { next_due_kind: 'assign_care_team', next_due_on: episode.referral_date };
  if (!episode.screened) return { next_due_kind: 'intake', next_due_on: episode.referral_date };
  if (planned.length) return { next_due_kind: 'checkpoint', next_due_on: planned[0] };
  if (episode.expected_full_return)
    return { next_due_kind: 'full_return', next_due_on: episode.expected_full_return };
  return { next_due_kind: null, next_due_on: null };
}

/** The raw rows of the episodes asked for (all when none are named), one statement per table. */
async function rawEpisodes(db: DataSource, ids?: string[]): Promise<RawEpisode[]> {
  const filter = ids ? `WHERE id = ANY($1)` : '';
  const byEpisode = ids ? `WHERE episode_id = ANY($1)` : 'WHERE true';
  const params = ids ? [ids] : [];
  const episodes = await db.query<Omit<RawEpisode, 'has_physio' | 'screened' | 'planned'>[]>(
    `SELECT id, status, to_char(referral_date, 'YYYY-MM-DD') AS referral_date,
            to_char(expected_full_return, 'YYYY-MM-DD') AS expected_full_return
       FROM episode ${filter}`,
    params,
  );
  const physios = new Set(
    (
      await db.query<{ episode_id: string }[]>(
        `SELECT episode_id FROM care_team_member ${byEpisode} AND role = 'physio'`,
        params,
      )
    ).map((row) => row.episode_id),
  );
  const screened = new Set(
    (
      await db.query<{ episode_id: string }[]>(
        `SELECT episode_id FROM triage_assessment ${byEpisode} AND screened_at IS NOT NULL`,
        params,
      )
    ).map((row) => row.episode_id),
  );
  const planned = new Map<string, string[]>();
  for (const row of await db.query<{ episode_id: string; due_on: string }[]>(
    `SELECT episode_id, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM checkpoint
      ${byEpisode} AND status = 'planned'`,
    params,
  )) {
    planned.set(row.episode_id, [...(planned.get(row.episode_id) ?? []), row.due_on]);
  }
  return episodes.map((episode) => ({
    ...episode,
    has_physio: physios.has(episode.id),
    screened: screened.has(episode.id),
    planned: planned.get(episode.id) ?? [],
  }));
}

async function expectedNextDue(db: DataSource, episodeId: string): Promise<Stored> {
  const [episode] = await rawEpisodes(db, [episodeId]);
  return nextDueOf(episode);
}

describe("an episode's next step, kept on the episode by the database", () => {
  let t: TestApp;
  let w: CareWorld;

  beforeAll(async () => {
    t = await startTestApi();
    w = await careWorld(t);
  });
  afterAll(async () => {
    await t.app.close();
  });

  const stored = async (episodeId: string): Promise<Stored> =>
    (
      await w.db.query<Stored[]>(
        `SELECT next_due_kind, to_char(next_due_on, 'YYYY-MM-DD') AS next_due_on
           FROM episode WHERE id = $1`,
        [episodeId],
      )
    )[0];

  it('follows the care team, the intake, the checkpoints, the expected return and the close', async () => {
    const id = w.episodeId;
    const steps: [string, string, unknown[]][] = [
      ['care team emptied', `DELETE FROM care_team_member WHERE episode_id = $1`, [id]],
      [
        'physiotherapist added',
        `INSERT INTO care_team_member (episode_id, user_id, role) VALUES ($1, $2, 'physio')`,
        [id, w.physio.id],
      ],
      [
        'intake done',
        `INSERT INTO triage_assessment (episode_id, screened_regions, red_flag_answers, screened_at, screened_by, version)
         VALUES ($1, '{neck}', '{}', now(), $2, 1)
         ON CONFLICT (episode_id) DO UPDATE SET screened_at = now(), screened_by = $2`,
        [id, w.physio.id],
      ],
      [
        'the earliest checkpoint moved later',
        `UPDATE checkpoint SET due_on = due_on + 400
          WHERE id = (SELECT id FROM checkpoint WHERE episode_id = $1 AND status = 'planned'
                       ORDER BY due_on LIMIT 1)`,
        [id],
      ],
      [
        'the earliest checkpoint completed',
        `UPDATE checkpoint SET status = 'completed', outcome = 'continue', decided_at = now()
          WHERE id = (SELECT id FROM checkpoint WHERE episode_id = $1 AND status = 'planned'
                       ORDER BY due_on LIMIT 1)`,
        [id],
      ],
      [
        'the expected full return set',
        `UPDATE episode SET expected_full_return = DATE '2027-03-01' WHERE id = $1`,
        [id],
      ],
      [
        'every checkpoint cancelled',
        `UPDATE checkpoint SET status = 'cancelled', cancel_reason = 'test' WHERE episode_id = $1 AND status = 'planned'`,
        [id],
      ],
      [
        'the expected return cleared',
        `UPDATE episode SET expected_full_return = NULL WHERE id = $1`,
        [id],
      ],
      [
        'the screen undone',
        `UPDATE triage_assessment SET screened_at = NULL WHERE episode_id = $1`,
        [id],
      ],
    ];
    const seen = new Set<string>();
    expect(await stored(id)).toEqual(await expectedNextDue(w.db, id));
    for (const [what, sql, params] of steps) {
      await w.db.query(sql, params);
      const now = await stored(id);
      seen.add(String(now.next_due_kind));
      expect({ what, ...now }).toEqual({ what, ...(await expectedNextDue(w.db, id)) });
    }
    // Every kind came up at least once, so the sequence tested each branch.
    expect([...seen].sort()).toEqual(
      ['assign_care_team', 'checkpoint', 'full_return', 'intake', 'null'].sort(),
    );

    const read = await w.http().get(`/episodes/${id}`).set(w.as(w.hr));
    expect(read.body.nextDue).toEqual({ kind: 'intake', dueOn: read.body.referralDate });
  });

  it('agrees with the raw rows for every episode the test run has made', async () => {
    // Read in one go (the run's other files leave thousands of episodes behind).
    const episodes = await rawEpisodes(w.db);
    expect(episodes.length).toBeGreaterThan(0);
    const stored = new Map(
      (
        await w.db.query<(Stored & { id: string })[]>(
          `SELECT id, next_due_kind, to_char(next_due_on, 'YYYY-MM-DD') AS next_due_on FROM episode`,
        )
      ).map(({ id, ...row }) => [id, row]),
    );
    const disagreeing = episodes
      .map((episode) => ({
        id: episode.id,
        stored: stored.get(episode.id),
        expected: nextDueOf(episode),
      }))
      .filter((row) => JSON.stringify(row.stored) !== JSON.stringify(row.expected));
    expect(disagreeing).toEqual([]);
  });
});
