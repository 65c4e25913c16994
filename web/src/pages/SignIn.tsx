import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { ApiProblem } from '../api/problem';
import { useSession } from '../auth/session';
import { showFieldErrors } from '../ui/forms';
import { PasswordField } from '../ui/PasswordField';
import { Loading, ProblemAlert } from '../ui/states';
import { PublicFrame } from './PublicFrame';

/** Only a path of this application is a place to come back to. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { t } = useTranslation();
  /** A refused sign-in says what a person can act on; other problems keep their own text. */
  const refusal = (problem: unknown) =>
    problem instanceof ApiProblem && problem.status === 401 ? t('signIn.refused') : undefined;
  const session = useSession();
  const [params] = useSearchParams();
  const [challenge, setChallenge] = useState<string | undefined>();
  const [useRecovery, setUseRecovery] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const credentials = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (/^\S+@\S+$/.test(value) ? null : t('signIn.emailInvalid')),
      password: (value) => (value ? null : t('common.required')),
    },
  });
  const second = useForm({
    initialValues: { code: '', recoveryCode: '' },
  });

  if (session.state.status === 'loading') return <Loading />;
  if (session.state.status === 'signedIn')
    return <Navigate to={safeNext(params.get('next'))} replace />;

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await work();
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  if (challenge) {
    return (
      <PublicFrame title={t('signIn.secondFactorTitle')}>
        <form
          noValidate
          onSubmit={second.onSubmit((values) =>
            run(async () => {
              try {
                await session.verify(
                  challenge,
                  useRecovery
                    ? { recoveryCode: values.recoveryCode.trim() }
                    : { code: values.code.trim() },
                );
              } catch (error) {
                if (!showFieldErrors(second, error)) throw error;
              }
            }),
          )}
        >
          <Stack>
            {useRecovery ? (
              <TextInput
                label={t('signIn.recoveryCode')}
                autoComplete="off"
                required
                data-autofocus
                {...second.getInputProps('recoveryCode')}
              />
            ) : (
              <TextInput
                label={t('signIn.code')}
                description={t('signIn.codeHelp')}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                required
                data-autofocus
                {...second.getInputProps('code')}
              />
            )}
            {problem ? <ProblemAlert error={problem} message={refusal(problem)} /> : null}
            <Button type="submit" loading={busy}>
              {t('signIn.verify')}
            </Button>
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => setUseRecovery((value) => !value)}
            >
              {useRecovery ? t('signIn.useCode') : t('signIn.useRecoveryCode')}
            </Anchor>
          </Stack>
        </form>
      </PublicFrame>
    );
  }

  const ended = session.state.reason === 'ended';
  return (
    <PublicFrame title={t('signIn.title')}>
      {ended ? (
        <Text size="sm" role="status">
          {t('signIn.sessionEnded')}
        </Text>
      ) : null}
      <form
        noValidate
        onSubmit={credentials.onSubmit((values) =>
          run(async () => {
            try {
              const step = await session.signIn(values.email.trim(), values.password);
              if (step.step === 'secondFactor') setChallenge(step.challengeToken);
            } catch (error) {
              if (!showFieldErrors(credentials, error)) throw error;
            }
          }),
        )}
      >
        <Stack>
          <TextInput
            label={t('signIn.email')}
            type="email"
            autoComplete="username"
            required
            {...credentials.getInputProps('email')}
          />
          <PasswordField
            label={t('signIn.password')}
            autoComplete="current-password"
            required
            {...credentials.getInputProps('password')}
          />
          {problem ? <ProblemAlert error={problem} message={refusal(problem)} /> : null}
          <Button type="submit" loading={busy}>
            {t('signIn.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('signIn.forgot')}
          </Anchor>
        </Stack>
      </form>
    </PublicFrame>
  );
}
