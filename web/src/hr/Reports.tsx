import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import {
  Alert,
  Button,
  Card,
  Group,
  NativeSelect,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas, unwrap } from '../api/client';
import { useMe } from '../auth/session';
import { useFormat } from '../i18n';
import { saveFile } from '../ui/download';
import { Empty, QueryState } from '../ui/states';

type Point = Schemas['TrendPointDto'];
type Line = Schemas['EvaluationLineDto'];
const MEASURE = /^(.+)_(started|done)$/;
const CLOSE_REASONS = ['full_rtw', 'partial_rtw', 'not_returned', 'withdrawn', 'referred_out'];

/** The employer's own complaint figures against its sector, where the sector is large enough. */
function SectorComparison() {
  const { t } = useTranslation();
  const format = useFormat();
  const [period, setPeriod] = useState<'quarter' | 'year'>('quarter');
  const report = useQuery({
    queryKey: ['reports', 'employers', period],
    queryFn: () => unwrap(api.GET('/reports/employers', { params: { query: { period } } })),
  });
  const value = (point: Point | undefined, pick: (p: Point) => number | null) =>
    point && !point.suppressed && pick(point) !== null
      ? format.number(pick(point)!)
      : t('reports.withheld');
  return (
    <Stack>
      <SegmentedControl
        aria-label={t('reports.period')}
        value={period}
        onChange={(next) => setPeriod(next as 'quarter' | 'year')}
        data={[
          { value: 'quarter', label: t('reports.quarter') },
          { value: 'year', label: t('reports.year') },
        ]}
        w="fit-content"
      />
      <QueryState query={report}>
        {(data) => {
          const employer = data.employers[0];
          if (!employer || employer.points.length === 0)
            return <Empty title={t('reports.noData')} />;
          const sector = new Map(employer.benchmark.points.map((point) => [point.period, point]));
          const rows = employer.points.map((point) => ({
            point,
            sector: sector.get(point.period),
          }));
          return (
            <Stack>
              {!employer.benchmark.available ? (
                <Alert variant="light" role="note">
                  {t('reports.noBenchmark')}
                </Alert>
              ) : null}
              <figure style={{ margin: 0 }} aria-label={t('reports.chart')}>
                <LineChart
                  h={240}
                  data={rows.map(({ point, sector }) => ({
                    period: point.period,
                    employer: point.suppressed ? null : point.incidencePer100FteYears,
                    sector: sector && !sector.suppressed ? sector.incidencePer100FteYears : null,
                  }))}
                  dataKey="period"
                  series={[
                    { name: 'employer', label: employer.name, color: 'teal.9' },
                    ...(employer.benchmark.available
                      ? [{ name: 'sector', label: t('reports.sector'), color: 'indigo.9' }]
                      : []),
                  ]}
                  withLegend
                  connectNulls={false}
                />
                <figcaption className="visually-hidden">{t('reports.chartCaption')}</figcaption>
              </figure>
              <Table.ScrollContainer minWidth={720}>
                <Table striped>
                  <Table.Caption>
                    {t('reports.caption', { minimum: data.minimumCell })}
                  </Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('reports.periodLabel')}</Table.Th>
                      <Table.Th scope="col">{t('reports.newEpisodes')}</Table.Th>
                      <Table.Th scope="col">{t('reports.incidence')}</Table.Th>
                      <Table.Th scope="col">{t('reports.sectorIncidence')}</Table.Th>
                      <Table.Th scope="col">{t('reports.prevalence')}</Table.Th>
                      <Table.Th scope="col">{t('reports.absencePercent')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {[...rows].reverse().map(({ point, sector }) => (
                      <Table.Tr key={point.period}>
                        <Table.Th scope="row" fw={400}>
                          {point.period}
                        </Table.Th>
                        <Table.Td>{value(point, (p) => p.newEpisodes)}</Table.Td>
                        <Table.Td>{value(point, (p) => p.incidencePer100FteYears)}</Table.Td>
                        <Table.Td>
                          {employer.benchmark.available
                            ? value(sector, (p) => p.incidencePer100FteYears)
                            : '–'}
                        </Table.Td>
                        <Table.Td>{value(point, (p) => p.prevalencePer100Fte)}</Table.Td>
                        <Table.Td>{value(point, (p) => p.absencePercent)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}

/** Belgium's yearly evaluation of the collective re-integration policy, with its export. */
function ReintegrationEvaluation({ employerId }: { employerId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const evaluation = useQuery({
    queryKey: ['reports', 'evaluation', employerId, year],
    queryFn: () =>
      unwrap(
        api.GET('/reports/employers/{employerId}/reintegration-evaluation', {
          params: { path: { employerId }, query: { year } },
        }),
      ),
  });
  const label = (line: Line) => {
    const measure = MEASURE.exec(line.key);
    if (measure && measure[1] !== 'plans') {
      return t(`evaluation.measure.${measure[2]}`, {
        kind: t(`interventions.kinds.${measure[1]}`),
      });
    }
    if (CLOSE_REASONS.includes(line.key)) return t(`evaluation.closed.${line.key}`);
    return t(`evaluation.line.${line.key}`);
  };
  const shown = (line: Line) => {
    if (line.value === null) return '–';
    if (line.unit === 'percent') return format.percent(line.value);
    if (line.unit === 'eur') return format.money(line.value);
    if (line.unit === 'days')
      return t('evaluation.days', { count: line.value, days: format.number(line.value) });
    return format.number(line.value);
  };
  const download = (fileFormat: 'csv' | 'xlsx') =>
    saveFile(
      api.GET('/reports/employers/{employerId}/reintegration-evaluation/export', {
        params: { path: { employerId }, query: { year, format: fileFormat } },
        parseAs: 'blob',
      }),
      `reintegration-evaluation-${year}.${fileFormat}`,
    );
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <NativeSelect
          label={t('evaluation.year')}
          value={String(year)}
          onChange={(event) => setYear(Number(event.currentTarget.value))}
          data={[0, 1, 2, 3].map((back) => String(thisYear - back))}
          w={120}
        />
        <Group gap="xs">
          <Button variant="default" size="xs" onClick={() => void download('csv')}>
            {t('evaluation.csv')}
          </Button>
          <Button variant="default" size="xs" onClick={() => void download('xlsx')}>
            {t('evaluation.xlsx')}
          </Button>
        </Group>
      </Group>
      <QueryState query={evaluation}>
        {(data) => (
          <Stack>
            <Text size="sm">{t('evaluation.episodes', { count: data.episodes })}</Text>
            {data.sections.map((section) => (
              <Table key={section.key} withTableBorder>
                <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 600 }}>
                  {t(`evaluation.section.${section.key}`)}
                </Table.Caption>
                <Table.Tbody>
                  {section.lines.map((line) => (
                    <Table.Tr key={line.key}>
                      <Table.Th scope="row" fw={400}>
                        {label(line)}
                      </Table.Th>
                      <Table.Td ta="right" w={160}>
                        {shown(line)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ))}
            <Text size="xs" c="dimmed">
              {t('evaluation.note')}
            </Text>
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}

/** The employer's reports: its complaint figures against its sector, and the Belgian evaluation. */
export default function Reports() {
  const { t } = useTranslation();
  const me = useMe();
  const employerId = me.organisationIds[0];
  return (
    <Stack>
      <Title order={2}>{t('reports.title')}</Title>
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">
          {t('reports.sectorTitle')}
        </Title>
        <SectorComparison />
      </Card>
      {employerId ? (
        <Card withBorder>
          <Title order={3} size="h4" mb="sm">
            {t('evaluation.title')}
          </Title>
          <ReintegrationEvaluation employerId={employerId} />
        </Card>
      ) : null}
    </Stack>
  );
}
