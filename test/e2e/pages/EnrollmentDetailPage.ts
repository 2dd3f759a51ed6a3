import type { Locator, Page } from '@playwright/test';

export class EnrollmentDetailPage {
  constructor(private readonly page: Page) {}

  schedule(): Locator {
    return this.page.getByRole('table', { name: 'Schedule' });
  }

  balance(): Locator {
    return this.page.getByTestId('balance');
  }
}
