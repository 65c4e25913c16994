import i18n from 'i18next';
import { useMemo } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en } from './en';
import { fr } from './fr';
import { nl } from './nl';
import { INTL_LOCALE, isLanguage, type Language } from './languages';
import { PROBLEM_MESSAGES, type ProblemCode } from './problems';

export { INTL_LOCALE, isLanguage, type Language, LANGUAGES } from './languages';

const STORED = 'rtw.language';

/** Before sign-in: the language chosen on this browser, else the browser's, else Dutch. */
function initialLanguage(): Language {
  const stored = localStorage.getItem(STORED);
  if (isLanguage(stored)) return stored;
  const browser = navigator.language.slice(0, 2);
  return isLanguage(browser) ? browser : 'nl';
}

export function rememberLanguage(language: Language): void {
  localStorage.setItem(STORED, language);
  document.documentElement.lang = language;
  void i18n.changeLanguage(language);
}

void i18n.use(initReactI18next).init({
  resources: { nl: { translation: nl }, fr: { translation: fr }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: false,
  interpolation: { escapeValue: false },
  // A missing key shows itself (the browser tests look for them), never another language.
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export function problemMessage(code: ProblemCode, language: string): string {
  return PROBLEM_MESSAGES[isLanguage(language) ? language : 'nl'][code];
}

/** Formatters for the current language: dates, numbers, hours and percentages. */
export function useFormat() {
  const { i18n: current } = useTranslation();
  const locale = INTL_LOCALE[isLanguage(current.language) ? current.language : 'nl'];
  return useMemo(() => {
    const day = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const moment = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
    return {
      locale,
      /** A calendar day of the API (`2026-11-02`). */
      date: (value: string | null | undefined) =>
        value ? day.format(new Date(`${value.slice(0, 10)}T00:00:00Z`)) : '–',
      /** A moment (ISO timestamp) in the browser's time zone. */
      moment: (value: string | null | undefined) => (value ? moment.format(new Date(value)) : '–'),
      number: (value: number) => number.format(value),
      money: (value: number) => money.format(value),
      /** A share from 0 to 100. */
      percent: (value: number) => percent.format(value / 100),
      /** Days from today to a calendar day, in words ("in 3 days", "2 days ago"). */
      fromToday: (value: string) => {
        const today = new Date();
        const start = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
        const days = Math.round(
          (Date.parse(`${value.slice(0, 10)}T00:00:00Z`) - start) / 86_400_000,
        );
        return relative.format(days, 'day');
      },
    };
  }, [locale]);
}

export default i18n;
