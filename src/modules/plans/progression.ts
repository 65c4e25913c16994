/**
 * When to make an exercise harder, and how: once the current level has been done pain-free for
 * the number of sessions the physiotherapist set, one parameter moves one step (source article:
 * start position from supine unloaded towards standing, then amplitude, speed, coordination,
 * and finally load). The physiotherapist decides; the platform says it is due and suggests the
 * step. Pure.
 */
import { AMPLITUDES, COORDINATION, SPEEDS, START_POSITIONS } from './dto/plan.dto.js';

/** The parameters in the order they are progressed, each with its steps from easy to hard. */
const LADDERS = [
  ['startPosition', START_POSITIONS],
  ['amplitude', AMPLITUDES],
  ['speed', SPEEDS],
  ['coordination', COORDINATION],
] as const;

/** Load goes up by this many kg once every other parameter is at its hardest step. */
export const LOAD_STEP_KG = 1;

export interface ExerciseLevel {
  startPosition: string;
  amplitude: string;
  speed: string;
  coordination: string;
  loadKg: number;
  painFreeSessionsToProgress: number;
}

export interface SessionForProgression {
  sessionDate: string;
  nrsPain: number | null;
  quotas: readonly { exercise: number; reached: number }[];
}

export interface ProgressionAdvice {
  exercise: number;
  /** Sessions in a row, most recent first, in which the exercise was done with no pain (NRS 0). */
  painFreeSessions: number;
  due: boolean;
  step: { parameter: string; from: string | number; to: string | number } | null;
}

/** The next step of an exercise: the first parameter, in ladder order, not yet at its hardest. */
export function nextStep(level: ExerciseLevel): NonNullable<ProgressionAdvice['step']> {
  for (const [parameter, ladder] of LADDERS) {
    const steps: readonly string[] = ladder;
    const at = steps.indexOf(level[parameter]);
    if (at >= 0 && at < steps.length - 1) {
      return { parameter, from: steps[at], to: steps[at + 1] };
    }
  }
  return { parameter: 'loadKg', from: level.loadKg, to: level.loadKg + LOAD_STEP_KG };
}

export function progressionAdvice(
  exercises: readonly ExerciseLevel[],
  sessions: readonly SessionForProgression[],
): ProgressionAdvice[] {
  const newestFirst = [...sessions].sort((a, b) => b.sessionDate.localeCompare(a.sessionDate));
  return exercises.map((level, exercise) => {
    let painFreeSessions = 0;
    for (const session of newestFirst) {
      if (!session.quotas.some((quota) => quota.exercise === exercise)) continue;
      if (session.nrsPain !== 0) break;
      painFreeSessions += 1;
    }
    const due = painFreeSessions >= level.painFreeSessionsToProgress;
    return { exercise, painFreeSessions, due, step: due ? nextStep(level) : null };
  });
}
