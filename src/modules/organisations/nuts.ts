/**
 * The regions an employer can be in: NUTS 2021 level 1 of Belgium (the three Gewesten/Régions) and
 * the Netherlands (the four landsdelen). Sector reports group employers by these regions; level 1
 * keeps every region large enough (3 to 7 million inhabitants) that few report cells are withheld
 * for being behind too few people, where a province would withhold most of them.
 *
 * Source: Commission Delegated Regulation (EU) 2019/1755 of 8 August 2019 amending the Annexes to
 * Regulation (EC) No 1059/2003 (NUTS 2021), OJ L 270, 24.10.2019, Annex I, BE and NL; names as
 * published there. The extra-regio units (BEZ, NLZ) are no place an employer can be, and are left
 * out.
 */
export const NUTS_VERSION = 'NUTS_2021';

export interface NutsRegion {
  code: string;
  name: string;
  country: 'BE' | 'NL';
}

export const NUTS_REGIONS: readonly NutsRegion[] = [
  {
    code: 'BE1',
    name: 'Région de Bruxelles-Capitale/Brussels Hoofdstedelijk Gewest',
    country: 'BE',
  },
  { code: 'BE2', name: 'Vlaams Gewest', country: 'BE' },
  { code: 'BE3', name: 'Région wallonne', country: 'BE' },
  { code: 'NL1', name: 'Noord-Nederland', country: 'NL' },
  { code: 'NL2', name: 'Oost-Nederland', country: 'NL' },
  { code: 'NL3', name: 'West-Nederland', country: 'NL' },
  { code: 'NL4', name: 'Zuid-Nederland', country: 'NL' },
];

export const NUTS_CODES = NUTS_REGIONS.map((region) => region.code);

const BY_CODE = new Map(NUTS_REGIONS.map((region) => [region.code, region]));

/** The region of a NUTS 2021 level-1 code of BE or NL, or undefined for any other code. */
export function nutsRegion(code: string): NutsRegion | undefined {
  return BY_CODE.get(code);
}

/** A region as reports write it: `BE2 Vlaams Gewest`, or the code alone when it is not listed. */
export function regionLabel(code: string): string {
  const region = nutsRegion(code);
  return region ? `${region.code} ${region.name}` : code;
}
