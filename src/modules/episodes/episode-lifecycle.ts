import type { EpisodeStatus } from './entities/episode.entity.js';

export const CLOSE_REASONS = [
  'full_rtw',
  'partial_rtw',
  'not_returned',
  'withdrawn',
  'referred_out',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/**
 * The episode lifecycle, `referred -> intake -> active -> monitoring -> closed`: every allowed move.
 * Monitoring may fall back to active (a setback); any open episode may close. The database refuses
 * any other move too (trigger `TRG_episode_status_transition`, built from this same table).
 */
export const EPISODE_TRANSITIONS: { readonly [S in EpisodeStatus]: readonly EpisodeStatus[] } = {
  referred: ['intake', 'closed'],
  intake: ['active', 'closed'],
  active: ['monitoring', 'closed'],
  monitoring: ['active', 'closed'],
  closed: [],
};

export type TransitionOutcome =
  | { ok: true; status: EpisodeStatus; closeReason: CloseReason | null }
  | {
      ok: false;
      code: 'invalid_transition' | 'close_reason_required' | 'close_reason_not_allowed';
      message: string;
    };

/** Decides a status change; pure, so it is tested on its own for every pair of states. */
export function transitionEpisode(
  from: EpisodeStatus,
  to: EpisodeStatus,
  closeReason?: CloseReason,
): TransitionOutcome {
  if (!EPISODE_TRANSITIONS[from].includes(to)) {
    return {
      ok: false,
      code: 'invalid_transition',
      message: `An episode cannot move from ${from} to ${to}.`,
    };
  }
  if (to === 'closed' && !closeReason) {
    return {
      ok: false,
      code: 'close_reason_required',
      message: 'closeReason is required to close an episode',
    };
  }
  if (to !== 'closed' && closeReason) {
    return {
      ok: false,
      code: 'close_reason_not_allowed',
      message: 'closeReason applies only when closing',
    };
  }
  return { ok: true, status: to, closeReason: closeReason ?? null };
}

/** The allowed (from, to) pairs as SQL, for the database trigger. */
export function transitionPairsSql(): string {
  return Object.entries(EPISODE_TRANSITIONS)
    .flatMap(([from, tos]) => tos.map((to) => `('${from}','${to}')`))
    .join(', ');
}
