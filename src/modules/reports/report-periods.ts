/**
 * Periods of the reports (month, quarter, year) and the figures derived from counts: rates per
 * FTE, percent changes. Labels are YYYY-MM, YYYY-Qn and YYYY.
 */
export const TREND_PERIODS = ['month', 'quarter', 'year'] as const;
export type TrendPeriod = (typeof TREND_PERIODS)[number];
export const PERIODS_PER_YEAR = { month: 12, quarter: 4, year: 1 } as const;

const DAY_MS = 86_400_000;

/** The label of a period from its first day (YYYY-MM-DD). */
export function periodLabel(firstDay: string, period: TrendPeriod): string {
  if (period === 'year') return firstDay.slice(0, 4);
  if (period === 'quarter')
    return `${firstDay.slice(0, 4)}-Q${Math.floor((Number(firstDay.slice(5, 7)) - 1) / 3) + 1}`;
  return firstDay.slice(0, 7);
}

/** A running number of the period: consecutive periods differ by 1. */
export function periodIndex(label: string, period: TrendPeriod): number {
  const year = Number(label.slice(0, 4));
  if (period === 'year') return year;
  if (period === 'quarter') return year * 4 + Number(label.slice(6)) - 1;
  return year * 12 + Number(label.slice(5, 7)) - 1;
}

/** Calendar days in a period. */
export function periodDays(label: string, period: TrendPeriod): number {
  const year = Number(label.slice(0, 4));
  const [first, months] =
    period === 'year'
      ? [0, 12]
      : period === 'quarter'
        ? [(Number(label.slice(6)) - 1) * 3, 3]
        : [Number(label.slice(5, 7)) - 1, 1];
  return (Date.UTC(year, first + months, 1) - Date.UTC(year, first, 1)) / DAY_MS;
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Percent change, to one decimal; none when either figure is withheld or missing, or from 0. */
export function percentChange(
  now: number | null | undefined,
  before: number | null | undefined,
): number | null {
  if (now === null || now === undefined || before === null || before === undefined || !before)
    return null;
  return round(((now - before) / before) * 100, 1);
}

/** Counts of one period published as they are. */
export interface PeriodCounts {
  newEpisodes: number;
  people: number;
  absenceDays: number;
}

/** The counts of a row of the cube (or an employer's cells) as published: none when withheld. */
export function publishedCounts(
  row: {
    new_episodes: number | string | null;
    people: number | string | null;
    absence_days: number | string | null;
  },
  withheld: boolean,
): PeriodCounts | null {
  if (withheld) return null;
  return {
    newEpisodes: Number(row.new_episodes),
    people: Number(row.people),
    absenceDays: Number(row.absence_days),
  };
}

/** Incidence, prevalence and absence of one period over the FTE behind it (null without FTE). */
export function rates(
  counts: PeriodCounts,
  fte: number | null,
  label: string,
  period: TrendPeriod,
): {
  incidencePer100FteYears: number | null;
  prevalencePer100Fte: number | null;
  absencePercent: number | null;
} {
  if (!fte)
    return { incidencePer100FteYears: null, prevalencePer100Fte: null, absencePercent: null };
  const days = periodDays(label, period);
  const years = days / periodDays(label.slice(0, 4), 'year');
  return {
    incidencePer100FteYears: round((counts.newEpisodes / (fte * years)) * 100, 2),
    prevalencePer100Fte: round((counts.people / fte) * 100, 2),
    absencePercent: round((counts.absenceDays / (fte * days)) * 100, 2),
  };
}
