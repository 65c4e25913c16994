import {
  Badge,
  Button,
  Group,
  Menu,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../ui/Dialog';
import { useNavigate, useSearchParams } from 'react-router';
import { api, type Schemas, unwrap } from '../api/client';
import { useFormat } from '../i18n';
import { showFieldErrors } from '../ui/forms';
import { notifyDone } from '../ui/notify';
import { Pager } from '../ui/Pager';
import { Empty, ProblemAlert, QueryState } from '../ui/states';
import { EmployeeForm } from './EmployeeForm';
import { OpenEpisodeForm } from './OpenEpisodeForm';

type Employee = Schemas['EmployeeDto'];
const PAGE = 25;

type OpenDialog =
  { kind: 'enrol' } | { kind: 'edit' | 'episode' | 'leaver'; employee: Employee } | undefined;

function LeaverForm({
  employee,
  onSaved,
}: {
  employee: Employee;
  onSaved: (saved: Employee) => void;
}) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<unknown>();
  const form = useForm({ initialValues: { leftOn: new Date().toISOString().slice(0, 10) } });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async ({ leftOn }) => {
        setProblem(undefined);
        try {
          onSaved(
            await unwrap(
              api.POST('/employees/{id}/deactivate', {
                params: { path: { id: employee.id } },
                body: { leftOn },
              }),
            ),
          );
        } catch (error) {
          if (!showFieldErrors(form, error)) setProblem(error);
        }
      })}
    >
      <Stack>
        <Text size="sm">{t('employees.leaverText', { name: employee.fullName })}</Text>
        <TextInput
          type="date"
          label={t('employees.leftOn')}
          required
          {...form.getInputProps('leftOn')}
        />
        {problem ? <ProblemAlert error={problem} /> : null}
        <Group justify="flex-end">
          <Button type="submit" color="red" loading={form.submitting}>
            {t('employees.recordLeaver')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The employer's employees: search, enrol, change, record a leaver, open an episode. */
export default function Employees() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [params, setParams] = useSearchParams();
  const offset = Number(params.get('offset') ?? 0) || 0;
  const active = params.get('active') ?? 'true';
  const [search, setSearch] = useState(params.get('search') ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [dialog, setDialog] = useState<OpenDialog>();
  const employees = useQuery({
    queryKey: ['employees', debounced, active, offset],
    queryFn: () =>
      unwrap(
        api.GET('/employees', {
          params: {
            query: {
              limit: PAGE,
              offset,
              search: debounced || undefined,
              active: active === 'all' ? undefined : active === 'true',
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const saved = (message: string) => {
    setDialog(undefined);
    notifyDone(message);
    void queries.invalidateQueries({ queryKey: ['employees'] });
  };
  const update = (next: Record<string, string>) =>
    setParams({ ...Object.fromEntries(params), offset: '0', ...next });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('employees.title')}</Title>
        <Button onClick={() => setDialog({ kind: 'enrol' })}>{t('employees.enrol')}</Button>
      </Group>
      <Group align="end">
        <TextInput
          label={t('employees.search')}
          description={t('employees.searchHelp')}
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            if (offset !== 0) update({ offset: '0' });
          }}
          type="search"
          w={320}
        />
        <SegmentedControl
          aria-label={t('employees.filter')}
          value={active}
          onChange={(value) => update({ active: value })}
          data={[
            { value: 'true', label: t('employees.active') },
            { value: 'false', label: t('employees.leavers') },
            { value: 'all', label: t('employees.all') },
          ]}
        />
      </Group>
      <QueryState query={employees}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty title={debounced ? t('employees.noMatch') : t('employees.empty')}>
              {t('employees.emptyHelp')}
            </Empty>
          ) : (
            <>
              <Table.ScrollContainer minWidth={720}>
                <Table striped highlightOnHover>
                  <Table.Caption>{t('employees.caption')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('employee.name')}</Table.Th>
                      <Table.Th scope="col">{t('employee.number')}</Table.Th>
                      <Table.Th scope="col">{t('employee.jobTitle')}</Table.Th>
                      <Table.Th scope="col">{t('employee.department')}</Table.Th>
                      <Table.Th scope="col">{t('employee.contractHours')}</Table.Th>
                      <Table.Th scope="col">
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {page.items.map((employee) => (
                      <Table.Tr key={employee.id}>
                        <Table.Td>
                          {employee.fullName}{' '}
                          {!employee.active ? (
                            <Badge color="gray" size="sm">
                              {t('employees.left', { date: format.date(employee.leftOn) })}
                            </Badge>
                          ) : null}
                        </Table.Td>
                        <Table.Td>{employee.employeeNumber}</Table.Td>
                        <Table.Td>{employee.jobTitle}</Table.Td>
                        <Table.Td>{employee.department ?? '–'}</Table.Td>
                        <Table.Td>{format.number(employee.contractHours)}</Table.Td>
                        <Table.Td>
                          <Menu position="bottom-end">
                            <Menu.Target>
                              <Button
                                size="xs"
                                variant="default"
                                aria-label={t('employees.actionsFor', { name: employee.fullName })}
                              >
                                {t('common.actions')}
                              </Button>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item onClick={() => setDialog({ kind: 'edit', employee })}>
                                {t('employees.edit')}
                              </Menu.Item>
                              <Menu.Item
                                disabled={!employee.active}
                                onClick={() => setDialog({ kind: 'episode', employee })}
                              >
                                {t('episode.open')}
                              </Menu.Item>
                              <Menu.Item
                                disabled={!employee.active}
                                color="red"
                                onClick={() => setDialog({ kind: 'leaver', employee })}
                              >
                                {t('employees.recordLeaver')}
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Pager
                total={page.total}
                limit={PAGE}
                offset={offset}
                onOffset={(next) => update({ offset: String(next) })}
              />
            </>
          )
        }
      </QueryState>
      {employees.isError && employees.data ? <ProblemAlert error={employees.error} /> : null}

      <Dialog
        opened={dialog !== undefined}
        onClose={() => setDialog(undefined)}
        title={
          dialog?.kind === 'enrol'
            ? t('employees.enrol')
            : dialog?.kind === 'edit'
              ? t('employees.editTitle', { name: dialog.employee.fullName })
              : dialog?.kind === 'episode'
                ? t('episode.openFor', { name: dialog.employee.fullName })
                : dialog?.kind === 'leaver'
                  ? t('employees.recordLeaver')
                  : ''
        }
        size="lg"
      >
        {dialog?.kind === 'enrol' ? (
          <EmployeeForm onSaved={(e) => saved(t('employees.enrolled', { name: e.fullName }))} />
        ) : null}
        {dialog?.kind === 'edit' ? (
          <EmployeeForm
            employee={dialog.employee}
            onSaved={(e) => saved(t('employees.saved', { name: e.fullName }))}
          />
        ) : null}
        {dialog?.kind === 'leaver' ? (
          <LeaverForm
            employee={dialog.employee}
            onSaved={(e) => saved(t('employees.leaverSaved', { name: e.fullName }))}
          />
        ) : null}
        {dialog?.kind === 'episode' ? (
          <OpenEpisodeForm
            employeeId={dialog.employee.id}
            onOpened={(episode) => {
              setDialog(undefined);
              void queries.invalidateQueries({ queryKey: ['dashboard'] });
              void navigate(`/episodes/${episode.id}`);
            }}
          />
        ) : null}
      </Dialog>
    </Stack>
  );
}
