import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderTrendChart, type TrendChartInput } from './trend-chart.js';

const periods = ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1'];

const input = (overrides: Partial<TrendChartInput> = {}): TrendChartInput => ({
  title: 'Back at work within six weeks',
  subtitle: 'Health care and the benchmark of all sectors',
  yLabel: 'People back at work (%)',
  periods,
  series: [
    { name: 'Health care', values: [61.5, 64, null, 70.2, 72] },
    { name: 'All sectors', values: [58, 59.5, 60, 61, 62.5] },
  ],
  ...overrides,
});

/** The `d` of each series line, in series order: the only paths drawn inside the plot clip. */
const linePaths = (svg: string) =>
  [...svg.matchAll(/<g clip-path="url\(#[^"]+\)">\s*<path d="([^"]*)"/g)].map((m) => m[1]);

const lineStrokes = (svg: string) =>
  [...svg.matchAll(/<g clip-path="url\(#[^"]+\)">\s*<path d="[^"]*"[^>]*stroke="([^"]+)"/g)].map(
    (m) => m[1],
  );

const moveCount = (d: string) => (d.match(/M/g) ?? []).length;
const pointCount = (d: string) => (d.match(/[ML]/g) ?? []).length;

const textNodes = (svg: string): string[] => {
  const parser = new XMLParser({ ignoreAttributes: true, isArray: (name) => name === 'text' });
  const texts = (parser.parse(svg) as { svg: { text?: unknown[] } }).svg.text ?? [];
  return texts.map(String);
};

describe('the trend chart of a sector report', () => {
  it('is a standalone 800 x 400 SVG document', () => {
    const svg = renderTrendChart(input());
    expect(svg).toMatch(/^(<\?xml[^>]*\?>\s*)?<svg /);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const root = svg.slice(0, svg.indexOf('>') + 1);
    expect(root).toContain('width="800"');
    expect(root).toContain('height="400"');
    expect(root).toContain('xmlns="http://www.w3.org/2000/svg"');
  });

  it('is well-formed XML, even with markup, quotes and control characters in the text', () => {
    expect(XMLValidator.validate(renderTrendChart(input()))).toBe(true);
    const hostile = renderTrendChart(
      input({
        title: 'A <b>"bold"</b> & \'odd\' ]]> title\u0001\u0007',
        subtitle: '<![CDATA[x]]> <!-- y -->',
        yLabel: '<%>',
        periods: ['<1>', '&2', '"3"', "'4'", '5\u0000'],
        series: [{ name: '</svg><svg onload="x">', values: [1, 2, 3, 4, 5] }],
      }),
    );
    expect(XMLValidator.validate(hostile)).toBe(true);
    const controls = [...hostile].filter((char) => char < ' ' && !'\t\n\r'.includes(char));
    expect(controls).toEqual([]);
    expect(hostile.match(/<svg\b/g)).toHaveLength(1);
    expect(hostile).not.toMatch(/\son[a-z]+="/i);
  });

  it('names itself for screen readers with the title, escaped', () => {
    const svg = renderTrendChart(input({ title: 'Sick leave <script>alert(1)</script> & "co"' }));
    const escaped = 'Sick leave &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;';
    const root = svg.slice(0, svg.indexOf('>') + 1);
    expect(root).toContain('role="img"');
    expect(root).toContain(`aria-label="${escaped}"`);
    expect(svg).toMatch(
      new RegExp(`^<svg [^>]*>\\s*<title>${escaped.replace(/[()]/g, '\\$&')}</title>`),
    );
    expect(svg).not.toMatch(/<script/i);
    expect(textNodes(svg)).toContain('Sick leave <script>alert(1)</script> & "co"');
  });

  it('keeps dollar signs in the title as they are', () => {
    const svg = renderTrendChart(input({ title: 'Costs in $ and $& and $1', subtitle: "$' $`" }));
    expect(svg).toContain('aria-label="Costs in $ and $&amp; and $1"');
    expect(svg).toContain('<title>Costs in $ and $&amp; and $1</title>');
    expect(svg).toContain('<desc>$&#39; $`</desc>');
  });

  it('draws a chart with nothing to show', () => {
    const empty = renderTrendChart(input({ periods: [], series: [] }));
    expect(XMLValidator.validate(empty)).toBe(true);
    const withheld = renderTrendChart(
      input({ series: [{ name: 'Retail', values: periods.map(() => null) }] }),
    );
    expect(XMLValidator.validate(withheld)).toBe(true);
    expect(textNodes(withheld)).toContain('Retail');
  });

  it('describes itself with the subtitle only when there is one', () => {
    expect(renderTrendChart(input())).toContain(
      '<desc>Health care and the benchmark of all sectors</desc>',
    );
    expect(renderTrendChart(input({ subtitle: undefined }))).not.toContain('<desc>');
  });

  it('shows the title, the axis label and the periods in the order given', () => {
    const texts = textNodes(renderTrendChart(input()));
    expect(texts).toContain('Back at work within six weeks');
    expect(texts).toContain('People back at work (%)');
    const positions = periods.map((period) => texts.indexOf(period));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('has one legend entry per series, each in its own colour', () => {
    const three = input({
      series: [
        { name: 'Health care', values: [1, 2, 3, 4, 5] },
        { name: 'Construction', values: [2, 3, 4, 5, 6] },
        { name: 'All sectors', values: [3, 4, 5, 6, 7] },
      ],
    });
    const svg = renderTrendChart(three);
    expect(svg.match(/ecmeta_ssr_type="legend"/g)).toHaveLength(3);
    const texts = textNodes(svg);
    for (const name of ['Health care', 'Construction', 'All sectors']) {
      expect(texts.filter((text) => text === name)).toHaveLength(1);
    }
    const strokes = lineStrokes(svg);
    expect(strokes).toHaveLength(3);
    expect(new Set(strokes).size).toBe(3);
  });

  it('makes room for a legend that wraps over several rows, below the period labels', () => {
    const sectors = Array.from({ length: 8 }, (_, index) => ({
      name: `Sector number ${index} with a rather long name`,
      values: [1, 2, 3, 4, index],
    }));
    for (const series of [sectors.slice(0, 2), sectors]) {
      const svg = renderTrendChart(input({ series }));
      const labelY = Number(svg.match(/translate\([\d.]+ ([\d.]+)\)"[^>]*>2024-Q1</)?.[1]);
      const legendYs = [
        ...svg.matchAll(/translate\([\d.]+ ([\d.]+)\)"[^>]*ecmeta_ssr_type="legend"/g),
      ].map((m) => Number(m[1]));
      expect(legendYs).toHaveLength(series.length);
      expect(Math.min(...legendYs)).toBeGreaterThanOrEqual(labelY + 16);
      expect(Math.max(...legendYs) + 14).toBeLessThanOrEqual(400);
    }
  });

  it('leaves a withheld value as a gap in the line instead of drawing it as 0', () => {
    const withheld = linePaths(renderTrendChart(input()));
    const asZero = linePaths(
      renderTrendChart(
        input({
          series: [
            { name: 'Health care', values: [61.5, 64, 0, 70.2, 72] },
            { name: 'All sectors', values: [58, 59.5, 60, 61, 62.5] },
          ],
        }),
      ),
    );
    expect(withheld).toHaveLength(2);
    expect(moveCount(withheld[0])).toBe(2);
    expect(pointCount(withheld[0])).toBe(4);
    expect(moveCount(asZero[0])).toBe(1);
    expect(pointCount(asZero[0])).toBe(5);
    expect(moveCount(withheld[1])).toBe(1);
  });

  it('still marks a value standing alone between withheld ones', () => {
    const svg = renderTrendChart(
      input({ series: [{ name: 'Health care', values: [null, 64, null, null, 72] }] }),
    );
    expect(pointCount(linePaths(svg)[0])).toBe(2);
    expect(
      svg.match(/ecmeta_series_index="0" ecmeta_data_index="\d" ecmeta_ssr_type="chart"/g),
    ).toHaveLength(2);
  });

  it('gives the identical document for the same input, whatever was drawn in between', () => {
    const first = renderTrendChart(input());
    renderTrendChart(input({ title: 'Another chart' }));
    const second = renderTrendChart(input());
    expect(second).toBe(first);
    expect(first).not.toMatch(/\bzr\d+-/);
  });

  it('gives different charts different clip ids so several can share one page', () => {
    const ids = (svg: string) => [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    const a = ids(renderTrendChart(input()));
    const b = ids(renderTrendChart(input({ title: 'Another chart' })));
    expect(a.length).toBeGreaterThan(0);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });

  it('refers to nothing outside itself and runs no script', () => {
    const svg = renderTrendChart(input());
    const withoutNamespaces = svg
      .replace(' xmlns="http://www.w3.org/2000/svg"', '')
      .replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', '');
    expect(withoutNamespaces).not.toMatch(/https?:|\/\/|href|@import|<image|<foreignObject/i);
    expect(svg.match(/url\(([^)]*)\)/g)?.every((url) => url.startsWith('url(#'))).toBe(true);
    expect(svg).not.toMatch(/<script|<style|\son[a-z]+=/i);
  });

  it('refuses a series whose length differs from the periods, naming it', () => {
    const short = input({
      series: [
        { name: 'Health care', values: [1, 2, 3, 4, 5] },
        { name: 'Construction', values: [1, 2, 3] },
      ],
    });
    expect(() => renderTrendChart(short)).toThrow(/"Construction" has 3 values for 5 periods/);
    const long = input({ series: [{ name: 'Retail', values: [1, 2, 3, 4, 5, 6] }] });
    expect(() => renderTrendChart(long)).toThrow(/Retail/);
  });
});
