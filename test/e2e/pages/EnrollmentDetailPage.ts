import type { Locator, Page } from '@playwright/test';

export class EnrollmentDetailPage {
  constructor(private readonly page: Page) {}

  schedule(): Locator {
    // Exact: the Enroll screen's 'Schedule preview' table must not stand in for the saved schedule.
    return this.page.getByRole('table', { name: 'Schedule', exact: true });
  }

  balance(): Locator {
    return this.page.getByTestId('balance');
  }
}
