import { Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { CLINICAL_PAGE, reviewQuery } from '../api/queries';
import { useFormat } from '../i18n';
import { EmployeeCell, EpisodeStatusBadge, RedFlagBadge } from '../ui/labels';
import { Pager } from '../ui/Pager';
import { Empty, QueryState } from '../ui/states';

/**
 * The occupational doctor's queue: red flags awaiting clearance (emergencies first, then the
 * oldest), then the plans submitted for approval, the longest waiting first, each with its age.
 */
export default function ReviewQueue() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const offset = Number(params.get('offset') ?? 0) || 0;
  const review = useQuery({ ...reviewQuery(offset), placeholderData: keepPreviousData });
  const age = (moment: string) => format.fromToday(moment.slice(0, 10));

  return (
    <Stack>
      <Title order={2}>{t('review.title')}</Title>
      <QueryState query={review}>
        {(data) => (
          <>
            <Title order={3} size="h4">
              {t('review.urgentTitle')}
            </Title>
            {data.urgentReferrals.length === 0 ? (
              <Empty title={t('review.urgentEmpty')} />
            ) : (
              <Table.ScrollContainer minWidth={720}>
                <Table striped highlightOnHover>
                  <Table.Caption>{t('review.urgentCaption')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('employee.name')}</Table.Th>
                      <Table.Th scope="col">{t('review.screened')}</Table.Th>
                      <Table.Th scope="col">{t('episode.statusLabel')}</Table.Th>
                      <Table.Th scope="col">{t('review.flagged')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.urgentReferrals.map((referral) => (
                      <Table.Tr key={referral.episode.id} className="urgent">
                        <EmployeeCell
                          employee={referral.employee}
                          episodeId={referral.episode.id}
                        />
                        <Table.Td>
                          <Stack gap={4} align="flex-start">
                            <Text size="sm">
                              {referral.regions
                                .map((region) => t(`clinical.regions.${region}`))
                                .join(', ')}
                            </Text>
                            <RedFlagBadge emergency={referral.emergency} />
                          </Stack>
                        </Table.Td>
                        <Table.Td>
                          <EpisodeStatusBadge status={referral.episode.status} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{format.moment(referral.flaggedAt)}</Text>
                          <Text size="xs" c="dimmed">
                            {age(referral.flaggedAt)}
                          </Text>
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

            <Title order={3} size="h4">
              {t('review.plansTitle')}
            </Title>
            {data.plansAwaitingReview.length === 0 ? (
              <Empty title={t('review.plansEmpty')} />
            ) : (
              <Table.ScrollContainer minWidth={720}>
                <Table striped highlightOnHover>
                  <Table.Caption>{t('review.plansCaption')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('employee.name')}</Table.Th>
                      <Table.Th scope="col">{t('review.plan')}</Table.Th>
                      <Table.Th scope="col">{t('episode.statusLabel')}</Table.Th>
                      <Table.Th scope="col">{t('review.submitted')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.plansAwaitingReview.map((plan) => (
                      <Table.Tr key={plan.episode.id}>
                        <EmployeeCell employee={plan.employee} episodeId={plan.episode.id} />
                        <Table.Td>{t('review.planNumber', { number: plan.planNumber })}</Table.Td>
                        <Table.Td>
                          <EpisodeStatusBadge status={plan.episode.status} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{format.moment(plan.submittedAt)}</Text>
                          <Text size="xs" c="dimmed">
                            {age(plan.submittedAt)}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {data.plansAwaitingReviewTotal > data.plansAwaitingReview.length ? (
              <Text size="sm" c="dimmed">
                {t('review.morePlans', {
                  shown: data.plansAwaitingReview.length,
                  total: data.plansAwaitingReviewTotal,
                })}
              </Text>
            ) : null}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
