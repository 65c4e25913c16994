import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../ui/Dialog';
import { useParams, useSearchParams } from 'react-router';
import { api, type Schemas, unwrap } from '../api/client';
import { useFormat } from '../i18n';
import { saveFile } from '../ui/download';
import { EpisodeStatusBadge, useCheckpointTitle, useWorkStatusText } from '../ui/labels';
import { Empty, QueryState } from '../ui/states';
import { HoursWorked } from './HoursWorked';
import { Interventions } from './Interventions';
import { WorkStatusForm } from './WorkStatusForm';
import { WorkTrack } from './WorkTrack';
import { IntakePanel } from '../clinical/IntakePanel';
import { useMe } from '../auth/session';

type Episode = Schemas['EpisodeFunctionalDto'];
/** What the care team receives for the same address: the functional view and the complaint. */
type Clinical = Schemas['EpisodeClinicalDto'];

/** Saves a checkpoint's calendar file. */
const downloadIcs = (id: string) =>
  saveFile(
    api.GET('/checkpoints/{id}/calendar.ics', { params: { path: { id } }, parseAs: 'blob' }),
    `checkpoint-${id}.ics`,
  );

function Facts({ episode }: { episode: Episode }) {
  const { t } = useTranslation();
  const format = useFormat();
  const facts: [string, string][] = [
    [t('episode.jurisdiction'), t(`episode.jurisdictions.${episode.jurisdiction}`)],
    [t('episode.referralDate'), format.date(episode.referralDate)],
    [t('episode.absenceStart'), format.date(episode.absenceStart)],
    [t('episode.expectedFullReturn'), format.date(episode.expectedFullReturn)],
    [t('employee.contractHours'), format.number(episode.contractHours)],
    [
      t('episode.careTeam'),
      episode.careTeam.length
        ? episode.careTeam
            .map((member) => `${member.name} (${t(`roles.${member.role}`)})`)
            .join(', ')
        : t('episode.noCareTeam'),
    ],
  ];
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} component="dl">
      {facts.map(([label, value]) => (
        <div key={label}>
          <Text component="dt" size="sm" c="dimmed">
            {label}
          </Text>
          <Text component="dd" m={0}>
            {value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

/** One return-to-work episode as HR sees it: work status, checkpoints, in functional terms. */
export default function EpisodePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const workStatusText = useWorkStatusText();
  const checkpointTitle = useCheckpointTitle();
  const queries = useQueryClient();
  const [adding, setAdding] = useState(false);
  const episode = useQuery({
    queryKey: ['episode', id],
    queryFn: () =>
      unwrap(api.GET('/episodes/{id}', { params: { path: { id } } })) as Promise<
        Episode | Clinical
      >,
  });
  const employee = useQuery({
    queryKey: ['employee', episode.data?.employeeId],
    enabled: Boolean(episode.data),
    queryFn: () =>
      unwrap(api.GET('/employees/{id}', { params: { path: { id: episode.data!.employeeId } } })),
  });
  const timeline = useQuery({
    queryKey: ['episode', id, 'work-status'],
    queryFn: () => unwrap(api.GET('/episodes/{id}/work-status', { params: { path: { id } } })),
  });
  const checkpoints = useQuery({
    queryKey: ['episode', id, 'checkpoints'],
    queryFn: () => unwrap(api.GET('/episodes/{id}/checkpoints', { params: { path: { id } } })),
  });
  const plans = useQuery({
    queryKey: ['episode', id, 'plans'],
    queryFn: () =>
      unwrap(api.GET('/episodes/{id}/plans', { params: { path: { id } } })) as Promise<
        Schemas['PlanFunctionalDto'][]
      >,
  });
  const me = useMe();
  const careTeam = me.role === 'physio' || me.role === 'occupational_doctor';
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? (careTeam ? 'intake' : 'work');
  const today = new Date().toISOString().slice(0, 10);

  return (
    <QueryState query={episode}>
      {(data) => (
        <Stack>
          <Group justify="space-between">
            <Stack gap={0}>
              <Title order={2}>{employee.data ? employee.data.fullName : t('episode.title')}</Title>
              <Text c="dimmed" size="sm">
                {employee.data
                  ? `${employee.data.employeeNumber} · ${employee.data.jobTitle}`
                  : ' '}
              </Text>
            </Stack>
            <EpisodeStatusBadge status={data.status} />
          </Group>
          <Card withBorder>
            <Facts episode={data} />
          </Card>

          <Tabs
            value={tab}
            onChange={(value) => setParams({ tab: value ?? 'work' }, { replace: true })}
            keepMounted={false}
          >
            <Tabs.List>
              {careTeam ? <Tabs.Tab value="intake">{t('intake.tab')}</Tabs.Tab> : null}
              <Tabs.Tab value="work">{t('workStatus.title')}</Tabs.Tab>
              <Tabs.Tab value="plan">{t('plan.title')}</Tabs.Tab>
              <Tabs.Tab value="interventions">{t('interventions.title')}</Tabs.Tab>
              <Tabs.Tab value="checkpoints">{t('checkpoints.title')}</Tabs.Tab>
            </Tabs.List>
            {careTeam ? (
              <Tabs.Panel value="intake" pt="md">
                <IntakePanel
                  episodeId={id}
                  complaint={'complaint' in data ? (data as Clinical).complaint : null}
                />
              </Tabs.Panel>
            ) : null}
            <Tabs.Panel value="work" pt="md">
              <Card withBorder>
                <Group justify="space-between" mb="sm">
                  <Title order={3} size="h4">
                    {t('workStatus.title')}
                  </Title>
                  <Button
                    size="xs"
                    onClick={() => setAdding(true)}
                    disabled={data.status === 'closed'}
                  >
                    {t('workStatus.add')}
                  </Button>
                </Group>
                <QueryState query={timeline}>
                  {(steps) =>
                    steps.length === 0 ? (
                      <Empty title={t('workStatus.empty')} />
                    ) : (
                      <Timeline active={steps.length - 1} bulletSize={14} lineWidth={2}>
                        {steps.map((step) => (
                          <Timeline.Item
                            key={step.effectiveFrom}
                            title={workStatusText(step, format)}
                          >
                            <Text size="sm" c="dimmed">
                              {t('workStatus.since', { date: format.date(step.effectiveFrom) })}
                            </Text>
                            {step.restrictions.maxLiftKg !== undefined ? (
                              <Text size="sm">
                                {t('workStatus.liftLimit', {
                                  kg: format.number(step.restrictions.maxLiftKg),
                                })}
                              </Text>
                            ) : null}
                            {step.restrictions.tasksAvoided?.length ? (
                              <Text size="sm">
                                {t('workStatus.avoid', {
                                  tasks: step.restrictions.tasksAvoided.join(', '),
                                })}
                              </Text>
                            ) : null}
                          </Timeline.Item>
                        ))}
                      </Timeline>
                    )
                  }
                </QueryState>
              </Card>
            </Tabs.Panel>
            <Tabs.Panel value="plan" pt="md">
              <QueryState query={plans}>
                {(versions) => {
                  const approved = versions.find((plan) => plan.status === 'approved');
                  return approved ? (
                    <Stack>
                      <Card withBorder>
                        <Title order={3} size="h4" mb="sm">
                          {t('plan.workTrack')}
                        </Title>
                        <WorkTrack episodeId={id} plan={approved} />
                      </Card>
                      <Card withBorder>
                        <Title order={3} size="h4" mb="sm">
                          {t('hours.title')}
                        </Title>
                        <HoursWorked episodeId={id} plan={approved} />
                      </Card>
                    </Stack>
                  ) : (
                    <Empty title={t('plan.none')}>{t('plan.noneHelp')}</Empty>
                  );
                }}
              </QueryState>
            </Tabs.Panel>
            <Tabs.Panel value="interventions" pt="md">
              <Interventions episodeId={id} closed={data.status === 'closed'} />
            </Tabs.Panel>
            <Tabs.Panel value="checkpoints" pt="md">
              <Card withBorder>
                <Title order={3} size="h4" mb="sm">
                  {t('checkpoints.title')}
                </Title>
                <QueryState query={checkpoints}>
                  {(items) =>
                    items.length === 0 ? (
                      <Empty title={t('checkpoints.empty')} />
                    ) : (
                      <Table.ScrollContainer minWidth={600}>
                        <Table>
                          <Table.Thead>
                            <Table.Tr>
                              <Table.Th scope="col">{t('checkpoints.what')}</Table.Th>
                              <Table.Th scope="col">{t('checkpoints.due')}</Table.Th>
                              <Table.Th scope="col">{t('checkpoints.statusLabel')}</Table.Th>
                              <Table.Th scope="col">{t('checkpoints.signed')}</Table.Th>
                              <Table.Th scope="col">
                                <span className="visually-hidden">{t('common.actions')}</span>
                              </Table.Th>
                            </Table.Tr>
                          </Table.Thead>
                          <Table.Tbody>
                            {items.map((checkpoint) => {
                              const overdue =
                                checkpoint.status === 'planned' && checkpoint.dueOn < today;
                              return (
                                <Table.Tr
                                  key={checkpoint.id}
                                  className={overdue ? 'overdue' : undefined}
                                >
                                  <Table.Td>
                                    {checkpointTitle(checkpoint)}{' '}
                                    <Badge
                                      size="xs"
                                      color={
                                        checkpoint.category === 'statutory' ? 'indigo' : 'teal'
                                      }
                                    >
                                      {t(`checkpoints.category.${checkpoint.category}`)}
                                    </Badge>
                                  </Table.Td>
                                  <Table.Td>
                                    {format.date(checkpoint.dueOn)}
                                    {overdue ? ` (${t('dashboard.overdue')})` : ''}
                                  </Table.Td>
                                  <Table.Td>
                                    {t(`checkpoints.status.${checkpoint.status}`)}
                                  </Table.Td>
                                  <Table.Td>
                                    {checkpoint.signOffs.some((s) => s.signedAt)
                                      ? checkpoint.signOffs
                                          .filter((s) => s.signedAt)
                                          .map((s) => t(`roles.${s.participant}`))
                                          .join(', ')
                                      : '–'}
                                  </Table.Td>
                                  <Table.Td>
                                    <Anchor
                                      component="button"
                                      type="button"
                                      size="sm"
                                      onClick={() => void downloadIcs(checkpoint.id)}
                                    >
                                      {t('checkpoints.ics')}
                                    </Anchor>
                                  </Table.Td>
                                </Table.Tr>
                              );
                            })}
                          </Table.Tbody>
                        </Table>
                      </Table.ScrollContainer>
                    )
                  }
                </QueryState>
              </Card>
            </Tabs.Panel>
          </Tabs>

          <Dialog opened={adding} onClose={() => setAdding(false)} title={t('workStatus.add')}>
            <WorkStatusForm
              episodeId={id}
              latest={timeline.data?.at(-1)?.effectiveFrom}
              onSaved={() => {
                setAdding(false);
                void queries.invalidateQueries({ queryKey: ['episode', id] });
              }}
            />
          </Dialog>
        </Stack>
      )}
    </QueryState>
  );
}
