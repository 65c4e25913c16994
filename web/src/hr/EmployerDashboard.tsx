import { Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { EMPLOYER_DASHBOARD_PAGE, employerDashboardQuery } from '../api/queries';
import { useFormat } from '../i18n';
import { EmployeeCell, EpisodeStatusBadge, NextDue, useWorkStatusText } from '../ui/labels';
import { Pager } from '../ui/Pager';
import { Empty, QueryState } from '../ui/states';

const COUNTS = ['referred', 'intake', 'active', 'monitoring', 'overdue'] as const;

/** The employer's open return-to-work episodes, soonest due first, in functional terms only. */
export default function EmployerDashboard() {
  const { t } = useTranslation();
  const format = useFormat();
  const workStatus = useWorkStatusText();
  const [params, setParams] = useSearchParams();
  const offset = Number(params.get('offset') ?? 0) || 0;
  const dashboard = useQuery({
    ...employerDashboardQuery(offset),
    placeholderData: keepPreviousData,
  });
  const today = new Date().toISOString().slice(0, 10);

  return (
    <Stack>
      <Title order={2}>{t('dashboard.title')}</Title>
      <QueryState query={dashboard}>
        {(data) => (
          <>
            <SimpleGrid cols={{ base: 2, sm: 5 }} role="list" aria-label={t('dashboard.counts')}>
              {COUNTS.map((key) => (
                <Card
                  key={key}
                  withBorder
                  padding="sm"
                  role="listitem"
                  className={key === 'overdue' && data.counts.overdue > 0 ? 'overdue' : undefined}
                >
                  <Text size="sm" c="dimmed">
                    {t(`dashboard.count.${key}`)}
                  </Text>
                  <Text fw={700} size="xl">
                    {format.number(data.counts[key])}
                  </Text>
                </Card>
              ))}
            </SimpleGrid>
            {data.items.length === 0 ? (
              <Empty title={t('dashboard.empty')}>{t('dashboard.emptyHelp')}</Empty>
            ) : (
              <Table.ScrollContainer minWidth={720}>
                <Table striped highlightOnHover>
                  <Table.Caption>{t('dashboard.caption')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('employee.name')}</Table.Th>
                      <Table.Th scope="col">{t('employee.department')}</Table.Th>
                      <Table.Th scope="col">{t('episode.statusLabel')}</Table.Th>
                      <Table.Th scope="col">{t('workStatus.today')}</Table.Th>
                      <Table.Th scope="col">{t('dashboard.nextDue')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map(({ employee, episode }) => {
                      const overdue = episode.nextDue !== null && episode.nextDue.dueOn < today;
                      return (
                        <Table.Tr key={episode.id} className={overdue ? 'overdue' : undefined}>
                          <EmployeeCell employee={employee} episodeId={episode.id} />
                          <Table.Td>{employee.department ?? '–'}</Table.Td>
                          <Table.Td>
                            <EpisodeStatusBadge status={episode.status} />
                          </Table.Td>
                          <Table.Td>{workStatus(episode.workStatus, format)}</Table.Td>
                          <Table.Td>
                            <NextDue episode={episode} />
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            <Pager
              total={data.total}
              limit={EMPLOYER_DASHBOARD_PAGE}
              offset={offset}
              onOffset={(next) => setParams({ offset: String(next) })}
            />
          </>
        )}
      </QueryState>
    </Stack>
  );
}
