// Issue 18, points 5 and 6. The staff council reads the audit log as sentences, filters it with
// a plain GET form (JavaScript on and off) and downloads what it filtered; the download is in
// the log. An employee list that would deactivate most people shows a red frame that says how
// many leave and how many stay, and cannot be sent before its box is ticked (the browser's
// check, and the server's own refusal for a form sent past it). At 360 px and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, BASE_URL, DEMO_PASSWORD, hydrated, launch, login, newPage, seriousViolations } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The page is no wider than the window: nothing to scroll sideways but the table's own region. */
async function fitsTheWindow(page, width) {
  const { scrollWidth, widest } = await page.evaluate((w) => {
    // The outermost elements that reach past the window, outside scrolling regions.
    const past = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > w + 1 && !e.closest('.table-scroll'))
      .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= w + 1)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)}px)`);
    return { scrollWidth: document.documentElement.scrollWidth, widest: past.slice(0, 3).join(', ') };
  }, width);
  assert.ok(scrollWidth <= width, `the page is ${scrollWidth}px wide at ${width}px: ${widest}`);
}

for (const width of [360, 1280]) {
  test(`the auditor downloads the filtered log and reads the download in it, ${width}px`, { timeout: 180_000 }, async () => {
    const page = await newPage(browser, { width });
    await login(page, ACCOUNTS.auditor);
    // Something in the log to begin with: a download of the whole log (with the session's cookie).
    const first = await page.request.get(`${BASE_URL}/audit/export.csv`);
    assert.equal(first.status(), 200);
    await page.goto(`${BASE_URL}/audit`);
    await hydrated(page);
    await page.getByRole('heading', { level: 1, name: 'Protokoll' }).waitFor();
    await fitsTheWindow(page, width);

    // The download is a normal link; what it holds opens in Excel.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /als Tabelle herunterladen/ }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^Protokoll-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await (await download.createReadStream()).toArray();
    const bytes = Buffer.concat(csv);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark');
    assert.match(bytes.toString('utf8'), /^\uFEFFDatum;Uhrzeit;Wer;Was;Betrifft;Eintrag/);

    // The filter: one kind of action, from today (Berlin), by the form.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
    await page.getByLabel('Art der Änderung').selectOption({ label: 'Protokoll heruntergeladen' });
    await page.getByLabel('Von (Datum)').fill(today);
    await Promise.all([
      page.waitForURL(/action=audit\.exported/),
      page.getByRole('button', { name: 'Anzeigen' }).click(),
    ]);
    await hydrated(page);
    const table = page.getByRole('table');
    await table.getByText(/hat Einträge des Protokolls als Tabelle heruntergeladen/).first().waitFor();
    const text = await table.innerText();
    assert.doesNotMatch(text, UUID, 'no ids');
    assert.doesNotMatch(text, /[{}"]|audit\.exported|UTC/, 'no JSON, keys or UTC');
    assert.match(text, /\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr/, 'Berlin time');
    // The download link keeps the filter.
    const href = await page.getByRole('link', { name: /als Tabelle herunterladen/ }).getAttribute('href');
    assert.match(href, /^\/audit\/export\.csv\?action=audit\.exported&from=\d{4}-\d{2}-\d{2}$/);
    await fitsTheWindow(page, width);
    assert.deepEqual(await seriousViolations(page), [], `axe on the filtered log @${width}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test('the filter works without JavaScript and says what it cannot read', { timeout: 120_000 }, async () => {
  const page = await newPage(browser, { javaScript: false, width: 360 });
  await login(page, ACCOUNTS.auditor, DEMO_PASSWORD, { javaScript: false });
  await page.goto(`${BASE_URL}/audit`);
  await page.getByLabel('Person').fill('zzz-niemand-heisst-so');
  await Promise.all([page.waitForURL(/person=zzz-niemand-heisst-so/), page.getByRole('button', { name: 'Anzeigen' }).click()]);
  await page.getByText('Keine Einträge passen zu diesem Filter.').waitFor();
  assert.equal(await page.getByLabel('Person').inputValue(), 'zzz-niemand-heisst-so', 'the form keeps the filter');
  await page.getByRole('link', { name: 'Alle Filter aufheben' }).click();
  await page.waitForURL(`${BASE_URL}/audit`);

  await page.goto(`${BASE_URL}/audit?from=2026-12-06&to=2026-12-01`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Das Ende des Zeitraums liegt vor seinem Anfang/);
  assert.equal(await alert.getByRole('link').getAttribute('href'), '#field-to', 'the error leads to its field');
  assert.equal(await page.locator('#field-to').inputValue(), '2026-12-01', 'the form keeps what was typed');
  await page.context().close();
});

/** Uploads a list with only one person: every other active colleague would be deactivated. */
async function riskyPreview(page, javaScript) {
  await page.goto(`${BASE_URL}/organisation/import`);
  if (javaScript) await hydrated(page);
  const csv = 'Personalnummer;Nachname;Vorname;E-Mail;Organisationseinheit\n'
    + 'R-1;Risiko;Rita;rita.risiko@musterstadt.example;FB 50\n';
  await page.getByLabel('CSV-Datei').setInputFiles({ name: 'nur-eine.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await Promise.all([page.waitForURL(/\/organisation\/import\/[0-9a-f-]+$/), page.getByRole('button', { name: 'Datei prüfen' }).click()]);
  if (javaScript) await hydrated(page);
}

for (const javaScript of [false, true]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';
  test(`a mass deactivation is red, says what happens and needs the tick, ${mode}`, { timeout: 180_000 }, async () => {
    for (const width of [360, 1280]) {
      const page = await newPage(browser, { javaScript, width });
      await login(page, ACCOUNTS.hr, DEMO_PASSWORD, { javaScript });
      await riskyPreview(page, javaScript);
      const zone = page.locator('.danger-zone');
      await zone.waitFor();
      assert.match(await zone.innerText(), /Beim Übernehmen werden \d+ Personen deaktiviert, \d+ bleib(t|en) aktiv\./);
      const apply = zone.getByRole('button', { name: 'Übernehmen' });
      const colours = await apply.evaluate((b) => getComputedStyle(b).backgroundColor);
      assert.equal(colours, 'rgb(164, 22, 26)', 'the red button, not the usual blue');
      const box = page.getByLabel(/^Ich habe verstanden, dass \d+ Personen deaktiviert werden/);
      assert.equal(await box.getAttribute('required'), '', 'the browser checks the box');
      // Unticked, the browser keeps the form.
      const before = page.url();
      await apply.click();
      await page.waitForTimeout(500);
      assert.equal(page.url(), before, `${mode} @${width}: nothing sent without the tick`);
      assert.equal(await page.getByText('Die Beschäftigtenliste ist übernommen.').count(), 0);
      await fitsTheWindow(page, width);
      if (javaScript) {
        assert.deepEqual(await seriousViolations(page), [], `axe on the risky preview @${width}`);
        // Sent past the browser's check, the server refuses it on the box and changes nothing.
        await page.locator('form', { has: apply }).evaluate((form) => { form.noValidate = true; });
        await apply.click();
        const alert = page.getByRole('alert').filter({ hasText: /Kästchen/ });
        await alert.waitFor();
        assert.match(await alert.innerText(), /Diese Liste deaktiviert sehr viele Konten/);
        assert.equal(await page.getByText('Die Beschäftigtenliste ist übernommen.').count(), 0);
        assert.equal(await box.getAttribute('aria-invalid'), 'true');
        assert.deepEqual(page.problems, []);
      }
      await page.context().close();
    }
  });
}
