import { Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { CLINICAL_PAGE, caseloadQuery } from '../api/queries';
import { useFormat } from '../i18n';
import { EmployeeCell, EpisodeStatusBadge, NextDue, RedFlagBadge } from '../ui/labels';
import { Pager } from '../ui/Pager';
import { Empty, QueryState } from '../ui/states';

/**
 * The physiotherapist's open episodes with what matters clinically at a glance: the complaint,
 * a red flag awaiting the doctor, the risk of chronicity, the pathway, questionnaires still open.
 */
export default function Caseload() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const offset = Number(params.get('offset') ?? 0) || 0;
  const caseload = useQuery({ ...caseloadQuery(offset), placeholderData: keepPreviousData });

  return (
    <Stack>
      <Title order={2}>{t('caseload.title')}</Title>
      <QueryState query={caseload}>
        {(data) => (
          <>
            {data.items.length === 0 ? (
              <Empty title={t('caseload.empty')}>{t('caseload.emptyHelp')}</Empty>
            ) : (
              <Table.ScrollContainer minWidth={880}>
                <Table striped highlightOnHover>
                  <Table.Caption>{t('caseload.caption')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('employee.name')}</Table.Th>
                      <Table.Th scope="col">{t('caseload.complaint')}</Table.Th>
                      <Table.Th scope="col">{t('episode.statusLabel')}</Table.Th>
                      <Table.Th scope="col">{t('caseload.risk')}</Table.Th>
                      <Table.Th scope="col">{t('caseload.pathway')}</Table.Th>
                      <Table.Th scope="col">{t('caseload.questionnaires')}</Table.Th>
                      <Table.Th scope="col">{t('dashboard.nextDue')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map(({ employee, episode, clinical }) => (
                      <Table.Tr
                        key={episode.id}
                        className={clinical.urgentReferral ? 'urgent' : undefined}
                      >
                        <EmployeeCell employee={employee} episodeId={episode.id} />
                        <Table.Td>
                          <Stack gap={4} align="flex-start">
                            <Text size="sm">
                              {clinical.regions.length
                                ? clinical.regions
                                    .map((region) => t(`clinical.regions.${region}`))
                                    .join(', ')
                                : t('caseload.notRecorded')}
                              {clinical.specificity
                                ? ` (${t(`clinical.specificity.${clinical.specificity}`)})`
                                : ''}
                            </Text>
                            {clinical.urgentReferral ? <RedFlagBadge /> : null}
                          </Stack>
                        </Table.Td>
                        <Table.Td>
                          <EpisodeStatusBadge status={episode.status} />
                        </Table.Td>
                        <Table.Td>
                          {clinical.chronicityRisk ? (
                            <Badge
                              variant="light"
                              color={RISK_COLOUR[clinical.chronicityRisk]}
                              autoContrast
                            >
                              {t(`clinical.risk.${clinical.chronicityRisk}`)}
                            </Badge>
                          ) : (
                            '–'
                          )}
                        </Table.Td>
                        <Table.Td>
                          {clinical.pathway ? t(`clinical.pathway.${clinical.pathway}`) : '–'}
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            <Text size="sm">
                              {clinical.questionnairesPending
                                ? t('caseload.pending', { count: clinical.questionnairesPending })
                                : null}{' '}
                              {clinical.lastQuestionnaireOn
                                ? t('caseload.lastTaken', {
                                    date: format.date(clinical.lastQuestionnaireOn),
                                  })
                                : t('caseload.noneTaken')}
                            </Text>
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <NextDue episode={episode} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            <Pager
              total={data.total}
              limit={CLINICAL_PAGE}
              offset={offset}
              onOffset={(next) => setParams({ offset: String(next) })}
            />
          </>
        )}
      </QueryState>
    </Stack>
  );
}

const RISK_COLOUR = { low: 'teal', medium: 'yellow', high: 'red' } as const;
