import en from '../../../renderer/src/i18n/en.json' with { type: 'json' };
import es from '../../../renderer/src/i18n/es.json' with { type: 'json' };
import type { Words } from '../../../shared/documentLines';
import { errorFormat, fillWords } from '../../../shared/errorMessages';

const catalogs: Record<'en' | 'es', Record<string, string>> = { en, es };

/** The catalog language of an office locale: Spanish for es, es-MX, …; English otherwise (as the window chooses). */
export const catalogLanguage = (locale: string): 'en' | 'es' => (/^es(?:-|_|$)/i.test(locale.trim()) ? 'es' : 'en');

/**
 * The window's catalog words in the core, for a document printed in the office's locale: the
 * same ids and templates the screens use (renderer/src/i18n), numbers in that locale. An id the
 * catalog lacks falls back to English, then to the id itself.
 */
export function catalogWords(locale: string): Words {
  const lang = catalogLanguage(locale);
  const format = errorFormat(locale);
  return (id, values = {}) => {
    const template = catalogs[lang][id] ?? catalogs.en[id];
    return template === undefined ? id : fillWords(template, values, format);
  };
}
