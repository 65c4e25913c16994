import { addDays, daysBetween } from '../../common/dates/calendar.js';
import type { ClockPause } from '../checkpoints/timeline.js';
import type { Jurisdiction } from './entities/episode.entity.js';

/**
 * Dutch rule (BW 7:629 lid 10): sickness periods less than four weeks apart count as one. A new
 * absence that starts within 28 days after the previous one ended continues that episode's clock.
 */
export const NL_RELAPSE_WINDOW_DAYS = 28;

/**
 * Belgian rule (KB 11-09-2022, re-integration): a return to work of at most 14 days does not
 * interrupt the incapacity, so a relapse after such an attempt continues the earlier clock (for the
 * four-week and three-month counts).
 */
export const BE_WORK_ATTEMPT_DAYS = 14;

export interface PreviousAbsence {
  episodeId: string;
  jurisdiction: Jurisdiction;
  clockStart: string;
  /** First day back on full duty: the previous absence ended the day before. */
  fullDutyFrom: string;
  /** The days at work its clock already skips (NL). */
  pauses?: readonly ClockPause[];
}

export type AbsenceClock =
  | { clockStart: string; continuesEpisodeId: null }
  | { clockStart: string; continuesEpisodeId: string };

/**
 * Where a new absence's statutory clock starts. The previous absence's last sick day is the day
 * before full duty resumed. NL: a new absence starting 1 to 28 days after that day continues the
 * previous clock; from day 29 it starts its own. BE: a new absence after at most 14 days back at
 * work continues it; after 15 days or more it starts its own. Both episodes must be of the same
 * jurisdiction.
 */
export function absenceClock(
  jurisdiction: Jurisdiction,
  absenceStart: string,
  previous: PreviousAbsence | undefined,
): AbsenceClock {
  if (jurisdiction === 'NL' && previous && previous.jurisdiction === 'NL') {
    const lastSickDay = addDays(previous.fullDutyFrom, -1);
    const gap = daysBetween(lastSickDay, absenceStart);
    if (gap >= 1 && gap <= NL_RELAPSE_WINDOW_DAYS) {
      return { clockStart: previous.clockStart, continuesEpisodeId: previous.episodeId };
    }
  }
  if (jurisdiction === 'BE' && previous && previous.jurisdiction === 'BE') {
    const daysAtWork = daysBetween(previous.fullDutyFrom, absenceStart);
    if (daysAtWork >= 0 && daysAtWork <= BE_WORK_ATTEMPT_DAYS) {
      return { clockStart: previous.clockStart, continuesEpisodeId: previous.episodeId };
    }
  }
  return { clockStart: absenceStart, continuesEpisodeId: null };
}

const IN_THIS_EPISODE = 'this-episode';

/** A step of the work-status timeline, as far as the clock cares: at full duty or not. */
export interface ClockStep {
  effectiveFrom: string;
  status: 'absent' | 'partial' | 'full_duty';
}

/** What one start of incapacity on the timeline did to the clock. */
export interface ClockDecision {
  /** The first sick day of this stretch of incapacity. */
  on: string;
  /** `started`: this stretch starts its own clock; `continued`: it counts on an earlier one. */
  outcome: 'started' | 'continued';
  /** The clock this stretch counts from. */
  clockStart: string;
  /** Days at full duty before this stretch (null for the first absence with nothing before it). */
  daysBackAtWork: number | null;
}

export interface EpisodeClock {
  /** The clock in force now: the last decision's; null while the timeline has no incapacity. */
  clockStart: string | null;
  /** The earlier episode whose clock is in force, when it is one. */
  continuesEpisodeId: string | null;
  /**
   * NL: the days at full duty between the sickness periods the clock in force adds together (BW
   * 7:629 lid 10 counts sickness days, so every deadline after a return moves by the days worked).
   * BE counts calendar days: a work attempt of at most 14 days does not interrupt the incapacity.
   */
  pauses: ClockPause[];
  decisions: ClockDecision[];
}

/**
 * The absence clock of an episode, from its whole work-status timeline. Incapacity is any step
 * that is not full duty (absent, or partial: a partial return is still partial incapacity). The
 * first stretch of incapacity continues an earlier episode's clock or starts its own (by
 * `absenceClock`); every later stretch after a return to full duty is decided by the same rule
 * against the clock in force: a short return continues it, a longer one starts a new clock from
 * the relapse's first sick day. Because it reads the whole timeline, a step inserted or removed in
 * the past gives the same clock as if it had been recorded in order.
 */
export function episodeClock(
  jurisdiction: Jurisdiction,
  timeline: readonly ClockStep[],
  previous: PreviousAbsence | undefined,
): EpisodeClock {
  const steps = [...timeline].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  let current: AbsenceClock | null = null;
  let pauses: ClockPause[] = [];
  let fullDutyFrom: string | null = null;
  let sick = false;
  const decisions: ClockDecision[] = [];
  for (const step of steps) {
    const incapacity = step.status !== 'full_duty';
    if (incapacity && !sick) {
      const before: PreviousAbsence | undefined =
        current && fullDutyFrom
          ? {
              // The clock in force counts on; which episode it came from stays with it.
              episodeId: current.continuesEpisodeId ?? IN_THIS_EPISODE,
              jurisdiction,
              clockStart: current.clockStart,
              fullDutyFrom,
            }
          : previous;
      const decided = absenceClock(jurisdiction, step.effectiveFrom, before);
      const continued = decided.continuesEpisodeId !== null;
      if (!continued) {
        pauses = [];
      } else if (before) {
        const inherited = current ? pauses : [...(before.pauses ?? [])];
        const worked = daysBetween(before.fullDutyFrom, step.effectiveFrom);
        pauses =
          jurisdiction === 'NL' && worked > 0
            ? [...inherited, { from: before.fullDutyFrom, days: worked }]
            : inherited;
      }
      // Continuing the clock in force keeps it as it is (with the earlier episode it may count on).
      current = continued && current ? current : decided;
      decisions.push({
        on: step.effectiveFrom,
        outcome: continued ? 'continued' : 'started',
        clockStart: current.clockStart,
        daysBackAtWork: before ? daysBetween(before.fullDutyFrom, step.effectiveFrom) : null,
      });
    } else if (!incapacity && (sick || fullDutyFrom === null)) {
      fullDutyFrom = step.effectiveFrom;
    }
    sick = incapacity;
  }
  return {
    clockStart: current?.clockStart ?? null,
    continuesEpisodeId: current?.continuesEpisodeId ?? null,
    pauses,
    decisions,
  };
}
