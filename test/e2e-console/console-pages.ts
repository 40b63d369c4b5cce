// Helpers for the console walk: the world's control endpoint (the parties
// outside the console), screenshots, a step of the IdP Integration, axe-core,
// and keyboard-only moves.
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

const control = `http://127.0.0.1:${process.env.E2E_CONTROL_PORT ?? 47401}`;

export async function outside<T = unknown>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(control + path, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body !== undefined && {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    }),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

export const serviceUrl = async () => (await outside<{ serviceUrl: string }>('/world')).serviceUrl;
/** The console world's service and its development anchor, for a webshell that activates against it. */
export const consoleWorld = () => outside<{ serviceUrl: string; trustAnchorFile: string }>('/world');

export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const body = await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

/** Step N of the IdP Integration (its Disclosure). */
export const step = (page: Page, key: string): Locator => page.locator(`[data-step="${key}"]`);

export async function openStep(page: Page, key: string): Promise<Locator> {
  const s = step(page, key);
  const trigger = s.locator('button[slot="trigger"]');
  if ((await trigger.getAttribute('aria-expanded')) !== 'true') await trigger.click();
  await expect(trigger).toHaveAttribute('aria-expanded', 'true');
  return s;
}

export async function expectGreen(page: Page, key: string): Promise<void> {
  await expect(step(page, key).locator('.step-trigger .badge')).toHaveText('Done');
}

/** The error react-aria shows under the field labelled `label`, which the input names as its description. */
export async function expectFieldError(
  scope: Page | Locator,
  label: string,
  text: string | RegExp,
): Promise<void> {
  const input = scope.getByLabel(label, { exact: true });
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(input).toHaveAccessibleDescription(text);
}

export async function expectAccessible(page: Page, name: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    violations.map((v) => `${name}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
  ).toEqual([]);
}

/** axe-core in the light and the dark colour scheme, for a state the walk reaches once. */
export async function expectAccessibleInBothSchemes(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `${name} ${colorScheme}`);
  }
  await page.emulateMedia({ colorScheme: null });
}

/** axe-core and a full-page screenshot (test-results/screens/<name>-<light|dark>.png) in both colour schemes. */
export async function screensInBothSchemes(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screens', { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `${name} ${colorScheme}`);
    await page.screenshot({ path: `test-results/screens/${name}-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}

/** Signs a new account up in the console as its owner; resolves on the IdP Integration page with the service's URL. */
export async function signUpOwner(
  page: Page,
  company: string,
  owner: { email: string; password: string },
): Promise<string> {
  const base = await serviceUrl();
  await page.goto(`${base}/console/sign-up`);
  await page.getByLabel('Company name', { exact: true }).fill(company);
  await page.getByLabel('Work email', { exact: true }).fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'IdP Integration' })).toBeVisible();
  return base;
}

/** Presses Tab (or Shift+Tab) until the focused element's accessible name matches (keyboard only, no clicks). */
export async function tabTo(
  page: Page,
  name: string | RegExp,
  limit = 80,
  key: 'Tab' | 'Shift+Tab' = 'Tab',
): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const labelled = el.getAttribute('aria-label');
      if (labelled) return labelled;
      const byId = el.getAttribute('aria-labelledby');
      if (byId)
        return byId
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ');
      const input = el as HTMLInputElement;
      if (input.labels?.[0]) return input.labels[0].textContent ?? '';
      return el.textContent ?? '';
    });
    if (typeof name === 'string' ? focused.trim() === name : name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

/** Fails the test on any Content-Security-Policy violation the page reports. */
export function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

/** Ticks "Configuration in the IdP Directory is done" by its label, as a pointer user does. */
export async function tickIdpDone(scope: Locator): Promise<void> {
  const box = scope.getByRole('checkbox', { name: 'Configuration in the IdP Directory is done' });
  await expect(box).not.toBeChecked();
  await scope.locator('label.tick', { hasText: 'Configuration in the IdP Directory is done' }).click();
  await expect(box).toBeChecked();
}
