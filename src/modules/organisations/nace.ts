/**
 * NACE Rev. 2: the section (A-U) a division (the first two digits of a code) belongs to. Sector
 * reports group by section; codes are stored with their classification version.
 */
const SECTION_RANGES: readonly [string, number, number][] = [
  ['A', 1, 3],
  ['B', 5, 9],
  ['C', 10, 33],
  ['D', 35, 35],
  ['E', 36, 39],
  ['F', 41, 43],
  ['G', 45, 47],
  ['H', 49, 53],
  ['I', 55, 56],
  ['J', 58, 63],
  ['K', 64, 66],
  ['L', 68, 68],
  ['M', 69, 75],
  ['N', 77, 82],
  ['O', 84, 84],
  ['P', 85, 85],
  ['Q', 86, 88],
  ['R', 90, 93],
  ['S', 94, 96],
  ['T', 97, 98],
  ['U', 99, 99],
];

export const NACE_CODE_PATTERN = /^\d{2}(\.\d{1,2})?$/;

/** The section of a NACE Rev. 2 code such as `85.31`, or undefined when no such division exists. */
export function naceSection(code: string): string | undefined {
  if (!NACE_CODE_PATTERN.test(code)) return undefined;
  const division = Number(code.slice(0, 2));
  return SECTION_RANGES.find(([, from, to]) => division >= from && division <= to)?.[0];
}
