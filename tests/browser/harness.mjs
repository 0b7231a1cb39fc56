// Shared helpers for the browser tests: Debian's Chromium through playwright-core (no browser
// download), the demo accounts of the server that `./dev test` starts, and axe-core.
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
export const DEMO_PASSWORD = 'fuehrerschein-demo';
export const ACCOUNTS = {
  employee: 'beschaeftigte@musterstadt.example',
  scout: 'scout@musterstadt.example',
  hr: 'personal@musterstadt.example',
  auditor: 'personalrat@musterstadt.example',
  admin: 'admin@musterstadt.example',
  editor: 'redaktion@musterstadt.example',
  reviewer: 'lektorat@musterstadt.example',
  coordinator: 'change@musterstadt.example',
};

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

export async function newPage(browser, { javaScript = true, width = 1280, height = 900, locale = 'de-DE' } = {}) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, viewport: { width, height }, locale });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A server function answering 401 or 422 is an expected outcome the page shows; the browser
    // logs it anyway as a failed resource.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      page.problems.push(`console error: ${message.text()}`);
    }
  });
  return page;
}

// `networkidle` is no hydration signal: it says that no request ran for half a second, not that
// the islands are interactive. The page's loader (app `shell::island_loader`) marks
// `<html data-hydrated>` once every island on the page is hydrated, or at once on a page without
// islands, which loads no WebAssembly at all; a failure while hydrating leaves the mark unset.
/** Waits until the page is interactive (JavaScript on): every island on it is hydrated. */
export async function hydrated(page, { timeout = 30_000 } = {}) {
  try {
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-hydrated'), null, { timeout });
  } catch (error) {
    const problems = page.problems?.length ? ` (${page.problems.join('; ')})` : '';
    throw new Error(`${page.url()} was not hydrated within ${timeout} ms${problems}: ${error.message}`);
  }
}

/** Fills in and sends the login form; resolves to 'in' or to the text of the refusal. */
async function submitLogin(page, email, password, javaScript) {
  // The local password form alone: the login page of the test server also offers the city's
  // OpenID provider and directory (see sign-in.test.mjs).
  await page.goto(`${BASE_URL}/login?local=1`);
  if (javaScript) await hydrated(page);
  await page.getByRole('textbox', { name: 'E-Mail-Adresse oder Personalnummer' }).fill(email);
  await page.locator('#field-password').fill(password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  // Success leaves the login page; failure shows an alert (after a reload without JavaScript).
  const outcome = await Promise.race([
    page.waitForURL((url) => !url.pathname.startsWith('/login')).then(() => 'in'),
    page.getByRole('alert').waitFor().then(() => 'refused'),
  ]);
  if (outcome === 'refused') return { refused: (await page.getByRole('alert').first().innerText()).trim() };
  // Logged in means the header has the logout button (with JavaScript, once the next page has
  // been loaded from the server); on a phone it waits in the closed "Menü".
  await page.locator('header button', { hasText: 'Abmelden' }).first().waitFor({ state: 'attached' });
  if (javaScript) await hydrated(page);
  return { refused: null };
}

/** Logs in; throws if the login is refused, so that a test never goes on logged out. */
export async function login(page, email, password = DEMO_PASSWORD, { javaScript = true } = {}) {
  const { refused } = await submitLogin(page, email, password, javaScript);
  if (refused !== null) {
    throw new Error(`login of ${email} was refused (${javaScript ? 'JavaScript' : 'no JavaScript'}): ${refused}`);
  }
}

/** Tries a login that must be refused; throws if it succeeds. Returns the alert's text. */
export async function refusedLogin(page, email, password, { javaScript = true } = {}) {
  const { refused } = await submitLogin(page, email, password, javaScript);
  if (refused === null) throw new Error(`login of ${email} should have been refused but succeeded`);
  if (javaScript) await hydrated(page);
  return refused;
}

let axeSource;
/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) and returns the serious and critical violations. */
export async function seriousViolations(page) {
  axeSource ??= require('node:fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
  // restrict; a <script> tag would be refused, as it should be.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} – ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
