import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { sampleEmployeeCsv } from '../../src/dev/sample-employee-csv.js';
import {
  CreateEmployeeDto,
  UpdateEmployeeDto,
} from '../../src/modules/employees/dto/employee.dto.js';
import { parseEmployeeCsv } from '../../src/modules/employees/import/employee-csv.js';
import { passwordProblem } from '../../src/modules/identity/password-policy.js';
import { OpenEpisodeDto, RecordWorkStatusDto } from '../../src/modules/episodes/dto/episode.dto.js';
import { UpdateMeDto } from '../../src/modules/identity/dto/auth.dto.js';
import {
  CreateInterventionDto,
  UpdateInterventionDto,
} from '../../src/modules/plans/dto/intervention.dto.js';
import { RecordHoursDto } from '../../src/modules/plans/dto/progress.dto.js';

interface FieldMessages {
  fieldRuleOf(message: string): { rule: string; values: string[] } | undefined;
  fieldMessage(message: string, language: string): string;
}

// Loaded by path: the web application's modules are not part of the API's type-checked program.
const WEB_MODULE = '../../web/src/i18n/field-messages.ts';
const load = async () => (await import(WEB_MODULE)) as FieldMessages;

/** What a careless or hostile form could send for any field: every kind of wrong value. */
const WRONG_VALUES: unknown[] = [
  'x'.repeat(5_000),
  '',
  '2026-02-30',
  -1_000_000,
  1_000_000,
  1.23456,
  true,
  ['a', 'a'],
  Array.from({ length: 500 }, (_, i) => `item-${i}`),
  { nested: 1 },
];

/** Every message the API's validation gives for the HR screens' bodies, however they are filled. */
async function apiMessages(): Promise<string[]> {
  const forms: (new () => object)[] = [
    CreateEmployeeDto,
    UpdateEmployeeDto,
    OpenEpisodeDto,
    RecordWorkStatusDto,
    RecordHoursDto,
    CreateInterventionDto,
    UpdateInterventionDto,
    UpdateMeDto,
  ];
  const messages = new Set<string>();
  const collect = (errors: ValidationError[]) => {
    for (const error of errors) {
      for (const message of Object.values(error.constraints ?? {})) messages.add(message);
      collect(error.children ?? []);
    }
  };
  for (const form of forms) {
    const fields = Object.keys(
      (await validate(plainToInstance(form, {}), { forbidUnknownValues: false })).reduce(
        (all, error) => ({ ...all, [error.property]: true }),
        {} as Record<string, boolean>,
      ),
    );
    for (const value of WRONG_VALUES) {
      const body = Object.fromEntries([...fields, 'unexpected'].map((field) => [field, value]));
      collect(
        await validate(plainToInstance(form, body), {
          whitelist: true,
          forbidNonWhitelisted: true,
        }),
      );
    }
  }
  return [...messages];
}

describe("the API's field messages in the reader's language", () => {
  it('recognises every message the HR screens can receive, and says it in Dutch, French and English', async () => {
    const { fieldRuleOf, fieldMessage } = await load();
    const messages = await apiMessages();
    expect(messages.length).toBeGreaterThan(15);
    const unrecognised = messages.filter((message) => !fieldRuleOf(message));
    expect(unrecognised).toEqual([]);
    for (const message of messages) {
      const said = ['nl', 'fr', 'en'].map((language) => fieldMessage(message, language));
      expect(new Set(said).size).toBe(3);
      for (const text of said) expect(text).not.toBe(message);
    }
  });

  it('recognises every reason the bulk enrolment gives for a bad row', async () => {
    const { fieldRuleOf } = await load();
    const sample = sampleEmployeeCsv(3_000, 0.2, 11);
    const result = parseEmployeeCsv(sample.text);
    if (!result.ok) throw new Error('the sample is an employee file');
    const reasons = [...new Set(result.errors.map((error) => error.reason))];
    expect(reasons.length).toBeGreaterThan(5);
    expect(reasons.filter((reason) => !fieldRuleOf(reason))).toEqual([]);
  });

  it('recognises every password rule', async () => {
    const { fieldRuleOf } = await load();
    const problems = [
      passwordProblem('kort'),
      passwordProblem('x'.repeat(300)),
      passwordProblem('wachtwoord1234'),
      passwordProblem('aaaabbbbaaaabbbb'),
      passwordProblem('jan.peeters-2026!', 'jan.peeters@example.be'),
    ];
    expect(problems.every((problem) => problem !== undefined)).toBe(true);
    for (const problem of problems) {
      expect(fieldRuleOf(`password ${problem}`)).toBeDefined();
      expect(fieldRuleOf(problem!)).toBeDefined();
    }
  });

  it('writes limits as the language does and keeps what it does not recognise', async () => {
    const { fieldMessage } = await load();
    expect(fieldMessage('contractHours must not be greater than 60.5', 'nl')).toBe(
      'Hoogstens 60,5.',
    );
    expect(fieldMessage('must be from 0.5 to 60', 'fr')).toBe('De 0,5 à 60.');
    expect(fieldMessage('duplicates line 12', 'en')).toBe('Same employee number as line 12.');
    expect(fieldMessage('birthYear must not be less than 1900', 'nl')).toBe('Minstens 1900.');
    expect(fieldMessage('region must be a NUTS code such as BE2 or NL3', 'nl')).toBe(
      'region must be a NUTS code such as BE2 or NL3',
    );
  });
});
