import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas, unwrap } from '../api/client';
import { useMe } from '../auth/session';
import { useFormat } from '../i18n';
import { showFieldErrors } from '../ui/forms';
import { notifyDone } from '../ui/notify';
import { ProblemAlert, QueryState } from '../ui/states';

type Complaint = Schemas['ComplaintDto'];
type Triage = Schemas['TriageDto'];
type Region = Complaint['regions'][number];

const REGIONS: Region[] = ['neck', 'shoulder', 'upper_back', 'low_back'];
const SIDES: Complaint['side'][] = ['left', 'right', 'both', 'central'];

/** Everything an intake changes: the screens that show it read it again. */
function useRefreshIntake(episodeId: string) {
  const queries = useQueryClient();
  return () =>
    Promise.all([
      queries.invalidateQueries({ queryKey: ['episode', episodeId] }),
      queries.invalidateQueries({ queryKey: ['dashboard'] }),
    ]);
}

/** The complaint: regions, side, specific or not, and a note for the care team only. */
function ComplaintForm({
  episodeId,
  complaint,
}: {
  episodeId: string;
  complaint: Complaint | null;
}) {
  const { t } = useTranslation();
  const refresh = useRefreshIntake(episodeId);
  const [problem, setProblem] = useState<unknown>();
  const form = useForm({
    initialValues: {
      regions: (complaint?.regions ?? []) as string[],
      side: complaint?.side ?? '',
      specificity: complaint?.specificity ?? '',
      clinicalNote: complaint?.clinicalNote ?? '',
    },
    validate: {
      regions: (value) => (value.length ? null : t('common.required')),
      side: (value) => (value ? null : t('common.required')),
      specificity: (value) => (value ? null : t('common.required')),
    },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        setProblem(undefined);
        try {
          await unwrap(
            api.PUT('/episodes/{id}/complaint', {
              params: { path: { id: episodeId } },
              body: {
                regions: values.regions as Region[],
                side: values.side as Complaint['side'],
                specificity: values.specificity as Complaint['specificity'],
                clinicalNote: values.clinicalNote.trim() || undefined,
              },
            }),
          );
          await refresh();
          notifyDone(t('intake.saved'));
        } catch (error) {
          if (!showFieldErrors(form, error)) setProblem(error);
        }
      })}
    >
      <Stack>
        <Checkbox.Group label={t('intake.regions')} withAsterisk {...form.getInputProps('regions')}>
          <Group mt="xs">
            {REGIONS.map((region) => (
              <Checkbox key={region} value={region} label={t(`clinical.regions.${region}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Radio.Group label={t('intake.side')} withAsterisk {...form.getInputProps('side')}>
          <Group mt="xs">
            {SIDES.map((side) => (
              <Radio key={side} value={side} label={t(`intake.sides.${side}`)} />
            ))}
          </Group>
        </Radio.Group>
        <Radio.Group
          label={t('intake.specificityLabel')}
          withAsterisk
          {...form.getInputProps('specificity')}
        >
          <Group mt="xs">
            {(['aspecific', 'specific'] as const).map((value) => (
              <Radio key={value} value={value} label={t(`clinical.specificity.${value}`)} />
            ))}
          </Group>
        </Radio.Group>
        <Textarea
          label={t('intake.note')}
          description={t('intake.noteHelp')}
          autosize
          minRows={2}
          maxLength={4000}
          {...form.getInputProps('clinicalNote')}
        />
        {problem ? <ProblemAlert error={problem} /> : null}
        <Group>
          <Button type="submit" loading={form.submitting}>
            {t('intake.saveComplaint')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The red-flag screen for the complaint's regions, the rehabilitation potential, the return. */
function RedFlagScreen({
  episodeId,
  regions,
  triage,
}: {
  episodeId: string;
  regions: Region[];
  triage: Triage;
}) {
  const { t } = useTranslation();
  const refresh = useRefreshIntake(episodeId);
  const [problem, setProblem] = useState<unknown>();
  const catalogue = useQuery({
    queryKey: ['red-flags', [...regions].sort().join(',')],
    queryFn: () =>
      unwrap(api.GET('/triage/red-flags', { params: { query: { regions: regions.join(',') } } })),
    staleTime: Infinity,
  });
  const form = useForm({
    initialValues: {
      present: Object.entries(triage.redFlagAnswers ?? {})
        .filter(([, present]) => present)
        .map(([code]) => code),
      rehabilitationPotential: triage.rehabilitationPotential ?? '',
      expectedFullReturn: '',
    },
  });
  return (
    <QueryState query={catalogue}>
      {(flags) => {
        const categories = [...new Set(flags.map((flag) => flag.category))];
        return (
          <form
            noValidate
            onSubmit={form.onSubmit(async (values) => {
              setProblem(undefined);
              try {
                await unwrap(
                  api.PUT('/episodes/{id}/intake', {
                    params: { path: { id: episodeId } },
                    body: {
                      redFlags: Object.fromEntries(
                        flags.map((flag) => [flag.code, values.present.includes(flag.code)]),
                      ),
                      rehabilitationPotential:
                        (values.rehabilitationPotential as NonNullable<
                          Triage['rehabilitationPotential']
                        >) || undefined,
                      expectedFullReturn: values.expectedFullReturn || undefined,
                    },
                  }),
                );
                await refresh();
                notifyDone(t('intake.saved'));
              } catch (error) {
                if (!showFieldErrors(form, error)) setProblem(error);
              }
            })}
          >
            <Stack>
              <Text size="sm">{t('intake.screenHelp')}</Text>
              <Checkbox.Group {...form.getInputProps('present')} label={t('intake.screenTitle')}>
                <Stack mt="xs" gap="sm">
                  {categories.map((category) => (
                    <fieldset key={category} className="plain-fieldset">
                      <Text component="legend" fw={600} size="sm">
                        {t(`intake.categories.${category}`)}
                      </Text>
                      <Stack gap={6} mt={4}>
                        {flags
                          .filter((flag) => flag.category === category)
                          .map((flag) => (
                            <Checkbox
                              key={flag.code}
                              value={flag.code}
                              label={`${t(`intake.flags.${flag.code}`)}${
                                flag.emergency ? ` (${t('clinical.emergency')})` : ''
                              }`}
                            />
                          ))}
                      </Stack>
                    </fieldset>
                  ))}
                </Stack>
              </Checkbox.Group>
              <Group grow align="flex-start">
                <Select
                  label={t('intake.potential')}
                  data={(['good', 'moderate', 'low'] as const).map((value) => ({
                    value,
                    label: t(`intake.potentials.${value}`),
                  }))}
                  clearable
                  {...form.getInputProps('rehabilitationPotential')}
                />
                <TextInput
                  type="date"
                  label={t('intake.expectedReturn')}
                  {...form.getInputProps('expectedFullReturn')}
                />
              </Group>
              {problem ? <ProblemAlert error={problem} /> : null}
              <Group>
                <Button type="submit" loading={form.submitting}>
                  {t('intake.saveScreen')}
                </Button>
              </Group>
            </Stack>
          </form>
        );
      }}
    </QueryState>
  );
}

/** The doctor clears the red flags with a medical reason; the pathway is evaluated again. */
function Clearance({ episodeId }: { episodeId: string }) {
  const { t } = useTranslation();
  const refresh = useRefreshIntake(episodeId);
  const [problem, setProblem] = useState<unknown>();
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (value) => (value.trim().length >= 3 ? null : t('common.required')) },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async ({ reason }) => {
        setProblem(undefined);
        try {
          await unwrap(
            api.POST('/episodes/{id}/red-flags/clearance', {
              params: { path: { id: episodeId } },
              body: { reason: reason.trim() },
            }),
          );
          await refresh();
          notifyDone(t('intake.saved'));
        } catch (error) {
          if (!showFieldErrors(form, error)) setProblem(error);
        }
      })}
    >
      <Stack>
        <Title order={4} size="h5">
          {t('intake.clearTitle')}
        </Title>
        <Textarea
          label={t('intake.clearReason')}
          withAsterisk
          autosize
          minRows={2}
          maxLength={2000}
          {...form.getInputProps('reason')}
        />
        {problem ? <ProblemAlert error={problem} /> : null}
        <Group>
          <Button type="submit" color="red.9" loading={form.submitting}>
            {t('intake.clear')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Where the red-flag screen stands: an urgent referral said unmistakably, or its outcome. */
function ScreenOutcome({ triage }: { triage: Triage }) {
  const { t } = useTranslation();
  const format = useFormat();
  const urgent = useRef<HTMLDivElement>(null);
  // A screen saved with a red flag: the referral comes into view, wherever the form left off.
  useEffect(() => {
    if (triage.urgentReferral) urgent.current?.scrollIntoView({ block: 'center' });
  }, [triage.urgentReferral, triage.version]);
  const flags = triage.redFlagsPresent.map((code) => t(`intake.flags.${code}`)).join(', ');
  if (triage.urgentReferral) {
    return (
      <Alert
        ref={urgent}
        color="red.9"
        variant="filled"
        title={t('intake.urgentTitle')}
        role="alert"
      >
        <Stack gap={4}>
          <Text size="sm">{t('intake.urgentText', { flags })}</Text>
          {triage.emergency ? (
            <Text size="sm" fw={700}>
              {t('intake.emergencyText')}
            </Text>
          ) : null}
        </Stack>
      </Alert>
    );
  }
  if (triage.redFlagsClearedAt) {
    return (
      <Alert color="gray" variant="light" role="note">
        {flags} ·{' '}
        {t('intake.cleared', {
          date: format.moment(triage.redFlagsClearedAt),
          reason: triage.clearanceReason ?? '',
        })}
      </Alert>
    );
  }
  if (triage.screenedAt) {
    return (
      <Alert color="teal" variant="light" role="note">
        {t('intake.screenedOn', { date: format.moment(triage.screenedAt) })}
      </Alert>
    );
  }
  return null;
}

/**
 * The intake of an episode for its care team: the physiotherapist records the complaint and the
 * red-flag screen; the occupational doctor reads them and clears red flags.
 */
export function IntakePanel({
  episodeId,
  complaint,
}: {
  episodeId: string;
  complaint: Complaint | null;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const triage = useQuery({
    queryKey: ['episode', episodeId, 'triage'],
    queryFn: () =>
      unwrap(api.GET('/episodes/{id}/triage', { params: { path: { id: episodeId } } })),
  });
  const physio = me.role === 'physio';
  return (
    <Stack>
      <QueryState query={triage}>
        {(data) => (
          <>
            <ScreenOutcome triage={data} />
            {data.urgentReferral && me.role === 'occupational_doctor' ? (
              <Card withBorder>
                <Clearance episodeId={episodeId} />
              </Card>
            ) : null}
            <Card withBorder>
              <Title order={3} size="h4" mb="sm">
                {t('intake.complaintTitle')}
              </Title>
              {physio ? (
                <ComplaintForm episodeId={episodeId} complaint={complaint} />
              ) : complaint ? (
                <Text>
                  {complaint.regions.map((region) => t(`clinical.regions.${region}`)).join(', ')} (
                  {t(`intake.sides.${complaint.side}`)},{' '}
                  {t(`clinical.specificity.${complaint.specificity}`)})
                  {complaint.clinicalNote ? ` · ${complaint.clinicalNote}` : ''}
                </Text>
              ) : (
                <Text c="dimmed">{t('caseload.notRecorded')}</Text>
              )}
            </Card>
            {physio ? (
              <Card withBorder>
                <Title order={3} size="h4" mb="sm">
                  {t('intake.screenTitle')}
                </Title>
                {complaint ? (
                  <RedFlagScreen
                    key={`${complaint.version}:${data.version}`}
                    episodeId={episodeId}
                    regions={complaint.regions}
                    triage={data}
                  />
                ) : (
                  <Text c="dimmed">{t('intake.screenFirst')}</Text>
                )}
              </Card>
            ) : null}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
