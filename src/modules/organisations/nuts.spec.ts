import { describe, expect, it } from '@jest/globals';
import { NUTS_CODES, NUTS_REGIONS, nutsRegion, regionLabel } from './nuts.js';

describe('NUTS 2021 level-1 regions of BE and NL', () => {
  it('lists the three Belgian regions and the four Dutch landsdelen, once each', () => {
    expect(NUTS_CODES).toEqual(['BE1', 'BE2', 'BE3', 'NL1', 'NL2', 'NL3', 'NL4']);
    for (const region of NUTS_REGIONS) {
      expect(region.code).toMatch(/^(BE|NL)[1-9]$/);
      expect(region.code.slice(0, 2)).toBe(region.country);
      expect(region.name.trim()).not.toBe('');
    }
  });

  it.each([
    ['BE2', 'Vlaams Gewest'],
    ['BE3', 'Région wallonne'],
    ['NL3', 'West-Nederland'],
    ['NL4', 'Zuid-Nederland'],
    ['BE21', undefined],
    ['NL35', undefined],
    ['NLZ', undefined],
    ['be2', undefined],
    ['DE1', undefined],
  ])('%s is %s', (code, name) => {
    expect(nutsRegion(code)?.name).toBe(name);
  });

  it('labels a region with its code and name, and an unlisted code with the code alone', () => {
    expect(regionLabel('BE1')).toBe(
      'BE1 Région de Bruxelles-Capitale/Brussels Hoofdstedelijk Gewest',
    );
    expect(regionLabel('NL9Z')).toBe('NL9Z');
  });
});
