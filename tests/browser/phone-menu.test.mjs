// The phone menu (issue 18, point 1): below 40rem the header is one row and the menu folds into a
// "Menü" disclosure that works without JavaScript and by keyboard; the skip link and the
// landmarks stay.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, DEMO_PASSWORD, hydrated, launch, login, newPage, seriousViolations } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';

  test(`on a 360px phone the admin's menu is one row until opened, ${mode}`, { timeout: 120_000 }, async () => {
    const page = await newPage(browser, { javaScript, width: 360, height: 640 });
    await login(page, ACCOUNTS.admin, DEMO_PASSWORD, { javaScript });
    if (javaScript) await hydrated(page);
    const header = await page.locator('header.site-header').boundingBox();
    assert.ok(header.height <= 90, `${mode}: the header is ${header.height}px tall (one row)`);
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    assert.equal(await nav.count(), 0, `${mode}: the closed menu hides its links`);

    // By keyboard: the skip link first, then the platform's name, then the menu.
    await page.keyboard.press('Tab');
    assert.match(await page.locator(':focus').innerText(), /Zum Inhalt/);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.locator(':focus').innerText(), 'Menü');
    await page.keyboard.press('Enter');
    await nav.waitFor();
    const links = (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim());
    assert.ok(links.includes('Benutzerkonten') && links.includes('Meine Daten'), `${mode}: ${links}`);
    for (const box of await Promise.all((await nav.getByRole('link').all()).map((l) => l.boundingBox()))) {
      assert.ok(box.height >= 24, `${mode}: a menu link is ${box.height}px tall`);
    }
    // The way out and the language are in the menu too.
    assert.ok(await page.getByRole('button', { name: 'Abmelden' }).isVisible());
    if (javaScript) assert.deepEqual(await seriousViolations(page), [], `${mode}: axe with the menu open`);
    await nav.getByRole('link', { name: 'Meine Daten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Meine Daten' }).waitFor();
    assert.equal(await page.getByRole('main').count(), 1);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test('on a wide screen the menu is a row of links, without the disclosure', { timeout: 60_000 }, async () => {
  const page = await newPage(browser, { width: 1280 });
  await login(page, ACCOUNTS.employee);
  assert.ok(await page.getByRole('navigation', { name: 'Hauptnavigation' }).isVisible());
  assert.equal(await page.getByText('Menü', { exact: true }).isVisible(), false);
  await page.context().close();
});
