// HR's journey: import the employee list, open the heatmap, drill down, filter, export; the
// admin switches a report off. With JavaScript and without, and by keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, BASE_URL, DEMO_PASSWORD, hydrated, launch, login, newPage } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'JavaScript' : 'no JavaScript';

  test(`HR imports the employee list with ${mode}`, async () => {
    const page = await newPage(browser, { javaScript });
    await login(page, ACCOUNTS.hr, DEMO_PASSWORD, { javaScript });
    await page.goto(`${BASE_URL}/organisation/import`);
    if (javaScript) await hydrated(page);
    const tag = javaScript ? 'J' : 'N';
    const csv = `Personalnummer;Nachname;Vorname;E-Mail;Organisationseinheit;Tätigkeitsgruppe\n`
      + `${tag}-1;Aydin;Selin;selin.aydin.${tag}@musterstadt.example;32.1;Bürgerservice\n`
      + `${tag}-2;Berg;Tom;tom.berg.${tag}@musterstadt.example;FB 99;\n`;
    await page.getByLabel('CSV-Datei').setInputFiles({ name: 'liste.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await Promise.all([page.waitForURL(/\/organisation\/import\/[0-9a-f-]+$/), page.getByRole('button', { name: 'Datei prüfen' }).click()]);
    // The unknown unit is named with its line; nothing can be applied.
    await page.getByText('Zeile 3:').waitFor();
    assert.ok(await page.getByText('„FB 99“ gibt es nicht').isVisible());
    assert.equal(await page.getByRole('button', { name: 'Übernehmen' }).count(), 0);

    // Corrected, it shows one new person and applies.
    await page.goto(`${BASE_URL}/organisation/import`);
    if (javaScript) await hydrated(page);
    await page.getByLabel('CSV-Datei').setInputFiles({ name: 'liste.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.replace('FB 99', 'FB 50')) });
    await Promise.all([page.waitForURL(/\/organisation\/import\/[0-9a-f-]+$/), page.getByRole('button', { name: 'Datei prüfen' }).click()]);
    await page.getByRole('table', { name: 'Neu' }).getByRole('rowheader', { name: 'Selin Aydin' }).waitFor();
    // A list this short would deactivate many colleagues (the first run: all generated demo
    // staff): the preview warns, and applying without the explicit tick changes nothing.
    const warning = page.getByText(/Achtung: Diese Liste deaktiviert \S+ von \S+ aktiven Konten/);
    if (javaScript) await warning.waitFor();
    if (await warning.count() > 0) {
      await page.getByRole('button', { name: 'Übernehmen' }).click();
      await page.getByText(/Bitte bestätigen Sie das ausdrücklich/).first().waitFor();
      assert.ok(!page.url().includes('applied=1'), 'nothing applied without the tick');
      await page.getByLabel('Ich habe geprüft, dass diese vielen Personen deaktiviert werden sollen.').check();
    }
    await Promise.all([page.waitForURL(/applied=1/), page.getByRole('button', { name: 'Übernehmen' }).click()]);
    await page.getByText('Die Beschäftigtenliste ist übernommen.').waitFor();
    await page.context().close();
  });

  test(`HR drills down, filters and exports the heatmap with ${mode}`, async () => {
    const page = await newPage(browser, { javaScript });
    await login(page, ACCOUNTS.hr, DEMO_PASSWORD, { javaScript });
    await page.goto(`${BASE_URL}/reports/heatmap`);
    if (javaScript) await hydrated(page);
    const table = page.locator('.report-table');
    await table.waitFor();
    assert.ok(await page.locator('figure.heatmap svg[role=img]').isVisible(), 'the heatmap graphic');
    // Nobody is named: the demo staff's names never appear.
    const text = await page.locator('main').innerText();
    assert.ok(!/@generiert\.example/.test(text));
    // Released with noise: figures say how far off they may be, and the page says why.
    assert.match(text, /≈ \d+ % \(± \d+\)/, 'figures carry their margin');
    assert.ok(await page.getByRole('link', { name: 'Wie die Zahlen geschützt sind' }).isVisible());
    // Drill down into the first unit with children.
    const first = table.locator('tbody a').first();
    const unit = (await first.innerText()).trim();
    await Promise.all([page.waitForURL(/unit=/), first.click()]);
    await page.getByRole('navigation', { name: 'Ebene in der Organisation' }).getByText(unit).waitFor();
    // Filter by job family with the plain form.
    await page.getByLabel('Tätigkeitsgruppe').selectOption('sachbearbeitung');
    await Promise.all([page.waitForURL(/family=sachbearbeitung/), page.getByRole('button', { name: 'Anzeigen' }).click()]);
    assert.match(page.url(), /unit=.*family=sachbearbeitung|family=sachbearbeitung.*unit=/);
    // The export keeps scope and filter.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Als Excel-Datei (XLSX) herunterladen' }).click()]);
    assert.match(download.suggestedFilename(), /^Bericht-heatmap-\d{4}-\d{2}-\d{2}\.xlsx$/);
    assert.match(download.url(), /family=sachbearbeitung/);
    await page.context().close();
  });
}

test('the heatmap is reachable and usable by keyboard', async () => {
  const page = await newPage(browser);
  await login(page, ACCOUNTS.hr);
  await page.goto(`${BASE_URL}/reports`);
  await hydrated(page);
  const link = page.getByRole('link', { name: 'Kompetenz-Übersicht nach Organisationseinheit' });
  await link.focus();
  await Promise.all([page.waitForURL(/\/reports\/heatmap$/), page.keyboard.press('Enter')]);
  await page.locator('.report-table').waitFor();
  // Tab reaches the scrollable graphic and the first drill-down link.
  let reached = '';
  for (let i = 0; i < 60 && !reached.startsWith('/reports/heatmap?unit='); i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');
  }
  assert.ok(reached.startsWith('/reports/heatmap?unit='), 'Tab reaches a unit');
  await Promise.all([page.waitForURL(/unit=/), page.keyboard.press('Enter')]);
  await page.context().close();
});

test('an admin switches the trend report off and HR is told so', async () => {
  const admin = await newPage(browser, { javaScript: false });
  await login(admin, ACCOUNTS.admin, DEMO_PASSWORD, { javaScript: false });
  await admin.goto(`${BASE_URL}/reports/settings`);
  await Promise.all([admin.waitForURL(/saved=1/), admin.getByRole('button', { name: /Entwicklung der letzten zwölf Monate ausschalten/ }).click()]);
  const hr = await newPage(browser);
  await login(hr, ACCOUNTS.hr);
  await hr.goto(`${BASE_URL}/reports/trend`);
  await hr.getByText('Dieser Bericht ist ausgeschaltet').waitFor();
  // Switched on again for the other tests.
  await admin.goto(`${BASE_URL}/reports/settings`);
  await Promise.all([admin.waitForURL(/saved=1/), admin.getByRole('button', { name: /Entwicklung der letzten zwölf Monate einschalten/ }).click()]);
  await admin.context().close();
  await hr.context().close();
});
