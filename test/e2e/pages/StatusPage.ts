import type { Locator, Page } from '@playwright/test';

export class StatusPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Status' }).click();
    await this.page.getByRole('heading', { name: 'Status' }).waitFor();
  }

  fact(name: string): Locator {
    return this.page.getByTestId(`info-${name}`);
  }

  events(): Locator {
    return this.page.getByRole('table', { name: 'Stripe events' });
  }

  /** The list of conflicts between desks that need an admin. */
  conflicts(): Locator {
    return this.page.getByRole('list', { name: 'Conflicts between desks' });
  }

  conflict(text: RegExp | string): Locator {
    return this.conflicts().getByRole('listitem').filter({ hasText: text });
  }

  /** The office's desks, once this desk is in an office. */
  desks(): Locator {
    return this.page.getByRole('table', { name: 'Office desks' });
  }

  deskRow(name: string | RegExp): Locator {
    return this.desks().getByRole('row').filter({ has: this.page.getByRole('rowheader', { name }) });
  }

  outbox(): Locator {
    return this.page.getByRole('table', { name: 'Outbox' });
  }

  async showEvents(label: string): Promise<void> {
    await this.page.getByLabel('Show', { exact: true }).selectOption({ label });
  }

  /** The "Showing …" line under a cursor-paged list ("events", "outbox rows"). */
  shown(what: string): Locator {
    return this.page.getByRole('status').filter({ hasText: new RegExp(`^Showing (the newest|all) \\d+ ${what}$`) });
  }

  loadOlder(what: string): Locator {
    return this.page.getByRole('button', { name: `Load older ${what}` });
  }
}
