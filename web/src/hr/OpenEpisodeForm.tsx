import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas, unwrap } from '../api/client';
import { showFieldErrors } from '../ui/forms';
import { ProblemAlert } from '../ui/states';

/** Opens a return-to-work episode for one employee (one request, whatever the double clicks). */
export function OpenEpisodeForm({
  employeeId,
  onOpened,
}: {
  employeeId: string;
  onOpened: (episode: Schemas['EpisodeFunctionalDto']) => void;
}) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<unknown>();
  const [key] = useState(() => crypto.randomUUID());
  const today = new Date().toISOString().slice(0, 10);
  const form = useForm({
    initialValues: { jurisdiction: 'BE', referralDate: today, absenceStart: '' },
    validate: { referralDate: (value) => (value ? null : t('common.required')) },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        setProblem(undefined);
        try {
          const episode = await unwrap(
            api.POST('/episodes', {
              params: { header: { 'Idempotency-Key': key } },
              body: {
                employeeId,
                jurisdiction: values.jurisdiction as 'BE' | 'NL',
                referralDate: values.referralDate,
                absenceStart: values.absenceStart || undefined,
              },
            }),
          );
          onOpened(episode);
        } catch (error) {
          if (!showFieldErrors(form, error)) setProblem(error);
        }
      })}
    >
      <Stack>
        <Select
          label={t('episode.jurisdiction')}
          description={t('episode.jurisdictionHelp')}
          data={[
            { value: 'BE', label: t('episode.jurisdictions.BE') },
            { value: 'NL', label: t('episode.jurisdictions.NL') },
          ]}
          allowDeselect={false}
          {...form.getInputProps('jurisdiction')}
        />
        <TextInput
          type="date"
          label={t('episode.referralDate')}
          required
          {...form.getInputProps('referralDate')}
        />
        <TextInput
          type="date"
          label={t('episode.absenceStart')}
          description={t('episode.absenceStartHelp')}
          {...form.getInputProps('absenceStart')}
        />
        {problem ? <ProblemAlert error={problem} /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {t('episode.open')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
