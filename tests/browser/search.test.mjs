// Site search and help (issue 18, point 10): the header's search field on a wide screen, the
// phone menu's at 320 and 360px, both plain GET forms that work without JavaScript; the results
// page (types, marked hits, paging) and the help page with its contents, by keyboard and with axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, BASE_URL, hydrated, launch, login, newPage, seriousViolations } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';

  test(`on a wide screen the header searches, ${mode}`, { timeout: 120_000 }, async () => {
    const page = await newPage(browser, { javaScript, width: 1280 });
    await login(page, ACCOUNTS.employee, undefined, { javaScript });
    const field = page.getByRole('search', { name: 'Website durchsuchen' }).getByRole('searchbox', { name: 'Suchbegriff' });
    assert.equal(await field.count(), 1, `${mode}: one visible header search`);
    await field.fill('Passwörter');
    await field.press('Enter');
    await page.waitForURL((url) => url.pathname === '/suche');
    await page.getByRole('heading', { level: 1, name: 'Suche' }).waitFor();
    if (javaScript) await hydrated(page);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'Passwörter');
    const status = await page.getByRole('status').first().innerText();
    assert.match(status, /Treffer für „Passwörter“/, `${mode}: ${status}`);
    const hits = page.locator('.search-hit');
    assert.ok((await hits.count()) >= 1);
    // Each hit: its type, a link, the matching words marked.
    const first = hits.first();
    assert.match(await first.locator('.tag').innerText(), /^(Modul|Lektion|Hilfe)$/);
    assert.ok((await first.locator('mark').count()) >= 1, `${mode}: the hit's words are marked`);
    assert.ok(await page.getByRole('link', { name: /Passwörter und Anmeldung/ }).first().isVisible());
    // The search field keeps the query.
    assert.equal(await page.locator('#search-query').inputValue(), 'Passwörter');
    if (javaScript) assert.deepEqual(await seriousViolations(page), [], `${mode}: axe on the results`);
    // On to a lesson from the results.
    await page.getByRole('link', { name: /Passwörter und Anmeldung/ }).first().click();
    await page.waitForURL(/\/modules\/informationssicherheit\/lessons\//);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  for (const width of [320, 360]) {
    test(`at ${width}px the phone menu searches, ${mode}`, { timeout: 120_000 }, async () => {
      const page = await newPage(browser, { javaScript, width, height: 640 });
      await login(page, ACCOUNTS.employee, undefined, { javaScript });
      const header = await page.locator('header.site-header').boundingBox();
      assert.ok(header.height <= 90, `${mode}: the header stays one row (${header.height}px)`);
      assert.equal(await page.locator('#header-search').isVisible(), false, 'the wide field is hidden');
      // By keyboard: skip link, platform name, menu; the menu's first stop is the search field.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.equal(await page.locator(':focus').innerText(), 'Menü');
      await page.keyboard.press('Enter');
      const field = page.locator('#menu-search');
      await field.waitFor();
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'menu-search');
      const box = await field.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= width, `${mode}: the field fits (${box.x}+${box.width})`);
      assert.ok(box.height >= 24, `${mode}: the field is ${box.height}px tall`);
      const button = await page.locator('.menu-search button').boundingBox();
      assert.ok(button.x + button.width <= width, `${mode}: the button fits`);
      if (javaScript) assert.deepEqual(await seriousViolations(page), [], `${mode}: axe with the menu open`);
      await page.keyboard.type('Dokumente');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === '/suche');
      await page.getByRole('heading', { level: 1, name: 'Suche' }).waitFor();
      assert.match(await page.getByRole('status').first().innerText(), /Treffer für „Dokumente“/);
      // Nothing sticks out sideways on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${mode}: the results page is ${overflow}px too wide`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }
}

test('the results come in pages, and a query that is only syntax gets an answer', { timeout: 90_000 }, async () => {
  const page = await newPage(browser, { javaScript: false, width: 1280 });
  await login(page, ACCOUNTS.employee, undefined, { javaScript: false });
  await page.goto(`${BASE_URL}/suche?q=Daten`);
  const pages = page.getByRole('navigation', { name: 'Seiten der Ergebnisse' });
  assert.match(await pages.innerText(), /Seite 1 von \d+/);
  await pages.getByRole('link', { name: 'Nächste Seite' }).click();
  await page.waitForURL(/page=2/);
  assert.match(await page.getByRole('navigation', { name: 'Seiten der Ergebnisse' }).innerText(), /Seite 2 von/);
  const response = await page.goto(`${BASE_URL}/suche?q=${encodeURIComponent('AND OR ( "')}`);
  assert.equal(response.status(), 200);
  assert.ok(await page.getByText(/kein Wort, nach dem wir suchen können|haben wir nichts gefunden/).first().isVisible());
  const long = await page.goto(`${BASE_URL}/suche?q=${'a'.repeat(201)}`);
  assert.equal(long.status(), 422);
  assert.match(await page.getByRole('alert').innerText(), /zu lang/);
  await page.context().close();
});

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';

  test(`the help page works from its contents, ${mode}`, { timeout: 90_000 }, async () => {
    const page = await newPage(browser, { javaScript, width: 1280 });
    await page.goto(`${BASE_URL}/hilfe`);
    if (javaScript) await hydrated(page);
    await page.getByRole('heading', { level: 1, name: 'Hilfe' }).waitFor();
    const contents = page.getByRole('navigation', { name: 'Inhalt' });
    await contents.getByRole('link', { name: 'Ich habe mein Passwort vergessen. Was nun?' }).click();
    await page.waitForURL(/#passwort-vergessen$/);
    const heading = page.locator('#passwort-vergessen');
    assert.equal(await heading.evaluate((h) => h.tagName), 'H3');
    const top = await heading.evaluate((h) => h.getBoundingClientRect().top);
    assert.ok(top >= -1 && top < 200, `${mode}: the question is scrolled into view (${top})`);
    assert.ok(await page.locator('.help-answer').getByRole('link', { name: 'Erklärung zur Barrierefreiheit' }).isVisible());
    if (javaScript) assert.deepEqual(await seriousViolations(page), [], `${mode}: axe on the help page`);
    // The help's own search field, without signing in: only the help is searched.
    await page.getByRole('searchbox', { name: 'Stichwort suchen' }).fill('Zertifikat');
    await page.getByRole('searchbox', { name: 'Stichwort suchen' }).press('Enter');
    await page.waitForURL((url) => url.pathname === '/suche');
    assert.ok(await page.getByText('Ohne Anmeldung durchsuchen wir nur die Hilfe').isVisible());
    const types = await page.locator('.search-hit .tag').allInnerTexts();
    assert.ok(types.length > 0 && types.every((t) => t.trim() === 'Hilfe'), `${mode}: ${types}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test('at 320px the help page fits the screen', { timeout: 60_000 }, async () => {
  const page = await newPage(browser, { javaScript: false, width: 320, height: 640 });
  await page.goto(`${BASE_URL}/hilfe`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the help page is ${overflow}px too wide`);
  await page.context().close();
});
