import {
  Alert,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ifMatch, type Schemas, unwrap } from '../api/client';
import { ApiProblem } from '../api/problem';
import { useFormat } from '../i18n';
import { showFieldErrors } from '../ui/forms';
import { ProblemAlert } from '../ui/states';

type Employee = Schemas['EmployeeDto'];
type Demand = Employee['physicalDemands'][number];
const DEMANDS: Demand[] = ['lifting', 'sitting', 'standing', 'screen_work', 'repetitive_arm_work'];

interface Values {
  employeeNumber: string;
  fullName: string;
  birthYear: number | string;
  contractHours: number | string;
  jobTitle: string;
  department: string;
  physicalDemands: string[];
}

const valuesOf = (employee?: Employee): Values => ({
  employeeNumber: employee?.employeeNumber ?? '',
  fullName: employee?.fullName ?? '',
  birthYear: employee?.birthYear ?? '',
  contractHours: employee?.contractHours ?? 38,
  jobTitle: employee?.jobTitle ?? '',
  department: employee?.department ?? '',
  physicalDemands: employee?.physicalDemands ?? [],
});

/**
 * Enrols an employee, or changes one. A change made meanwhile by someone else is shown with the
 * current values, and this change can be applied on top of them.
 */
export function EmployeeForm({
  employee,
  onSaved,
}: {
  employee?: Employee;
  onSaved: (saved: Employee) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [problem, setProblem] = useState<unknown>();
  const [base, setBase] = useState<Employee | undefined>(employee);
  const [conflict, setConflict] = useState<Employee | undefined>();
  const form = useForm<Values>({
    initialValues: valuesOf(employee),
    validate: {
      employeeNumber: (value) => (value.trim() ? null : t('common.required')),
      fullName: (value) => (value.trim() ? null : t('common.required')),
      jobTitle: (value) => (value.trim() ? null : t('common.required')),
      birthYear: (value) => (value === '' ? t('common.required') : null),
      contractHours: (value) => (value === '' ? t('common.required') : null),
    },
  });

  const save = async (values: Values, against: Employee | undefined) => {
    setProblem(undefined);
    const common = {
      fullName: values.fullName.trim(),
      contractHours: Number(values.contractHours),
      jobTitle: values.jobTitle.trim(),
      department: values.department.trim() || undefined,
      physicalDemands: values.physicalDemands as Demand[],
    };
    // A change sends only what this person changed, so re-applying it on a version someone else
    // changed meanwhile keeps their changes to the other fields.
    const before = valuesOf(employee);
    const changed = Object.fromEntries(
      Object.entries(common).filter(
        ([key]) =>
          JSON.stringify(values[key as keyof Values]) !==
          JSON.stringify(before[key as keyof Values]),
      ),
    );
    try {
      const saved = against
        ? await unwrap(
            api.PATCH('/employees/{id}', {
              params: { path: { id: against.id }, header: ifMatch(against.version) },
              body: changed,
            }),
          )
        : await unwrap(
            api.POST('/employees', {
              body: {
                ...common,
                employeeNumber: values.employeeNumber.trim(),
                birthYear: Number(values.birthYear),
              },
            }),
          );
      setConflict(undefined);
      onSaved(saved);
    } catch (error) {
      if (against && error instanceof ApiProblem && error.status === 412) {
        const current = await unwrap(
          api.GET('/employees/{id}', { params: { path: { id: against.id } } }),
        );
        setConflict(current);
        return;
      }
      if (!showFieldErrors(form, error)) setProblem(error);
    }
  };

  return (
    <form noValidate onSubmit={form.onSubmit((values) => save(values, base))}>
      <Stack>
        {conflict ? (
          <Alert color="orange" title={t('conflict.title')} role="alert">
            <Stack gap="xs">
              <Text size="sm">{t('conflict.text')}</Text>
              <Table withRowBorders={false} aria-label={t('conflict.current')}>
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th scope="row">{t('employee.name')}</Table.Th>
                    <Table.Td>{conflict.fullName}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th scope="row">{t('employee.jobTitle')}</Table.Th>
                    <Table.Td>{conflict.jobTitle}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th scope="row">{t('employee.contractHours')}</Table.Th>
                    <Table.Td>{format.number(conflict.contractHours)}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th scope="row">{t('employee.department')}</Table.Th>
                    <Table.Td>{conflict.department ?? '–'}</Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
              <Group>
                <Button
                  size="xs"
                  onClick={() => {
                    setBase(conflict);
                    void save(form.getValues(), conflict);
                  }}
                >
                  {t('conflict.reapply')}
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => {
                    setBase(conflict);
                    form.setValues(valuesOf(conflict));
                    setConflict(undefined);
                  }}
                >
                  {t('conflict.discard')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        <TextInput
          label={t('employee.number')}
          required
          disabled={Boolean(employee)}
          {...form.getInputProps('employeeNumber')}
        />
        <TextInput label={t('employee.name')} required {...form.getInputProps('fullName')} />
        <NumberInput
          label={t('employee.birthYear')}
          required
          disabled={Boolean(employee)}
          min={1900}
          max={2100}
          clampBehavior="none"
          allowDecimal={false}
          {...form.getInputProps('birthYear')}
        />
        <NumberInput
          label={t('employee.contractHours')}
          description={t('employee.contractHoursHelp')}
          required
          min={0.5}
          max={60}
          step={0.5}
          decimalScale={1}
          {...form.getInputProps('contractHours')}
        />
        <TextInput label={t('employee.jobTitle')} required {...form.getInputProps('jobTitle')} />
        <TextInput label={t('employee.department')} {...form.getInputProps('department')} />
        <MultiSelect
          label={t('employee.physicalDemands')}
          data={DEMANDS.map((demand) => ({ value: demand, label: t(`employee.demand.${demand}`) }))}
          {...form.getInputProps('physicalDemands')}
        />
        {problem ? <ProblemAlert error={problem} /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {employee ? t('common.save') : t('employees.enrol')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
