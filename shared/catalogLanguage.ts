/** The languages the catalogs ship (renderer/src/i18n en.json and es.json). */
export type CatalogLanguage = 'en' | 'es';

/**
 * The catalog language of an office locale: Spanish for es, es-ES, es-MX, …; English for any
 * other. One rule for the window, the core's documents and mails, and the payer page.
 */
export const catalogLanguage = (locale: string | null | undefined): CatalogLanguage => (/^es(?:-|_|$)/i.test((locale ?? '').trim()) ? 'es' : 'en');
