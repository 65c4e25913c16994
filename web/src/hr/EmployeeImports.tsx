import '@mantine/dropzone/styles.css';
import {
  Alert,
  Anchor,
  Button,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas, unwrap } from '../api/client';
import { useFormat } from '../i18n';
import { fieldMessage } from '../i18n/field-messages';
import { saveFile } from '../ui/download';
import { Empty, ProblemAlert, QueryState } from '../ui/states';

type EmployeeImport = Schemas['EmployeeImportDto'];
const FINISHED: EmployeeImport['status'][] = ['completed', 'failed'];
/** The API's own ceiling for an import file. */
const MAX_BYTES = 24 * 1024 * 1024;

function ImportProgress({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const run = useQuery({
    queryKey: ['employee-import', id],
    queryFn: () => unwrap(api.GET('/employee-imports/{id}', { params: { path: { id } } })),
    refetchInterval: (query) =>
      query.state.data && FINISHED.includes(query.state.data.status) ? false : 700,
  });
  return (
    <QueryState query={run}>
      {(job) => {
        const share = job.totalRows
          ? Math.round((job.processedRows / job.totalRows) * 100)
          : job.status === 'completed'
            ? 100
            : 0;
        return (
          <Stack gap="sm">
            <Text fw={600}>{job.fileName ?? t('imports.file')}</Text>
            <Progress
              value={share}
              aria-label={t('imports.progress')}
              animated={!FINISHED.includes(job.status)}
              size="lg"
            />
            <Text size="sm" role="status" aria-live="polite">
              {t(`imports.status.${job.status}`)}
              {job.totalRows !== null
                ? ` · ${t('imports.rows', { done: format.number(job.processedRows), total: format.number(job.totalRows) })}`
                : ''}
            </Text>
            {job.failure ? (
              <Alert color="red" title={t('imports.refused')} role="alert">
                {job.failure.field}: {job.failure.message}
              </Alert>
            ) : null}
            {job.status === 'completed' ? (
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                {(['createdCount', 'updatedCount', 'unchangedCount', 'errorCount'] as const).map(
                  (key) => (
                    <div key={key}>
                      <Text size="sm" c="dimmed">
                        {t(`imports.summary.${key}`)}
                      </Text>
                      <Text fw={700}>{format.number(job[key])}</Text>
                    </div>
                  ),
                )}
              </SimpleGrid>
            ) : null}
            {job.errors.length > 0 ? (
              <Table.ScrollContainer minWidth={480}>
                <Table striped>
                  <Table.Caption>{t('imports.badRows')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('imports.line')}</Table.Th>
                      <Table.Th scope="col">{t('imports.column')}</Table.Th>
                      <Table.Th scope="col">{t('imports.reason')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {job.errors.map((error, index) => (
                      <Table.Tr key={`${error.line}-${index}`}>
                        <Table.Td>{error.line}</Table.Td>
                        <Table.Td>{error.field ?? '–'}</Table.Td>
                        <Table.Td>{fieldMessage(error.reason, i18n.language)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ) : null}
          </Stack>
        );
      }}
    </QueryState>
  );
}

/** Bulk enrolment: a CSV file in, progress while it runs, then every bad row with its reason. */
export default function EmployeeImports() {
  const { t } = useTranslation();
  const format = useFormat();
  const queries = useQueryClient();
  const [current, setCurrent] = useState<string | undefined>();
  const [rejected, setRejected] = useState(false);
  const upload = useMutation({
    mutationFn: (file: File) =>
      unwrap(
        api.POST('/employee-imports', {
          params: { query: { fileName: file.name } },
          body: file as unknown as string,
          bodySerializer: (body: unknown) => body as BodyInit,
          headers: { 'Content-Type': 'text/csv' },
        }),
      ),
    onSuccess: (job) => {
      setCurrent(job.id);
      void queries.invalidateQueries({ queryKey: ['employee-imports'] });
    },
  });
  const history = useQuery({
    queryKey: ['employee-imports'],
    queryFn: () => unwrap(api.GET('/employee-imports', { params: { query: { limit: 10 } } })),
  });
  const template = () =>
    saveFile(api.GET('/employee-imports/template', { parseAs: 'blob' }), 'employees-template.csv');
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('imports.title')}</Title>
        <Button variant="default" onClick={() => void template()}>
          {t('imports.template')}
        </Button>
      </Group>
      <Text size="sm">{t('imports.help')}</Text>
      <Dropzone
        onDrop={(files) => {
          setRejected(false);
          if (files[0]) upload.mutate(files[0]);
        }}
        onReject={() => setRejected(true)}
        accept={['text/csv', 'application/vnd.ms-excel', '.csv']}
        maxSize={MAX_BYTES}
        multiple={false}
        loading={upload.isPending}
        aria-label={t('imports.drop')}
      >
        <Stack align="center" gap={4} py="lg">
          <Text fw={600}>{t('imports.drop')}</Text>
          <Text size="sm" c="dimmed">
            {t('imports.dropHelp')}
          </Text>
        </Stack>
      </Dropzone>
      {rejected ? (
        <Alert color="red" role="alert">
          {t('imports.rejected')}
        </Alert>
      ) : null}
      {upload.isError ? <ProblemAlert error={upload.error} /> : null}
      {current ? <ImportProgress id={current} /> : null}
      <Title order={3} size="h4">
        {t('imports.history')}
      </Title>
      <QueryState query={history}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty title={t('imports.noHistory')} />
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('imports.file')}</Table.Th>
                  <Table.Th scope="col">{t('imports.when')}</Table.Th>
                  <Table.Th scope="col">{t('imports.statusLabel')}</Table.Th>
                  <Table.Th scope="col">{t('imports.summary.errorCount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((job) => (
                  <Table.Tr key={job.id}>
                    <Table.Td>
                      <Anchor component="button" type="button" onClick={() => setCurrent(job.id)}>
                        {job.fileName ?? t('imports.file')}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{format.moment(job.createdAt)}</Table.Td>
                    <Table.Td>{t(`imports.status.${job.status}`)}</Table.Td>
                    <Table.Td>{format.number(job.errorCount)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Stack>
  );
}
