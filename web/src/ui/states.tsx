import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/problem';
import { problemMessage } from '../i18n';

/** While a screen's data is on its way. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" aria-hidden />
        <Text>{label ?? t('common.loading')}</Text>
      </Group>
    </Center>
  );
}

/** A screen or list with nothing to show yet, and what to do about it. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" py="xl">
      <Text fw={600}>{title}</Text>
      {children ? <Text c="dimmed">{children}</Text> : null}
    </Stack>
  );
}

/** A refusal or failure of the API, in the reader's language, with its reference. */
export function ProblemAlert({
  error,
  onRetry,
  title,
  message,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
  /** What the screen knows better than the code says (a refused sign-in). */
  message?: string;
}) {
  const { t, i18n } = useTranslation();
  const problem = error instanceof ApiProblem ? error : undefined;
  return (
    <Alert color="red" variant="light" title={title ?? t('common.problemTitle')} role="alert">
      <Stack gap="xs">
        <Text size="sm">
          {message ??
            (problem ? problemMessage(problem.code, i18n.language) : t('common.unexpected'))}
        </Text>
        {problem?.retryAfterSeconds ? (
          <Text size="sm">{t('common.retryAfter', { count: problem.retryAfterSeconds })}</Text>
        ) : null}
        {problem?.correlationId ? (
          <Text size="xs" c="dimmed">
            {t('common.reference', { id: problem.correlationId })}
          </Text>
        ) : null}
        {onRetry ? (
          <Group>
            <Button size="xs" variant="default" onClick={onRetry}>
              {t('common.retry')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Alert>
  );
}

/** The three states of a query, so no screen forgets one. */
export function QueryState<T>({
  query,
  children,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: T | undefined;
    refetch: () => unknown;
  };
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError || query.data === undefined)
    return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
