import { createHash } from 'node:crypto';
import type { EChartsOption, LineSeriesOption } from 'echarts';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { format, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

/** A trend of a sector report: one value per period for each series, null where withheld. */
export interface TrendChartInput {
  title: string;
  subtitle?: string;
  yLabel: string;
  periods: string[];
  series: { name: string; values: (number | null)[] }[];
}

const WIDTH = 800;
const HEIGHT = 400;
const FONT = 'Arial, Helvetica, sans-serif';
const FONT_SIZE = 12;
const LEGEND = { itemWidth: 25, itemHeight: 14, itemGap: 16, padding: 5, bottom: 8 };
const LEGEND_TEXT_MAX = 300;
const LEGEND_ROW = 24;
const X_LABELS_ROOM = 40;
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000'];
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * A sector report trend as a standalone SVG image (800 x 400) for reports and PDFs: one line per
 * series with a legend entry, withheld cells left as gaps in the line, the same input always giving
 * the same document, and the title exposed to screen readers.
 */
export function renderTrendChart(input: TrendChartInput): string {
  assertSameLengths(input);
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    chart.setOption(chartOption(input));
    return finishSvg(chart.renderToSVGString(), input);
  } finally {
    chart.dispose();
  }
}

function assertSameLengths({ periods, series }: TrendChartInput): void {
  for (const { name, values } of series) {
    if (values.length !== periods.length) {
      throw new Error(
        `Trend series "${name}" has ${values.length} values for ${periods.length} periods`,
      );
    }
  }
}

function chartOption(input: TrendChartInput): EChartsOption {
  const hasSubtitle = Boolean(input.subtitle);
  return {
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: FONT },
    title: {
      text: clean(input.title),
      subtext: input.subtitle ? clean(input.subtitle) : undefined,
      left: 'center',
      top: 8,
      textStyle: { fontSize: 16, width: WIDTH - 40, overflow: 'truncate' },
      subtextStyle: { width: WIDTH - 40, overflow: 'truncate' },
    },
    legend: {
      type: 'plain',
      left: 'center',
      selectedMode: false,
      ...LEGEND,
      textStyle: { fontSize: FONT_SIZE, width: LEGEND_TEXT_MAX, overflow: 'truncate' },
    },
    grid: {
      left: 72,
      right: 32,
      top: hasSubtitle ? 72 : 56,
      bottom: LEGEND.bottom + legendRows(input) * LEGEND_ROW + X_LABELS_ROOM,
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: input.periods.map(clean),
    },
    yAxis: {
      type: 'value',
      name: clean(input.yLabel),
      nameLocation: 'middle',
      nameGap: 48,
    },
    series: input.series.map(lineSeries),
  };
}

/** How many rows the legend wraps to, measured the way the chart lays it out. */
function legendRows({ series }: TrendChartInput): number {
  const rowWidth = WIDTH - 2 * LEGEND.padding;
  let rows = 1;
  let x = 0;
  for (const { name } of series) {
    const text = format.getTextRect(clean(name), `${FONT_SIZE}px ${FONT}`).width;
    const item = LEGEND.itemWidth + 5 + Math.min(text, LEGEND_TEXT_MAX);
    if (x > 0 && x + item > rowWidth) {
      rows += 1;
      x = 0;
    }
    x += item + LEGEND.itemGap;
  }
  return rows;
}

function lineSeries(
  { name, values }: TrendChartInput['series'][number],
  index: number,
): LineSeriesOption {
  return {
    type: 'line',
    name: clean(name),
    data: values,
    connectNulls: false,
    showSymbol: true,
    showAllSymbol: true,
    symbol: 'circle',
    symbolSize: 5,
    lineStyle: { width: 2, type: index < PALETTE.length ? 'solid' : 'dashed' },
    emphasis: { disabled: true },
  };
}

/** Drops hover styling and instance-numbered ids, then adds the accessible name. */
function finishSvg(svg: string, input: TrendChartInput): string {
  const idPrefix = `trend-${contentHash(input)}-`;
  const title = escapeXml(clean(input.title));
  const description = input.subtitle ? `<desc>${escapeXml(clean(input.subtitle))}</desc>\n` : '';
  return svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>\n?/g, '')
    .replace(/ class="[^"]*"/g, '')
    .replace(/( id="|="url\(#)zr\d+-/g, `$1${idPrefix}`)
    .replace(/^<svg /, () => `<svg role="img" aria-label="${title}" `)
    .replace(/^<svg [^>]*>\n?/, (root) => `${root}<title>${title}</title>\n${description}`);
}

function contentHash(input: TrendChartInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 10);
}

function clean(text: string): string {
  return text.replace(NOT_XML, '');
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char]);
}
