import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ifMatch, type Schemas, unwrap } from '../api/client';
import { useMe } from '../auth/session';
import { useFormat } from '../i18n';
import { ProblemAlert } from '../ui/states';

type Plan = Schemas['PlanFunctionalDto'];
type WorkWeek = Schemas['WorkWeekViewDto'];

/** The limits of a step of the work track, in words. */
function useLimits() {
  const { t } = useTranslation();
  const format = useFormat();
  return (step: WorkWeek): string[] => [
    ...(step.maxLiftKg !== undefined
      ? [t('plan.limit.lift', { kg: format.number(step.maxLiftKg) })]
      : []),
    ...(step.maxCarryKg !== undefined
      ? [t('plan.limit.carry', { kg: format.number(step.maxCarryKg) })]
      : []),
    ...(step.maxPushPullKg !== undefined
      ? [t('plan.limit.pushPull', { kg: format.number(step.maxPushPullKg) })]
      : []),
    ...(step.maxSittingMinutes !== undefined
      ? [t('plan.limit.sitting', { minutes: step.maxSittingMinutes })]
      : []),
    ...(step.maxStandingMinutes !== undefined
      ? [t('plan.limit.standing', { minutes: step.maxStandingMinutes })]
      : []),
    ...(step.maxWalkingMinutes !== undefined
      ? [t('plan.limit.walking', { minutes: step.maxWalkingMinutes })]
      : []),
    ...(step.maxScreenMinutes !== undefined
      ? [t('plan.limit.screen', { minutes: step.maxScreenMinutes })]
      : []),
    ...(step.posturesAvoided ?? []).map((posture) => t(`plan.posture.${posture}`)),
    ...(step.physicalDemandsAvoided ?? []).map((demand) =>
      t('plan.limit.demand', { demand: t(`employee.demand.${demand}`) }),
    ),
  ];
}

/**
 * The approved plan's work track as HR sees it (hours, tasks, limits: nothing clinical), with the
 * acknowledgement HR gives for it.
 */
export function WorkTrack({ episodeId, plan }: { episodeId: string; plan: Plan }) {
  const { t } = useTranslation();
  const format = useFormat();
  const limits = useLimits();
  const queries = useQueryClient();
  // The acknowledgement is HR's; the care team sees whether it was given.
  const hr = useMe().role === 'hr';
  const acknowledge = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/episodes/{id}/plans/{number}/acknowledge', {
          params: { path: { id: episodeId, number: plan.number }, header: ifMatch(plan.version) },
        }),
      ),
    onSettled: () => void queries.invalidateQueries({ queryKey: ['episode', episodeId, 'plans'] }),
  });
  const steps = [...plan.workTrack].sort((a, b) => a.from.localeCompare(b.from));
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm">
          {t('plan.summary', {
            number: plan.number,
            start: format.date(plan.startDate),
            target: format.date(plan.targetFullReturn),
          })}
        </Text>
        {plan.signOffs.hrAcknowledgedAt ? (
          <Text size="sm" role="status">
            {t('plan.acknowledgedAt', { when: format.moment(plan.signOffs.hrAcknowledgedAt) })}
          </Text>
        ) : hr ? (
          <Button size="xs" onClick={() => acknowledge.mutate()} loading={acknowledge.isPending}>
            {t('plan.acknowledge')}
          </Button>
        ) : null}
      </Group>
      {!plan.signOffs.hrAcknowledgedAt && hr ? (
        <Alert color="blue" variant="light" role="note">
          {t('plan.acknowledgeHelp')}
        </Alert>
      ) : null}
      {acknowledge.isError ? <ProblemAlert error={acknowledge.error} /> : null}
      <Table.ScrollContainer minWidth={720}>
        <Table>
          <Table.Caption>{t('plan.trackCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('plan.from')}</Table.Th>
              <Table.Th scope="col">{t('plan.hours')}</Table.Th>
              <Table.Th scope="col">{t('plan.tasksAllowed')}</Table.Th>
              <Table.Th scope="col">{t('plan.tasksAvoided')}</Table.Th>
              <Table.Th scope="col">{t('plan.limits')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {steps.map((step) => (
              <Table.Tr key={step.from}>
                <Table.Td>{format.date(step.from)}</Table.Td>
                <Table.Td>
                  {t('plan.hoursValue', {
                    percent: format.percent(step.percentOfContract),
                    hours: format.number(step.hoursPerWeek),
                  })}
                </Table.Td>
                <Table.Td>{step.tasksAllowed.join(', ') || '–'}</Table.Td>
                <Table.Td>{step.tasksAvoided.join(', ') || '–'}</Table.Td>
                <Table.Td>{limits(step).join(', ') || '–'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
