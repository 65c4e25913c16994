import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { showFieldErrors } from '../ui/forms';
import { ProblemAlert } from '../ui/states';
import { PublicFrame } from './PublicFrame';

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const form = useForm({ initialValues: { email: '' } });
  return (
    <PublicFrame title={t('forgot.title')}>
      {sent ? (
        <Text role="status">{t('forgot.sent')}</Text>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit(async ({ email }) => {
            setProblem(undefined);
            try {
              await unwrap(api.POST('/auth/password-reset', { body: { email: email.trim() } }));
              setSent(true);
            } catch (error) {
              if (!showFieldErrors(form, error)) setProblem(error);
            }
          })}
        >
          <Stack>
            <Text size="sm">{t('forgot.text')}</Text>
            <TextInput
              label={t('signIn.email')}
              type="email"
              autoComplete="username"
              required
              {...form.getInputProps('email')}
            />
            {problem ? <ProblemAlert error={problem} /> : null}
            <Button type="submit" loading={form.submitting}>
              {t('forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/sign-in" size="sm">
        {t('forgot.back')}
      </Anchor>
    </PublicFrame>
  );
}
