import type { Locator, Page } from '@playwright/test';
import { Shell } from './Shell';

export class DashboardPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await new Shell(this.page).open('Dashboard');
    await this.heading().waitFor();
  }

  heading(): Locator {
    return this.page.getByRole('heading', { name: 'Dashboard', exact: true });
  }

  takings(): Locator {
    return this.page.getByRole('table', { name: "Today's takings by method" });
  }

  card(title: string): Locator {
    return this.page.locator('section.card', { has: this.page.getByRole('heading', { name: title, exact: true }) });
  }

  /** A read's error state: the refusal's words and a Retry button. */
  readError(): Locator {
    return this.page.getByRole('alert').filter({ has: this.page.getByRole('button', { name: /Retry/ }) });
  }
}
