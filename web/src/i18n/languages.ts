/** The application's languages: Dutch first (the default), French, English. */
export const LANGUAGES = ['nl', 'fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** How dates and numbers are written for each language (Belgian Dutch and French, British English). */
export const INTL_LOCALE: Record<Language, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
