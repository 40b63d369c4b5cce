// The Okta guide ("Configuring SSO integration with Okta"), click by click in
// its own words, from an empty account to Activated and one user activated
// (issue 22 items 3, 4 and 10). The dev IdP stands in for Okta.
import { expect, test } from '@playwright/test';
import { serviceUrl } from './console-pages.ts';
import { screens, stepTitle, walkGuide } from './guide-walk.ts';

test('the Okta guide, followed word by word, reaches Activated and a user activates', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  await walkGuide(page, browser, testInfo, {
    idp: 'Okta',
    domain: 'okta-guide.test',
    directory: 'okta',
    vendor: 'okta',
    // The guide's "Attribute Statements" a–c and "Group Attribute Statements" a, in its order.
    attributes: [
      ['objectidentifier', 'Unspecified', 'user.id'],
      ['name', 'Unspecified', 'user.login'],
      ['displayName', 'Unspecified', 'user.displayName'],
      ['groups', 'Unspecified', 'Filter: Matches regex .*'],
    ],
  });
  // The configurator as an admin first sees it once active: every step a summary row.
  await page.getByRole('button', { name: 'Close all steps' }).click();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: screens(`configurator-${colorScheme}`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
  // A deep link to a step the page did not open by itself.
  await page.goto(`${await serviceUrl()}/console/integration#step-2`);
  await expect(stepTitle(page, 'Register Latchkey enterprise app')).toHaveAttribute('aria-expanded', 'true');
  await expect(stepTitle(page, 'Register Latchkey enterprise app')).toBeFocused();
});
