import { registerDecorator, type ValidationArguments } from 'class-validator';
import type { FieldError } from '../errors/domain-error.js';
import { findClinicalTerms } from './clinical-vocabulary.js';

/** The name of the constraint, by which the validation pipe recognises a refusal of this kind. */
export const FUNCTIONAL_TEXT = 'functionalText';

/** One text of the field that holds clinical terms: its index in a list (if any) and the terms. */
interface ClinicalText {
  index?: number;
  terms: string[];
}

function clinicalTexts(value: unknown): ClinicalText[] {
  if (typeof value === 'string') {
    const terms = findClinicalTerms(value);
    return terms.length ? [{ terms }] : [];
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown, index) => {
    const terms = typeof item === 'string' ? findClinicalTerms(item) : [];
    return terms.length ? [{ index, terms }] : [];
  });
}

/**
 * Free text that HR or the employee reads (a string or a list of strings) must state limitations
 * and arrangements in functional terms: a text holding clinical vocabulary (a diagnosis, a body
 * region, a symptom, an instrument, an ICD-10 or ICPC-2 code, a vertebral level) is refused,
 * whoever writes it. Other types are left to the property's other validators.
 *
 * The refusal names each text and its terms. A constraint has one message per property, so the
 * texts are passed to the validation pipe in it, encoded, and `clinicalTextErrors` turns them into
 * one field error per text (`tasksAvoided.2`).
 */
export function FunctionalText(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: FUNCTIONAL_TEXT,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => clinicalTexts(value).length === 0,
        defaultMessage: (args?: ValidationArguments) => JSON.stringify(clinicalTexts(args?.value)),
      },
    });
}

/**
 * The field errors of a `FunctionalText` refusal of `field` (its dotted path in the request). The
 * terms are those the writer sent: naming them tells the writer what to rephrase.
 */
export function clinicalTextErrors(field: string, message: string): FieldError[] {
  let texts: ClinicalText[];
  try {
    texts = JSON.parse(message) as ClinicalText[];
  } catch {
    return [{ field, message }];
  }
  return texts.map(({ index, terms }) => {
    const path = index === undefined ? field : `${field}.${index}`;
    const quoted = terms.map((term) => `"${term}"`).join(', ');
    return {
      field: path,
      quotesRequest: true,
      message: `${path} contains ${quoted}, ${terms.length === 1 ? 'a clinical term' : 'clinical terms'}: describe the limitation in functional terms (kg, minutes, postures, tasks)`,
    };
  });
}
