/**
 * The payer page's words: the `portal.*` ids of the desk's catalogs (renderer/src/i18n en.json
 * and es.json), put into the script when the relay bundles it (pageAssets.ts), so the page and
 * the desk's screens share one set of translations and the page downloads only its own ids.
 */
import type { CatalogLanguage } from '../../../shared/catalogLanguage';

export type PageLanguage = CatalogLanguage;
export type PageCatalogs = Record<PageLanguage, Record<string, string>>;
declare const __PORTAL_WORDS__: PageCatalogs;

/** A catalog's words for an id, `{name}` filled with `values` (the page's ids take plain values only). */
export type PageWords = (id: string, values?: Record<string, string>) => string;

export function pageWords(language: PageLanguage, catalogs: PageCatalogs = __PORTAL_WORDS__): PageWords {
  return (id, values = {}) => {
    const template = catalogs[language][id] ?? catalogs.en[id] ?? id;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  };
}
