// Every page, for every role, at 320 and 1280 px: no serious or critical axe-core violation,
// no horizontal scrolling of the page, no script errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, BASE_URL, hydrated, launch, login, newPage, refusedLogin, seriousViolations } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PUBLIC_PAGES = ['/login', '/login?local=1', '/login/code', '/login/code?code=K7QF2M9XHR4T8WZD', '/device',
  '/login/refused?reason=unknown-person', '/login/refused?reason=state-invalid', '/password/forgot', '/password/forgot?sent=1', '/display', '/password/set/abgelaufen', '/gibt-es-nicht',
  '/barrierefreiheit', '/barriere-melden', '/impressum', '/datenschutz', '/hilfe'];
const ROLE_PAGES = {
  employee: ['/', '/settings', '/my-data', '/display', '/scouts', '/learn', '/evidence', '/certificate', '/hilfe', '/suche?q=Passw%C3%B6rter',
    '/barrierefreiheit', '/barriere-melden'],
  scout: ['/', '/organisation', '/scouts/profile', '/scouts/profile/meetings', '/scouts/profile/edit', '/letters'],
  hr: ['/', '/organisation', '/organisation/import', '/reports', '/reports/heatmap', 'first-report-unit',
    '/reports/heatmap?family=sachbearbeitung', '/letters', '/letters?q=a', '/reports/gaps', '/reports/certification', '/reports/trend', '/evidence', '/scouts/coverage', '/scouts/impact'],
  auditor: ['/', '/audit', '/privacy'],
  admin: ['/', '/reports', '/reports/settings', '/admin/sign-in', '/letters', '/admin/users', '/admin/users/new', 'first-user', '/organisation', 'first-department', '/audit', '/admin/data-requests', '/my-data', '/settings',
    '/admin/site-pages', '/admin/barriers'],
  editor: ['/', '/redaktion/statistik', '/redaktion/statistik/e-akte'],
};

async function resolve(page, path) {
  if (path === 'first-user') {
    await page.goto(`${BASE_URL}/admin/users`);
    return page.locator('tbody a').first().getAttribute('href');
  }
  if (path === 'first-report-unit') {
    await page.goto(`${BASE_URL}/reports/heatmap`);
    return page.locator('.report-table tbody a').first().getAttribute('href');
  }
  if (path === 'first-department') {
    await page.goto(`${BASE_URL}/organisation`);
    return page.locator('tbody a').first().getAttribute('href');
  }
  return path;
}

async function checkPage(page, path, label) {
  const response = await page.goto(`${BASE_URL}${path}`);
  assert.ok(response, `${label}: no response`);
  await hydrated(page);
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${label}: axe found serious or critical issues`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${label}: the page scrolls sideways by ${overflow}px`);
  const title = await page.title();
  assert.ok(title.includes('Digitaler Führerschein'), `${label}: page title "${title}"`);
}

for (const width of [320, 1280]) {
  test(`public pages at ${width}px`, async () => {
    const page = await newPage(browser, { width });
    for (const path of PUBLIC_PAGES) await checkPage(page, path, `${path} @${width}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  for (const [role, pages] of Object.entries(ROLE_PAGES)) {
    test(`${role} pages at ${width}px`, async () => {
      const page = await newPage(browser, { width });
      await login(page, ACCOUNTS[role]);
      for (const entry of pages) {
        const path = await resolve(page, entry);
        assert.ok(path, `${role}: could not find ${entry}`);
        await checkPage(page, path, `${role} ${path} @${width}`);
      }
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }
}

test('a form showing errors passes axe too', async () => {
  const page = await newPage(browser, { width: 320 });
  await refusedLogin(page, ACCOUNTS.employee, 'falsches Passwort');
  await page.getByRole('alert').waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await page.context().close();
});

test('high contrast and the largest font pass axe and do not overflow', async () => {
  const page = await newPage(browser, { width: 320, javaScript: true });
  await page.goto(`${BASE_URL}/display`);
  await page.getByLabel('Sehr groß').check();
  await page.getByLabel('Hoher Kontrast').check();
  await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Speichern' }).first().click()]);
  assert.match(await page.locator('html').getAttribute('class'), /font-larger contrast-high/);
  await login(page, ACCOUNTS.admin);
  for (const path of ['/', '/admin/users', '/login']) await checkPage(page, path, `high contrast ${path}`);
  await page.context().close();
});
