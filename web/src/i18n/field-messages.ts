import { INTL_LOCALE, isLanguage, type Language } from './languages';

/**
 * The API's field messages are English sentences that start with the field's name (class-validator's
 * wording, and the platform's own for dates, decimals and codes). Shown on the field itself, they
 * are recognised here and said in the reader's language, without the field's name; a message not
 * recognised is shown as the API wrote it. test/web/field-messages.spec.ts runs the API's own
 * validators to check that every rule the API uses is recognised.
 */
const RULES = [
  ['min', /^\S+ must not be less than (-?[\d.]+)$/],
  ['max', /^\S+ must not be greater than (-?[\d.]+)$/],
  ['minLength', /^\S+ must be longer than or equal to (\d+) characters?$/],
  ['maxLength', /^\S+ must be shorter than or equal to (\d+) characters?$/],
  ['oneOf', /^\S+ must be one of the following values: (.*)$/],
  ['text', /^\S+ must be a string$/],
  ['wholeNumber', /^\S+ must be an integer number$/],
  ['number', /^\S+ must be a number conforming to the specified constraints$/],
  ['decimals', /^\S+ must be a number with at most (\d+) decimals?$/],
  ['calendarDate', /^\S+ must be a calendar date \(YYYY-MM-DD\)$/],
  ['identifier', /^\S+ must be a UUID$/],
  ['list', /^\S+ must be an array$/],
  ['atMostItems', /^\S+ must contain no more than (\d+) elements$/],
  ['atLeastItems', /^\S+ must contain at least (\d+) elements$/],
  ['distinctItems', /^All \S+'s elements must be unique$/],
  ['yesNo', /^\S+ must be a boolean value$/],
  ['email', /^\S+ must be an email$/],
  ['object', /^\S+ must be an object$/],
  ['notExpected', /^property \S+ should not exist$/],
  ['sixDigits', /^\S+ must be six digits$/],
  ['employeeNumber', /^(?:employeeNumber )?must be 1-40 letters, digits or \. _ \/ -$/],
  // The password rules (identity/password-policy.ts).
  ['minLength', /^(?:\S+ )?must be at least (\d+) characters long$/],
  ['maxLength', /^(?:\S+ )?must be at most (\d+) characters long$/],
  ['commonPassword', /^(?:\S+ )?is a commonly used password; choose another$/],
  ['repetitivePassword', /^(?:\S+ )?is too repetitive; choose another$/],
  ['passwordWithEmail', /^(?:\S+ )?must not contain your e-mail address$/],
  // The bulk enrolment's reasons for a bad row (the column is shown beside them).
  ['required', /^is required$/],
  ['maxLength', /^must be at most (\d+) characters$/],
  ['wholeNumber', /^must be a whole number$/],
  ['number', /^must be a number$/],
  ['decimals', /^must have at most (one) decimal$/],
  ['between', /^must be from (-?[\d.]+) to (-?[\d.]+)$/],
  ['duplicateOf', /^duplicates line (\d+)$/],
  [
    'unknownCodes',
    /^codes? ([\d, ]+) (?:is|are) not one of (.*) \(separate codes with \| or a space\)$/,
  ],
  ['repeatedCode', /^must not list a code twice$/],
  ['fieldCount', /^expected (\d+) fields, found (\d+)$/],
  ['textAfterQuote', /^has text after the closing quote$/],
] as const satisfies readonly (readonly [string, RegExp])[];

export type FieldRule = (typeof RULES)[number][0];

type Say = (...values: string[]) => string;

const MESSAGES: Record<Language, Record<FieldRule, Say>> = {
  nl: {
    min: (n) => `Minstens ${n}.`,
    max: (n) => `Hoogstens ${n}.`,
    minLength: (n) => `Minstens ${n} tekens.`,
    maxLength: (n) => `Hoogstens ${n} tekens.`,
    oneOf: (values) => `Kies een van: ${values}.`,
    text: () => 'Vul een tekst in.',
    wholeNumber: () => 'Vul een geheel getal in.',
    number: () => 'Vul een getal in.',
    decimals: (n) => `Een getal met hoogstens ${n === 'one' ? 1 : n} cijfer(s) na de komma.`,
    calendarDate: () => 'Vul een bestaande datum in.',
    identifier: () => 'Kies een geldig item.',
    list: () => 'Een lijst verwacht.',
    atMostItems: (n) => `Hoogstens ${n} items.`,
    atLeastItems: (n) => `Minstens ${n} items.`,
    distinctItems: () => 'Elk item mag maar één keer voorkomen.',
    yesNo: () => 'Kies ja of nee.',
    email: () => 'Vul een geldig e-mailadres in.',
    object: () => 'Ongeldige waarde.',
    notExpected: () => 'Dit veld hoort hier niet.',
    sixDigits: () => 'Vul de zes cijfers in.',
    employeeNumber: () => 'Eén tot veertig letters, cijfers of . _ / -',
    required: () => 'Verplicht in te vullen.',
    commonPassword: () => 'Dit wachtwoord wordt veel gebruikt; kies een ander.',
    repetitivePassword: () => 'Dit wachtwoord is te eentonig; kies een ander.',
    passwordWithEmail: () => 'Het wachtwoord mag uw e-mailadres niet bevatten.',
    between: (low, high) => `Van ${low} tot ${high}.`,
    duplicateOf: (line) => `Zelfde personeelsnummer als regel ${line}.`,
    unknownCodes: (positions, codes) => `Onbekende code op plaats ${positions}; gebruik ${codes}.`,
    repeatedCode: () => 'Een code staat er twee keer in.',
    fieldCount: (expected, found) => `${expected} kolommen verwacht, ${found} gevonden.`,
    textAfterQuote: () => 'Tekst na het sluitende aanhalingsteken.',
  },
  fr: {
    min: (n) => `Au moins ${n}.`,
    max: (n) => `Au plus ${n}.`,
    minLength: (n) => `Au moins ${n} caractères.`,
    maxLength: (n) => `Au plus ${n} caractères.`,
    oneOf: (values) => `Choisissez parmi : ${values}.`,
    text: () => 'Saisissez un texte.',
    wholeNumber: () => 'Saisissez un nombre entier.',
    number: () => 'Saisissez un nombre.',
    decimals: (n) => `Un nombre avec au plus ${n === 'one' ? 1 : n} décimale(s).`,
    calendarDate: () => 'Saisissez une date existante.',
    identifier: () => 'Choisissez un élément valide.',
    list: () => 'Une liste est attendue.',
    atMostItems: (n) => `Au plus ${n} éléments.`,
    atLeastItems: (n) => `Au moins ${n} éléments.`,
    distinctItems: () => 'Chaque élément ne peut figurer qu’une fois.',
    yesNo: () => 'Choisissez oui ou non.',
    email: () => 'Saisissez une adresse e-mail valide.',
    object: () => 'Valeur non valide.',
    notExpected: () => 'Ce champ n’est pas attendu ici.',
    sixDigits: () => 'Saisissez les six chiffres.',
    employeeNumber: () => 'Un à quarante lettres, chiffres ou . _ / -',
    required: () => 'Obligatoire.',
    commonPassword: () => 'Ce mot de passe est trop courant ; choisissez-en un autre.',
    repetitivePassword: () => 'Ce mot de passe est trop répétitif ; choisissez-en un autre.',
    passwordWithEmail: () => 'Le mot de passe ne peut pas contenir votre adresse e-mail.',
    between: (low, high) => `De ${low} à ${high}.`,
    duplicateOf: (line) => `Même matricule qu’à la ligne ${line}.`,
    unknownCodes: (positions, codes) =>
      `Code inconnu en position ${positions} ; utilisez ${codes}.`,
    repeatedCode: () => 'Un code figure deux fois.',
    fieldCount: (expected, found) => `${expected} colonnes attendues, ${found} trouvées.`,
    textAfterQuote: () => 'Du texte suit le guillemet fermant.',
  },
  en: {
    min: (n) => `At least ${n}.`,
    max: (n) => `At most ${n}.`,
    minLength: (n) => `At least ${n} characters.`,
    maxLength: (n) => `At most ${n} characters.`,
    oneOf: (values) => `Choose one of: ${values}.`,
    text: () => 'Enter a text.',
    wholeNumber: () => 'Enter a whole number.',
    number: () => 'Enter a number.',
    decimals: (n) => `A number with at most ${n === 'one' ? 1 : n} decimal place(s).`,
    calendarDate: () => 'Enter a date that exists.',
    identifier: () => 'Choose a valid item.',
    list: () => 'A list is expected.',
    atMostItems: (n) => `At most ${n} items.`,
    atLeastItems: (n) => `At least ${n} items.`,
    distinctItems: () => 'Each item may appear only once.',
    yesNo: () => 'Choose yes or no.',
    email: () => 'Enter a valid e-mail address.',
    object: () => 'Invalid value.',
    notExpected: () => 'This field does not belong here.',
    sixDigits: () => 'Enter the six digits.',
    employeeNumber: () => 'One to forty letters, digits or . _ / -',
    required: () => 'Required.',
    commonPassword: () => 'This password is commonly used; choose another.',
    repetitivePassword: () => 'This password is too repetitive; choose another.',
    passwordWithEmail: () => 'The password must not contain your e-mail address.',
    between: (low, high) => `From ${low} to ${high}.`,
    duplicateOf: (line) => `Same employee number as line ${line}.`,
    unknownCodes: (positions, codes) => `Unknown code at position ${positions}; use ${codes}.`,
    repeatedCode: () => 'A code is listed twice.',
    fieldCount: (expected, found) => `${expected} columns expected, ${found} found.`,
    textAfterQuote: () => 'Text after the closing quote.',
  },
};

/** The rule an API field message states, with its values (limits, lines, allowed values). */
export function fieldRuleOf(message: string): { rule: FieldRule; values: string[] } | undefined {
  for (const [rule, pattern] of RULES) {
    const match = pattern.exec(message);
    if (match) return { rule, values: match.slice(1) };
  }
  return undefined;
}

/** An API field message in the reader's language (numbers written as there), or as it came. */
export function fieldMessage(message: string, language: string): string {
  const found = fieldRuleOf(message);
  if (!found || !isLanguage(language)) return message;
  const number = new Intl.NumberFormat(INTL_LOCALE[language], { useGrouping: false }); // years too
  const values = found.values.map((value) =>
    /^-?\d+(\.\d+)?$/.test(value) ? number.format(Number(value)) : value,
  );
  return MESSAGES[language][found.rule](...values);
}
