import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { useFormat } from '../i18n';

type Episode = Schemas['EpisodeFunctionalDto'];

const STATUS_COLOUR: Record<Episode['status'], string> = {
  referred: 'gray',
  intake: 'blue',
  active: 'teal',
  monitoring: 'grape',
  closed: 'dark',
};

/** An episode's status as a badge (its colour repeats what the text says). */
export function EpisodeStatusBadge({ status }: { status: Episode['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOUR[status]} autoContrast>
      {t(`episode.status.${status}`)}
    </Badge>
  );
}

/**
 * A checkpoint's title in the reader's language: its rule's own words, or the title as the API
 * gave it (a rule of a template version newer than this application).
 */
export function useCheckpointTitle() {
  const { t, i18n } = useTranslation();
  return ({ ruleKey, title }: { ruleKey: string; title: string }) => {
    const key = `checkpoints.rule.${ruleKey}`;
    return i18n.exists(key) ? t(key) : title;
  };
}

/** Today's work status in words: "Partial, 50% (19 h/week)". */
export function useWorkStatusText() {
  const { t } = useTranslation();
  return (
    status: Schemas['WorkStatusDto'] | null | undefined,
    format: { percent: (n: number) => string; number: (n: number) => string },
  ) => {
    if (!status) return t('workStatus.none');
    const label = t(`workStatus.kind.${status.status}`);
    return status.status === 'partial'
      ? t('workStatus.partialText', {
          label,
          percent: format.percent(status.percentOfContract),
          hours: format.number(status.hoursPerWeek),
        })
      : label;
  };
}

/** The episode's next step and its day, in bold red once the day has passed. */
export function NextDue({ episode }: { episode: Pick<Episode, 'nextDue'> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const next = episode.nextDue;
  if (!next) return <>–</>;
  const overdue = next.dueOn < new Date().toISOString().slice(0, 10);
  return (
    <Text size="sm" fw={overdue ? 700 : undefined} c={overdue ? 'red.9' : undefined}>
      {t(`dashboard.due.${next.kind}`)}: {format.date(next.dueOn)}
      {overdue ? ` (${t('dashboard.overdue')})` : ''}
    </Text>
  );
}

/** A red flag that waits for the occupational doctor: said in words, not by colour alone. */
export function RedFlagBadge({ emergency = false }: { emergency?: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color="red.9" leftSection="⚑" styles={{ root: { textTransform: 'none' } }}>
      {emergency ? `${t('clinical.emergency')}: ` : ''}
      {t('clinical.urgent')}
    </Badge>
  );
}

/** A working list's first cell: the employee's name opening the episode, and their number. */
export function EmployeeCell({
  employee,
  episodeId,
}: {
  employee: Schemas['DashboardEmployeeDto'];
  episodeId: string;
}) {
  return (
    <Table.Td>
      <Anchor component={Link} to={`/episodes/${episodeId}`}>
        {employee.fullName}
      </Anchor>
      <Text size="xs" c="dimmed">
        {employee.employeeNumber}
      </Text>
    </Table.Td>
  );
}
