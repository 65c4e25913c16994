import { describe, expect, it } from '@jest/globals';
import { type ExerciseLevel, nextStep, progressionAdvice } from './progression.js';

const LEVEL: ExerciseLevel = {
  startPosition: 'supine_unloaded',
  amplitude: 'small',
  speed: 'slow',
  coordination: 'simple',
  loadKg: 0,
  painFreeSessionsToProgress: 3,
};
const session = (sessionDate: string, nrsPain: number | null, exercises = [0]) => ({
  sessionDate,
  nrsPain,
  quotas: exercises.map((exercise) => ({ exercise, reached: 10 })),
});

describe('progression of an exercise', () => {
  it('moves one parameter one step, start position first, load last', () => {
    expect(nextStep(LEVEL)).toEqual({
      parameter: 'startPosition',
      from: 'supine_unloaded',
      to: 'side_lying',
    });
    expect(nextStep({ ...LEVEL, startPosition: 'standing' })).toEqual({
      parameter: 'amplitude',
      from: 'small',
      to: 'medium',
    });
    expect(
      nextStep({ ...LEVEL, startPosition: 'standing', amplitude: 'full', speed: 'fast' }),
    ).toEqual({ parameter: 'coordination', from: 'simple', to: 'complex' });
    expect(
      nextStep({
        ...LEVEL,
        startPosition: 'standing',
        amplitude: 'full',
        speed: 'fast',
        coordination: 'complex',
        loadKg: 2,
      }),
    ).toEqual({ parameter: 'loadKg', from: 2, to: 3 });
  });

  it('is due after the set number of pain-free sessions in a row, counted from the latest', () => {
    const sessions = [
      session('2026-12-01', 2),
      session('2026-12-03', 0),
      session('2026-12-08', 0),
      session('2026-12-10', 0),
    ];
    expect(progressionAdvice([LEVEL], sessions)).toEqual([
      {
        exercise: 0,
        painFreeSessions: 3,
        due: true,
        step: { parameter: 'startPosition', from: 'supine_unloaded', to: 'side_lying' },
      },
    ]);
  });

  it('starts counting again after a painful session, and ignores sessions without the exercise', () => {
    const sessions = [
      session('2026-12-01', 0),
      session('2026-12-03', 0),
      session('2026-12-08', 3), // pain: the run restarts after it
      session('2026-12-09', 5, [1]), // another exercise only
      session('2026-12-10', 0),
      session('2026-12-15', 0),
    ];
    expect(progressionAdvice([LEVEL], sessions)[0]).toMatchObject({
      painFreeSessions: 2,
      due: false,
      step: null,
    });
  });

  it('does not count a session without a pain score as pain-free', () => {
    expect(
      progressionAdvice(
        [{ ...LEVEL, painFreeSessionsToProgress: 1 }],
        [session('2026-12-01', null)],
      )[0],
    ).toMatchObject({ painFreeSessions: 0, due: false });
  });
});
