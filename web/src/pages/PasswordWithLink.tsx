import { Anchor, Button, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, type Schemas, unwrap } from '../api/client';
import { ApiProblem } from '../api/problem';
import { useSession } from '../auth/session';
import { showFieldErrors } from '../ui/forms';
import { PasswordField } from '../ui/PasswordField';
import { ProblemAlert } from '../ui/states';
import { PublicFrame } from './PublicFrame';

/** The token of an e-mailed link sits in the fragment (`#token=`), which no server ever sees. */
function linkToken(): string | undefined {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? undefined;
}

function PasswordForm({ purpose }: { purpose: 'invitation' | 'reset' }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [token] = useState(linkToken);
  const [problem, setProblem] = useState<unknown>();
  const [done, setDone] = useState(false);
  const form = useForm({
    initialValues: { password: '', repeat: '' },
    validate: {
      password: (value) => (value.length >= 12 ? null : t('password.tooShort')),
      repeat: (value, values) => (value === values.password ? null : t('password.mismatch')),
    },
  });
  const deadLink = problem instanceof ApiProblem && problem.status === 401;
  const title = t(purpose === 'invitation' ? 'password.invitationTitle' : 'password.resetTitle');
  if (!token) {
    return (
      <PublicFrame title={title}>
        <Text role="alert">{t('password.noToken')}</Text>
        <Anchor component={Link} to="/sign-in">
          {t('forgot.back')}
        </Anchor>
      </PublicFrame>
    );
  }
  if (done) {
    return (
      <PublicFrame title={title}>
        <Text role="status">{t('password.invitationDone')}</Text>
        <Button component={Link} to="/sign-in">
          {t('signIn.submit')}
        </Button>
      </PublicFrame>
    );
  }
  return (
    <PublicFrame title={title}>
      <form
        noValidate
        onSubmit={form.onSubmit(async ({ password }) => {
          setProblem(undefined);
          try {
            if (purpose === 'invitation') {
              await unwrap(api.POST('/auth/invitations/accept', { body: { token, password } }));
              setDone(true);
              return;
            }
            const answer = await unwrap(
              api.POST('/auth/password-reset/confirm', {
                body: { token, password },
                headers: { 'x-refresh-transport': 'cookie' },
              }),
            );
            if ('challengeToken' in answer) {
              // A second factor follows: sign in again with the new password.
              void navigate('/sign-in', { replace: true });
              return;
            }
            await session.begin(answer as Schemas['TokensDto']);
            void navigate('/', { replace: true });
          } catch (error) {
            if (!showFieldErrors(form, error)) setProblem(error);
          }
        })}
      >
        <Stack>
          <Text size="sm">{t('password.rules')}</Text>
          <PasswordField
            label={t('password.new')}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <PasswordField
            label={t('password.repeat')}
            autoComplete="new-password"
            required
            {...form.getInputProps('repeat')}
          />
          {problem ? (
            <ProblemAlert
              error={problem}
              // The API refuses a used or expired link as unauthenticated: "sign in" would mislead.
              message={deadLink ? t('password.linkDead') : undefined}
            />
          ) : null}
          {deadLink ? (
            purpose === 'reset' ? (
              <Anchor component={Link} to="/forgot-password">
                {t('password.newReset')}
              </Anchor>
            ) : (
              <Text size="sm">{t('password.newInvitation')}</Text>
            )
          ) : null}
          <Button type="submit" loading={form.submitting}>
            {t('password.save')}
          </Button>
        </Stack>
      </form>
    </PublicFrame>
  );
}

export const AcceptInvitationPage = () => <PasswordForm purpose="invitation" />;
export const ResetPasswordPage = () => <PasswordForm purpose="reset" />;
