import { describe, expect, it } from '@jest/globals';
import { EPISODE_STATUSES } from './entities/episode.entity.js';
import { EPISODE_TRANSITIONS, transitionEpisode, transitionPairsSql } from './episode-lifecycle.js';

describe('episode lifecycle', () => {
  const allowed = new Set([
    'referred>intake',
    'referred>closed',
    'intake>active',
    'intake>closed',
    'active>monitoring',
    'active>closed',
    'monitoring>active',
    'monitoring>closed',
  ]);

  it.each(EPISODE_STATUSES.flatMap((from) => EPISODE_STATUSES.map((to) => [from, to] as const)))(
    'decides %s -> %s from the table',
    (from, to) => {
      const outcome = transitionEpisode(from, to, to === 'closed' ? 'full_rtw' : undefined);
      expect(outcome.ok).toBe(allowed.has(`${from}>${to}`));
      if (!outcome.ok) expect(outcome.code).toBe('invalid_transition');
    },
  );

  it('needs a close reason to close, and refuses one otherwise', () => {
    expect(transitionEpisode('active', 'closed')).toMatchObject({
      ok: false,
      code: 'close_reason_required',
    });
    expect(transitionEpisode('active', 'monitoring', 'withdrawn')).toMatchObject({
      ok: false,
      code: 'close_reason_not_allowed',
    });
    expect(transitionEpisode('monitoring', 'closed', 'partial_rtw')).toEqual({
      ok: true,
      status: 'closed',
      closeReason: 'partial_rtw',
    });
  });

  it('never leaves closed', () => {
    expect(EPISODE_TRANSITIONS.closed).toEqual([]);
  });

  it('gives the database the same pairs', () => {
    expect(transitionPairsSql().split('), (')).toHaveLength(allowed.size);
    for (const pair of allowed)
      expect(transitionPairsSql()).toContain(`('${pair.replace('>', "','")}')`);
  });
});
