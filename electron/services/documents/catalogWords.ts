import en from '../../../renderer/src/i18n/en.json' with { type: 'json' };
import es from '../../../renderer/src/i18n/es.json' with { type: 'json' };
import { catalogLanguage } from '../../../shared/catalogLanguage';
import type { CatalogLanguage } from '../../../shared/catalogLanguage';
import type { Words } from '../../../shared/documentLines';
import { errorFormat, fillWords } from '../../../shared/errorMessages';

const catalogs: Record<CatalogLanguage, Record<string, string>> = { en, es };

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
