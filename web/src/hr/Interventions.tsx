import {
  Alert,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../ui/Dialog';
import { api, ifMatch, type Schemas, unwrap } from '../api/client';
import { ApiProblem } from '../api/problem';
import { useMe } from '../auth/session';
import { useFormat } from '../i18n';
import { showFieldErrors } from '../ui/forms';
import { notifyDone } from '../ui/notify';
import { Empty, ProblemAlert, QueryState } from '../ui/states';

type Intervention = Schemas['InterventionDto'];
const KINDS: Intervention['kind'][] = [
  'adapted_tasks',
  'reduced_hours',
  'workstation_adjustment',
  'equipment',
  'task_rotation',
  'supervisor_coaching',
  'rtw_coordinator',
];
const STATUSES: Intervention['status'][] = ['planned', 'in_progress', 'done', 'cancelled'];

function AddIntervention({ episodeId, onAdded }: { episodeId: string; onAdded: () => void }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<unknown>();
  const [key] = useState(() => crypto.randomUUID());
  const form = useForm({
    initialValues: {
      kind: 'adapted_tasks',
      description: '',
      owner: '',
      dueOn: '',
      costEur: '' as number | string,
    },
    validate: {
      description: (value) => (value.trim().length >= 3 ? null : t('interventions.describe')),
      owner: (value) => (value.trim().length >= 2 ? null : t('common.required')),
    },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        setProblem(undefined);
        try {
          await unwrap(
            api.POST('/episodes/{id}/interventions', {
              params: { path: { id: episodeId }, header: { 'Idempotency-Key': key } },
              body: {
                kind: values.kind as Intervention['kind'],
                description: values.description.trim(),
                owner: values.owner.trim(),
                dueOn: values.dueOn || undefined,
                costEur: values.costEur === '' ? undefined : Number(values.costEur),
              },
            }),
          );
          onAdded();
        } catch (error) {
          if (!showFieldErrors(form, error)) setProblem(error);
        }
      })}
    >
      <Stack>
        <Select
          label={t('interventions.kind')}
          data={KINDS.map((kind) => ({ value: kind, label: t(`interventions.kinds.${kind}`) }))}
          allowDeselect={false}
          {...form.getInputProps('kind')}
        />
        {form.getValues().kind === 'workstation_adjustment' ||
        form.getValues().kind === 'equipment' ? (
          <Alert color="blue" variant="light" role="note">
            {t('interventions.evidence')}
          </Alert>
        ) : null}
        <Textarea
          label={t('interventions.description')}
          description={t('interventions.descriptionHelp')}
          required
          autosize
          minRows={2}
          {...form.getInputProps('description')}
        />
        <TextInput
          label={t('interventions.owner')}
          description={t('interventions.ownerHelp')}
          required
          {...form.getInputProps('owner')}
        />
        <TextInput type="date" label={t('interventions.dueOn')} {...form.getInputProps('dueOn')} />
        <NumberInput
          label={t('interventions.cost')}
          min={0}
          max={1_000_000}
          decimalScale={2}
          prefix="€ "
          {...form.getInputProps('costEur')}
        />
        {problem ? <ProblemAlert error={problem} /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {t('interventions.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function StatusChange({
  episodeId,
  intervention,
}: {
  episodeId: string;
  intervention: Intervention;
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const change = useMutation({
    mutationFn: (status: Intervention['status']) =>
      unwrap(
        api.PATCH('/episodes/{id}/interventions/{interventionId}', {
          params: {
            path: { id: episodeId, interventionId: intervention.id },
            header: ifMatch(intervention.version),
          },
          body: { status },
        }),
      ),
    onSettled: () =>
      void queries.invalidateQueries({ queryKey: ['episode', episodeId, 'interventions'] }),
  });
  const stale = change.error instanceof ApiProblem && change.error.status === 412;
  return (
    <Stack gap={2}>
      <Select
        aria-label={t('interventions.statusOf', { what: intervention.description })}
        size="xs"
        w={160}
        value={intervention.status}
        data={STATUSES.map((status) => ({
          value: status,
          label: t(`interventions.status.${status}`),
        }))}
        allowDeselect={false}
        onChange={(value) =>
          value && value !== intervention.status && change.mutate(value as Intervention['status'])
        }
        disabled={change.isPending}
      />
      {stale ? (
        <Text size="xs" c="orange.9" role="alert">
          {t('interventions.stale')}
        </Text>
      ) : change.isError ? (
        <ProblemAlert error={change.error} />
      ) : null}
    </Stack>
  );
}

/** Workplace interventions HR owns: adapted tasks, reduced hours, equipment, with their status. */
export function Interventions({ episodeId, closed }: { episodeId: string; closed: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queries = useQueryClient();
  const [adding, setAdding] = useState(false);
  // HR owns the workplace interventions; the care team reads them.
  const owner = useMe().role === 'hr';
  const list = useQuery({
    queryKey: ['episode', episodeId, 'interventions'],
    queryFn: () =>
      unwrap(api.GET('/episodes/{id}/interventions', { params: { path: { id: episodeId } } })),
  });
  return (
    <Stack>
      {owner ? (
        <Group justify="flex-end">
          <Button size="xs" onClick={() => setAdding(true)} disabled={closed}>
            {t('interventions.add')}
          </Button>
        </Group>
      ) : null}
      <QueryState query={list}>
        {(items) =>
          items.length === 0 ? (
            <Empty title={t('interventions.empty')}>{t('interventions.emptyHelp')}</Empty>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('interventions.kind')}</Table.Th>
                    <Table.Th scope="col">{t('interventions.description')}</Table.Th>
                    <Table.Th scope="col">{t('interventions.owner')}</Table.Th>
                    <Table.Th scope="col">{t('interventions.dueOn')}</Table.Th>
                    <Table.Th scope="col">{t('interventions.cost')}</Table.Th>
                    <Table.Th scope="col">{t('interventions.statusLabel')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((item) => (
                    <Table.Tr key={item.id}>
                      <Table.Td>{t(`interventions.kinds.${item.kind}`)}</Table.Td>
                      <Table.Td>
                        {item.description}
                        {item.evidenceNote ? (
                          <Text size="xs" c="dimmed">
                            {t('interventions.evidence')}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{item.owner}</Table.Td>
                      <Table.Td>{format.date(item.dueOn)}</Table.Td>
                      <Table.Td>
                        {item.costEur === null ? '–' : format.money(item.costEur)}
                      </Table.Td>
                      <Table.Td>
                        {owner ? (
                          <StatusChange episodeId={episodeId} intervention={item} />
                        ) : (
                          t(`interventions.status.${item.status}`)
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      <Dialog
        opened={adding}
        onClose={() => setAdding(false)}
        title={t('interventions.add')}
        size="lg"
      >
        <AddIntervention
          episodeId={episodeId}
          onAdded={() => {
            setAdding(false);
            notifyDone(t('interventions.added'));
            void queries.invalidateQueries({ queryKey: ['episode', episodeId, 'interventions'] });
          }}
        />
      </Dialog>
    </Stack>
  );
}
