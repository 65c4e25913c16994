import type { Locale } from './entities/user.entity.js';

/** The links the platform e-mails about an account itself. */
export type AccountLinkPurpose = 'invitation' | 'password_reset';

/** Where each link opens in the web application; the token goes in the fragment, never to a server log. */
export const ACCOUNT_LINK_PATHS: Record<AccountLinkPurpose, string> = {
  invitation: '/invitation',
  password_reset: '/reset-password',
};

interface MailFacts {
  displayName: string;
  /** The organisation the account works for, when it has one. */
  organisationName: string | null;
  link: string;
  expiresAt: Date;
}

const DATE_LOCALE: Record<Locale, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

function expiry(locale: Locale, at: Date): string {
  return new Intl.DateTimeFormat(DATE_LOCALE[locale], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Brussels',
  }).format(at);
}

/**
 * The e-mail of each link, in the account's language. It says who the account is for and what the
 * link does, and nothing else: no role detail, nothing clinical.
 */
export function accountMail(
  purpose: AccountLinkPurpose,
  locale: Locale,
  facts: MailFacts,
): { subject: string; text: string } {
  const until = expiry(locale, facts.expiresAt);
  const at = facts.organisationName;
  if (purpose === 'invitation') {
    return {
      nl: {
        subject: 'Uw uitnodiging voor Return to Work',
        text: `Beste ${facts.displayName},\n\n${at ? `${at} heeft` : 'Er is'} een account voor u aangemaakt op het Return to Work-platform. Kies uw wachtwoord via deze link (eenmalig geldig, tot ${until}):\n\n${facts.link}\n\nHebt u deze uitnodiging niet verwacht? Dan kunt u deze e-mail negeren.\n`,
      },
      fr: {
        subject: 'Votre invitation à Return to Work',
        text: `Bonjour ${facts.displayName},\n\n${at ? `${at} a créé un compte pour vous` : 'Un compte a été créé pour vous'} sur la plateforme Return to Work. Choisissez votre mot de passe avec ce lien (valable une fois, jusqu'au ${until}) :\n\n${facts.link}\n\nVous n'attendiez pas cette invitation ? Ignorez simplement cet e-mail.\n`,
      },
      en: {
        subject: 'Your invitation to Return to Work',
        text: `Dear ${facts.displayName},\n\n${at ? `${at} has created` : 'Someone has created'} an account for you on the Return to Work platform. Choose your password with this link (it works once, until ${until}):\n\n${facts.link}\n\nDid you not expect this invitation? Then you can ignore this e-mail.\n`,
      },
    }[locale];
  }
  return {
    nl: {
      subject: 'Uw wachtwoord opnieuw instellen',
      text: `Beste ${facts.displayName},\n\nIemand heeft gevraagd het wachtwoord van uw Return to Work-account opnieuw in te stellen. Kies een nieuw wachtwoord via deze link (eenmalig geldig, tot ${until}):\n\n${facts.link}\n\nHebt u dit niet gevraagd? Dan blijft uw wachtwoord zoals het is en kunt u deze e-mail negeren.\n`,
    },
    fr: {
      subject: 'Réinitialiser votre mot de passe',
      text: `Bonjour ${facts.displayName},\n\nQuelqu'un a demandé à réinitialiser le mot de passe de votre compte Return to Work. Choisissez un nouveau mot de passe avec ce lien (valable une fois, jusqu'au ${until}) :\n\n${facts.link}\n\nVous ne l'avez pas demandé ? Votre mot de passe reste inchangé ; ignorez cet e-mail.\n`,
    },
    en: {
      subject: 'Reset your password',
      text: `Dear ${facts.displayName},\n\nSomeone asked to reset the password of your Return to Work account. Choose a new password with this link (it works once, until ${until}):\n\n${facts.link}\n\nDid you not ask for this? Then your password stays as it is and you can ignore this e-mail.\n`,
    },
  }[locale];
}
