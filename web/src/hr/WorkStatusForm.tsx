import {
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  Stack,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas, unwrap } from '../api/client';
import { showFieldErrors } from '../ui/forms';
import { ProblemAlert } from '../ui/states';

type Kind = Schemas['RecordWorkStatusDto']['status'];

/** A new step of the work-status timeline: absent, partial with its share, or full duty. */
/** The first day a new step may start: today, or the day after the latest step when that is later. */
function firstFreeDay(latest: string | undefined): string {
  const today = new Date().toISOString().slice(0, 10);
  if (!latest || latest < today) return today;
  const next = new Date(`${latest}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

export function WorkStatusForm({
  episodeId,
  latest,
  onSaved,
}: {
  episodeId: string;
  /** The start of the latest step: a new one comes after it. */
  latest?: string;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<unknown>();
  const form = useForm({
    initialValues: {
      effectiveFrom: firstFreeDay(latest),
      status: 'partial' as Kind,
      percentOfContract: 50 as number | string,
      maxLiftKg: '' as number | string,
      tasksAvoided: [] as string[],
    },
    validate: {
      effectiveFrom: (value) => (value ? null : t('common.required')),
      percentOfContract: (value, values) =>
        values.status === 'partial' && (value === '' || Number(value) < 1 || Number(value) > 99)
          ? t('workStatus.percentRange')
          : null,
    },
  });
  const status = form.getValues().status;
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        setProblem(undefined);
        try {
          await unwrap(
            api.POST('/episodes/{id}/work-status', {
              params: { path: { id: episodeId } },
              body: {
                effectiveFrom: values.effectiveFrom,
                status: values.status,
                percentOfContract:
                  values.status === 'partial' ? Number(values.percentOfContract) : undefined,
                restrictions:
                  values.maxLiftKg !== '' || values.tasksAvoided.length > 0
                    ? {
                        maxLiftKg: values.maxLiftKg === '' ? undefined : Number(values.maxLiftKg),
                        tasksAvoided: values.tasksAvoided.length ? values.tasksAvoided : undefined,
                      }
                    : undefined,
              },
            }),
          );
          form.reset();
          onSaved();
        } catch (error) {
          if (!showFieldErrors(form, error)) setProblem(error);
        }
      })}
    >
      <Stack>
        <TextInput
          type="date"
          label={t('workStatus.from')}
          required
          {...form.getInputProps('effectiveFrom')}
        />
        <Stack gap={4}>
          <SegmentedControl
            aria-label={t('workStatus.kindLabel')}
            data={(['absent', 'partial', 'full_duty'] as const).map((value) => ({
              value,
              label: t(`workStatus.kind.${value}`),
            }))}
            {...form.getInputProps('status')}
          />
        </Stack>
        {status === 'partial' ? (
          <NumberInput
            label={t('workStatus.percent')}
            min={1}
            max={99}
            suffix=" %"
            required
            {...form.getInputProps('percentOfContract')}
          />
        ) : null}
        {status !== 'absent' ? (
          <>
            <NumberInput
              label={t('workStatus.maxLift')}
              min={0}
              max={100}
              suffix=" kg"
              {...form.getInputProps('maxLiftKg')}
            />
            <TagsInput
              label={t('workStatus.tasksAvoided')}
              description={t('workStatus.tasksAvoidedHelp')}
              {...form.getInputProps('tasksAvoided')}
            />
          </>
        ) : null}
        {problem ? <ProblemAlert error={problem} /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {t('workStatus.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
