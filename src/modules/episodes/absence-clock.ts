import { addDays, daysBetween } from '../../common/dates/calendar.js';
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
