import { createIntl, createIntlCache } from 'react-intl';
import type { IntlShape } from 'react-intl';
import en from './en.json';
import es from './es.json';
import { catalogLanguage } from '../../../shared/catalogLanguage';
import type { CatalogLanguage } from '../../../shared/catalogLanguage';

/**
 * The window's words. Every screen text is an id in `en.json`; `es.json` holds the same ids in
 * Spanish (a unit test keeps the two in step). The language follows the office's locale in
 * Settings: a Spanish locale (es, es-ES, es-MX, …) shows Spanish, any other shows English;
 * money and dates always follow the full locale (en-GB writes 31/12, es-MX writes $).
 */
export type MessageId = keyof typeof en;
export type Language = CatalogLanguage;
export type MessageValues = Record<string, string | number | boolean | null | undefined | Date>;

export const catalogs: Record<Language, Record<MessageId, string>> = { en, es };

export const languageOf = (locale: string): Language => catalogLanguage(locale);

const cache = createIntlCache();
const intls = new Map<string, IntlShape>();

/** One react-intl instance per locale, kept for the window's life. */
export function intlFor(locale: string): IntlShape {
  let intl = intls.get(locale);
  if (!intl) {
    let safe = 'en-US';
    try {
      safe = Intl.getCanonicalLocales(locale)[0] ?? 'en-US';
    } catch {
      // A tag this runtime cannot read: English words, en-US formats.
    }
    intl = createIntl({ locale: safe, messages: catalogs[languageOf(safe)], defaultLocale: 'en-US' }, cache);
    intls.set(locale, intl);
  }
  return intl;
}

let current = intlFor('en-US');

/**
 * Makes `locale` the window's language. The root provider (App) calls it while rendering, before
 * any screen renders, and is keyed by the locale, so a change re-renders every screen with it.
 */
export function setWindowLocale(locale: string): IntlShape {
  current = intlFor(locale);
  return current;
}

/**
 * The words for `id` in the window's language. A plain function, not a hook, so page parts that
 * are not components (table columns, toasts, option lists built in event handlers) use the same
 * catalog as the JSX; the provider's key makes every screen read it again after a change.
 */
export const t = (id: MessageId, values?: MessageValues): string => current.formatMessage({ id }, values);

/** The locale whose words `t` gives now (tests and the money hook read it). */
export const currentLocale = (): string => current.locale;
