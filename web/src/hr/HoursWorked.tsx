import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Badge, Button, Group, NumberInput, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ifMatch, type Schemas, unwrap } from '../api/client';
import { ApiProblem } from '../api/problem';
import { useMe } from '../auth/session';
import { useFormat } from '../i18n';
import { QueryState } from '../ui/states';
import { planWeeks, stepInForce } from './weeks';

type Plan = Schemas['PlanFunctionalDto'];
type Hours = Schemas['HoursWorkedDto'];

/** The API's message for the hours field, or just the mark of an error (its alert says the rest). */
function fieldError(error: unknown): string | true {
  return (error instanceof ApiProblem && error.errorsOf('hoursWorked').join(' ')) || true;
}

/** One week's hours: recorded once, corrected against the version read (a 412 shows the current). */
function WeekEntry({
  episodeId,
  monday,
  recorded,
}: {
  episodeId: string;
  monday: string;
  recorded?: Hours;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const queries = useQueryClient();
  const [value, setValue] = useState<number | string>(recorded?.hoursWorked ?? '');
  const save = useMutation({
    mutationFn: (hoursWorked: number) =>
      unwrap(
        api.PUT('/episodes/{id}/progress/hours/{weekStart}', {
          params: {
            path: { id: episodeId, weekStart: monday },
            header: recorded ? ifMatch(recorded.version) : {},
          },
          body: { hoursWorked },
        }),
      ),
    onSettled: () =>
      void queries.invalidateQueries({ queryKey: ['episode', episodeId, 'progress'] }),
  });
  const stale = save.error instanceof ApiProblem && save.error.status === 412;
  return (
    <Group gap="xs" wrap="nowrap" align="start">
      <NumberInput
        aria-label={t('hours.workedIn', { week: format.date(monday) })}
        value={value}
        onChange={setValue}
        min={0}
        max={80}
        step={0.5}
        decimalScale={1}
        w={110}
        size="xs"
        suffix=" u"
        error={save.isError && !stale ? fieldError(save.error) : undefined}
      />
      <Button
        size="xs"
        variant="default"
        disabled={value === '' || Number(value) === recorded?.hoursWorked}
        loading={save.isPending}
        onClick={() => save.mutate(Number(value))}
        aria-label={t('hours.saveFor', { week: format.date(monday) })}
      >
        {t('common.save')}
      </Button>
      {stale ? (
        <Text size="xs" c="orange.9" role="alert">
          {t('hours.stale')}
        </Text>
      ) : null}
    </Group>
  );
}

/** The hours actually worked per week, against the approved plan's hours. */
export function HoursWorked({ episodeId, plan }: { episodeId: string; plan: Plan }) {
  const { t } = useTranslation();
  const format = useFormat();
  // HR records the hours worked; the care team reads them.
  const hr = useMe().role === 'hr';
  const progress = useQuery({
    queryKey: ['episode', episodeId, 'progress'],
    queryFn: () =>
      unwrap(api.GET('/episodes/{id}/progress', { params: { path: { id: episodeId } } })),
  });
  const today = new Date().toISOString().slice(0, 10);
  return (
    <QueryState query={progress}>
      {(data) => {
        const recorded = new Map(data.hours.map((entry) => [entry.weekStart, entry]));
        const under = new Set(
          data.weeks.filter((week) => week.underHours).map((week) => week.weekStart),
        );
        const weeks = planWeeks(plan.startDate, plan.targetFullReturn, today).map((monday) => ({
          monday,
          planned:
            recorded.get(monday)?.plannedHours ??
            stepInForce(plan.workTrack, monday)?.hoursPerWeek ??
            0,
          worked: recorded.get(monday)?.hoursWorked,
        }));
        return (
          <Stack>
            {data.behindOnHours ? (
              <Text c="red.9" fw={600} role="status">
                {t('hours.behind')}
              </Text>
            ) : null}
            {weeks.length > 0 ? (
              <figure style={{ margin: 0 }} aria-label={t('hours.chart')}>
                <BarChart
                  h={220}
                  data={weeks.map((week) => ({
                    week: format.date(week.monday),
                    planned: week.planned,
                    worked: week.worked ?? 0,
                  }))}
                  dataKey="week"
                  series={[
                    { name: 'planned', label: t('hours.planned'), color: 'gray.5' },
                    { name: 'worked', label: t('hours.worked'), color: 'teal.9' },
                  ]}
                  withLegend
                  tickLine="y"
                />
                <figcaption className="visually-hidden">{t('hours.chartCaption')}</figcaption>
              </figure>
            ) : null}
            <Table.ScrollContainer minWidth={560}>
              <Table>
                <Table.Caption>{t('hours.caption')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('hours.week')}</Table.Th>
                    <Table.Th scope="col">{t('hours.planned')}</Table.Th>
                    <Table.Th scope="col">{t('hours.worked')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {[...weeks].reverse().map((week) => (
                    <Table.Tr key={week.monday}>
                      <Table.Th scope="row" fw={400}>
                        {t('hours.weekOf', { date: format.date(week.monday) })}
                        {under.has(week.monday) ? (
                          <Badge ml="xs" size="xs" color="red">
                            {t('hours.under')}
                          </Badge>
                        ) : null}
                      </Table.Th>
                      <Table.Td>{format.number(week.planned)}</Table.Td>
                      <Table.Td>
                        {hr ? (
                          <WeekEntry
                            episodeId={episodeId}
                            monday={week.monday}
                            recorded={recorded.get(week.monday)}
                          />
                        ) : week.worked === undefined ? (
                          '–'
                        ) : (
                          format.number(week.worked)
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        );
      }}
    </QueryState>
  );
}
