import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';

/** The "Export CSV" group of a table screen (renderer/src/components/TableExport.tsx). */
export class TableExportControl {
  constructor(private readonly page: Page, private readonly label: string) {}

  group(): Locator {
    return this.page.getByRole('group', { name: `Export ${this.label}` });
  }

  async setBom(on: boolean): Promise<void> {
    await this.group().getByLabel('Byte-order mark for spreadsheet programs').setChecked(on);
  }

  /** Clicks Export CSV and reads the downloaded file back: its text and its rows (header first). */
  async download(): Promise<{ fileName: string; text: string; rows: string[][] }> {
    const downloading = this.page.waitForEvent('download');
    await this.group().getByRole('button', { name: 'Export CSV' }).click();
    const download = await downloading;
    const text = readFileSync((await download.path()) ?? '', 'utf8');
    return { fileName: download.suggestedFilename(), text, rows: parse(text, { bom: true }) as string[][] };
  }
}

/** A table's body rows as cell text, row by row. */
export const bodyCells = (table: Locator): Promise<string[][]> =>
  table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (c) => (c.textContent ?? '').trim())));
