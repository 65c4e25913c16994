import { Button, Checkbox, Code, Image, List, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { api, type Schemas, unwrap } from '../api/client';
import { useSession } from '../auth/session';
import { showFieldErrors } from '../ui/forms';
import { Loading, ProblemAlert } from '../ui/states';
import { PublicFrame } from './PublicFrame';

/** First sign-in of a clinician or manager: an authenticator app, then recovery codes shown once. */
export default function SecondFactorSetupPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [confirmed, setConfirmed] = useState<Schemas['MfaConfirmedDto'] | undefined>();
  const [stored, setStored] = useState(false);
  const needed = session.state.status === 'signedIn' && session.state.me.secondFactorSetupRequired;
  const enrolment = useQuery({
    queryKey: ['mfa-enrolment'],
    enabled: needed && !confirmed,
    staleTime: Infinity,
    gcTime: 0,
    queryFn: async () => {
      const secret = await unwrap(api.POST('/auth/mfa/enrol'));
      return {
        ...secret,
        qr: await QRCode.toDataURL(secret.otpauthUri, { margin: 1, width: 200 }),
      };
    },
  });
  const form = useForm({ initialValues: { code: '' } });
  const confirm = useMutation({
    mutationFn: (code: string) =>
      unwrap(
        api.POST('/auth/mfa/confirm', {
          body: { code },
          headers: { 'x-refresh-transport': 'cookie' },
        }),
      ),
    onSuccess: setConfirmed,
    onError: (error) => showFieldErrors(form, error),
  });

  if (session.state.status === 'loading') return <Loading />;
  if (session.state.status === 'signedOut') return <Navigate to="/sign-in" replace />;
  if (!needed && !confirmed) return <Navigate to="/" replace />;

  if (confirmed) {
    return (
      <PublicFrame title={t('mfa.recoveryTitle')}>
        <Text size="sm">{t('mfa.recoveryText')}</Text>
        <List spacing={4} aria-label={t('mfa.recoveryTitle')}>
          {confirmed.recoveryCodes.map((code) => (
            <List.Item key={code}>
              <Code>{code}</Code>
            </List.Item>
          ))}
        </List>
        <Checkbox
          label={t('mfa.stored')}
          checked={stored}
          onChange={(event) => setStored(event.currentTarget.checked)}
        />
        <Button
          disabled={!stored}
          onClick={() =>
            void session.begin(confirmed.tokens).then(() => navigate('/', { replace: true }))
          }
        >
          {t('mfa.continue')}
        </Button>
      </PublicFrame>
    );
  }

  return (
    <PublicFrame title={t('mfa.setupTitle')}>
      <Text size="sm">{t('mfa.setupText')}</Text>
      {enrolment.isPending ? <Loading /> : null}
      {enrolment.isError ? (
        <ProblemAlert error={enrolment.error} onRetry={() => void enrolment.refetch()} />
      ) : null}
      {enrolment.data ? (
        <Stack gap="xs" align="center">
          <Image src={enrolment.data.qr} alt={t('mfa.qrAlt')} w={200} h={200} />
          <Text size="sm">{t('mfa.manual')}</Text>
          <Code>{enrolment.data.secret}</Code>
        </Stack>
      ) : null}
      <form noValidate onSubmit={form.onSubmit(({ code }) => confirm.mutate(code.trim()))}>
        <Stack>
          <TextInput
            label={t('signIn.code')}
            description={t('signIn.codeHelp')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            required
            {...form.getInputProps('code')}
          />
          {confirm.isError && !form.errors.code ? <ProblemAlert error={confirm.error} /> : null}
          <Button type="submit" loading={confirm.isPending} disabled={!enrolment.data}>
            {t('mfa.confirm')}
          </Button>
        </Stack>
      </form>
    </PublicFrame>
  );
}
