import i18n from 'i18next';
import { ApiProblem } from '../api/problem';
import { fieldMessage } from '../i18n/field-messages';

/**
 * Puts the API's field errors on the form's fields (a nested field error lands on the form field
 * it belongs to), in the reader's language. Answers whether every error found a field; the rest go in the form's alert.
 */
export function showFieldErrors(
  form: { getValues(): object; setErrors(errors: Record<string, string>): void },
  error: unknown,
): boolean {
  if (!(error instanceof ApiProblem) || error.fieldErrors.length === 0) return false;
  const fields = Object.keys(form.getValues());
  let placed = 0;
  const messages: Record<string, string[]> = {};
  for (const { field, message } of error.fieldErrors) {
    const owner = fields.find((name) => field === name || field.startsWith(`${name}.`));
    if (!owner) continue;
    (messages[owner] ??= []).push(fieldMessage(message, i18n.language));
    placed += 1;
  }
  form.setErrors(Object.fromEntries(Object.entries(messages).map(([k, v]) => [k, v.join(' ')])));
  return placed === error.fieldErrors.length;
}
