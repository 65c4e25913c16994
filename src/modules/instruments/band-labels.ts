/**
 * The band of a score in plain, respectful words, for the employee who filled in the
 * questionnaire. The care team keeps the published band codes (`score.band`), including the ODI's
 * historical names from Fairbank & Pynsent 2000 ("crippled", "bed-bound"), which describe people
 * in words no one should read about themself; the employee reads how much their activities are
 * limited instead. Pure.
 */
import type { NdiBand, OdiBand, ScoreResult, WorkAbilityCategory } from './instruments.js';

/** ODI v2.1a bands (0-20, 21-40, 41-60, 61-80, 81-100) in the employee's words. */
export const ODI_BAND_LABELS: Readonly<Record<OdiBand, string>> = Object.freeze({
  minimal: 'minimal limitation',
  moderate: 'moderate limitation',
  severe: 'severe limitation',
  crippled: 'very severe limitation',
  bed_bound: 'extreme limitation',
});

/** NDI bands (Vernon & Mior 1991) in the employee's words. */
export const NDI_BAND_LABELS: Readonly<Record<NdiBand, string>> = Object.freeze({
  none: 'no limitation',
  mild: 'mild limitation',
  moderate: 'moderate limitation',
  severe: 'severe limitation',
  complete: 'very severe limitation',
});

/** Work Ability Score categories in the employee's words. */
export const WORK_ABILITY_LABELS: Readonly<Record<WorkAbilityCategory, string>> = Object.freeze({
  poor: 'low work ability',
  moderate: 'moderate work ability',
  good: 'good work ability',
  excellent: 'excellent work ability',
});

/**
 * The band of a score in plain words, or null when the instrument has no band to show: pain and
 * the PSFS are numbers the employee gave themself, and the screening tools (STarT Back,
 * OMPSQ-10) estimate a risk that the care team discusses with the employee rather than a label
 * to read alone. A score that could not be computed has no band either.
 */
export function employeeBandLabel(score: ScoreResult): string | null {
  if (!score.scored) return null;
  switch (score.instrument) {
    case 'odi':
      return ODI_BAND_LABELS[score.band];
    case 'ndi':
      return NDI_BAND_LABELS[score.band];
    case 'work_ability':
      return WORK_ABILITY_LABELS[score.category];
    default:
      return null;
  }
}
