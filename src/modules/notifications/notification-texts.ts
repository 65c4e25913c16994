/**
 * What each notification kind says, in the reader's language. Texts name the action and never any
 * clinical fact: a notification can be read on a shared screen or forwarded by e-mail.
 */
export const NOTIFICATION_KINDS = [
  'urgent_referral',
  'red_flags_cleared',
  'questionnaire_assigned',
  'employee_import_finished',
  'plan_submitted',
  'plan_changes_requested',
  'plan_approved',
  'plan_to_acknowledge',
  'plan_to_agree',
  'checkpoint_scheduled',
  'checkpoint_due_soon',
  'checkpoint_overdue',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_LOCALES = ['nl', 'fr', 'en'] as const;
export type NotificationLocale = (typeof NOTIFICATION_LOCALES)[number];

export const NOTIFICATION_TEXTS: {
  readonly [K in NotificationKind]: { readonly [L in NotificationLocale]: string };
} = {
  urgent_referral: {
    nl: 'Een episode wacht op uw medische beoordeling (dringende verwijzing).',
    fr: 'Un épisode attend votre évaluation médicale (orientation urgente).',
    en: 'An episode is waiting for your medical review (urgent referral).',
  },
  red_flags_cleared: {
    nl: 'De bedrijfsarts heeft een episode vrijgegeven: het traject kan verder.',
    fr: 'Le médecin du travail a libéré un épisode : le parcours peut continuer.',
    en: 'The occupational doctor cleared an episode: the pathway can go on.',
  },
  questionnaire_assigned: {
    nl: 'Er staat een vragenlijst voor u klaar.',
    fr: 'Un questionnaire vous attend.',
    en: 'A questionnaire is waiting for you.',
  },
  employee_import_finished: {
    nl: 'Uw import van medewerkers is verwerkt.',
    fr: 'Votre import de collaborateurs a été traité.',
    en: 'Your employee import has been processed.',
  },
  plan_submitted: {
    nl: 'Een activiteitenplan wacht op uw goedkeuring.',
    fr: "Un plan d'activité attend votre approbation.",
    en: 'An activity plan is waiting for your approval.',
  },
  plan_changes_requested: {
    nl: 'De bedrijfsarts vraagt wijzigingen in een activiteitenplan.',
    fr: "Le médecin du travail demande des modifications à un plan d'activité.",
    en: 'The occupational doctor asks for changes to an activity plan.',
  },
  plan_approved: {
    nl: 'De bedrijfsarts heeft een activiteitenplan goedgekeurd.',
    fr: "Le médecin du travail a approuvé un plan d'activité.",
    en: 'The occupational doctor approved an activity plan.',
  },
  plan_to_acknowledge: {
    nl: 'Een werkplan voor de terugkeer naar het werk wacht op uw bevestiging.',
    fr: 'Un plan de reprise du travail attend votre confirmation.',
    en: 'A return-to-work plan is waiting for your acknowledgement.',
  },
  plan_to_agree: {
    nl: 'Uw plan voor de terugkeer naar het werk staat klaar: bekijk het en geef uw akkoord.',
    fr: 'Votre plan de reprise du travail est prêt : consultez-le et donnez votre accord.',
    en: 'Your return-to-work plan is ready: please read it and agree.',
  },
  checkpoint_scheduled: {
    nl: 'Er is een overlegmoment gepland waaraan u deelneemt.',
    fr: 'Un point de concertation auquel vous participez a été planifié.',
    en: 'A checkpoint you take part in has been planned.',
  },
  checkpoint_due_soon: {
    nl: 'Een overlegmoment waaraan u deelneemt, komt eraan.',
    fr: 'Un point de concertation auquel vous participez approche.',
    en: 'A checkpoint you take part in is coming up.',
  },
  checkpoint_overdue: {
    nl: 'Een overlegmoment is over de termijn en nog niet afgerond.',
    fr: "Un point de concertation a dépassé son échéance et n'est pas encore clôturé.",
    en: 'A checkpoint is past its due date and not yet completed.',
  },
};

/** Kinds that are also sent by e-mail: the ones with a date attached. */
export const EMAILED_KINDS: ReadonlySet<NotificationKind> = new Set([
  'checkpoint_due_soon',
  'checkpoint_overdue',
]);

export const EMAIL_SUBJECTS: { readonly [L in NotificationLocale]: string } = {
  nl: 'Terugkeer naar het werk: melding',
  fr: 'Retour au travail : notification',
  en: 'Return to work: notification',
};

export function notificationLocale(locale: string): NotificationLocale {
  return (NOTIFICATION_LOCALES as readonly string[]).includes(locale)
    ? (locale as NotificationLocale)
    : 'en';
}

export function notificationText(kind: NotificationKind, locale: string): string {
  return NOTIFICATION_TEXTS[kind][notificationLocale(locale)];
}
