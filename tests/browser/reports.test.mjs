// HR's journey: import the employee list, open the heatmap, drill down, filter, export; the
// admin switches a report off. With JavaScript and without, and by keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { ACCOUNTS, BASE_URL, DEMO_PASSWORD, hydrated, launch, login, newPage } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Nobody is named in a report. The people are the ones the server really has: the demo logins,
// the generated demo staff (first and last names drawn from the generator's lists) and whoever
// these tests imported, read from the admin's list of accounts at the moment of the check, so
// that the check follows the data instead of a copy of the generator's name lists.
async function everyone() {
  const admin = await newPage(browser, { javaScript: false });
  try {
    await login(admin, ACCOUNTS.admin, DEMO_PASSWORD, { javaScript: false });
    // The list comes in pages: read them all.
    const rows = [];
    for (let page = 1, pages = 1; page <= pages; page++) {
      const response = await admin.request.post(`${BASE_URL}/api/admin/users/list`, {
        form: { page: String(page) },
        headers: { Origin: BASE_URL },
      });
      assert.equal(response.status(), 200, `the admin's list of accounts: ${await response.text()}`);
      const body = await response.json();
      rows.push(...body.rows);
      pages = body.pages;
    }
    // 140 generated staff and the five logins: a short list would make the check vacuous.
    assert.ok(rows.length >= 145, `only ${rows.length} accounts listed`);
    return rows;
  } finally {
    await admin.context().close();
  }
}

/** Everything that would name a person other than the viewer: names (both orders) and addresses. */
async function namesOfOthers(viewer) {
  const needles = new Set();
  for (const person of await everyone()) {
    if (person.email === viewer) continue;
    const name = person.display_name.trim();
    needles.add(name);
    const parts = name.split(/\s+/);
    if (parts.length >= 2) needles.add(`${parts.at(-1)}, ${parts.slice(0, -1).join(' ')}`);
    needles.add(person.email);
  }
  return [...needles];
}

function assertNobodyNamed(text, needles, where) {
  const found = needles.filter((needle) => text.includes(needle));
  assert.deepEqual(found, [], `${where} names people`);
}

/** Checks the page's visible text and its whole HTML (attributes, hydration data) as well. */
async function assertPageNamesNobody(page, needles) {
  const where = new URL(page.url()).pathname + new URL(page.url()).search;
  assertNobodyNamed(await page.locator('body').innerText(), needles, where);
  assertNobodyNamed(await page.content(), needles, `the HTML of ${where}`);
}

/** The text of every XML part of an XLSX file (a zip), read with Python's standard library. */
function xlsxText(path) {
  return execFileSync('python3', ['-c', `
import sys, zipfile
book = zipfile.ZipFile(sys.argv[1])
parts = [n for n in book.namelist() if n.endswith('.xml')]
assert any(n.startswith('xl/worksheets/') for n in parts), parts
print('\\n'.join(book.read(n).decode('utf-8') for n in parts))
`, path], { encoding: 'utf8' });
}

/** Downloads a report export with the page's session and checks it names nobody. */
async function assertExportNamesNobody(page, path, needles) {
  const response = await page.request.get(`${BASE_URL}${path}`);
  assert.equal(response.status(), 200, path);
  let text;
  if (path.includes('.xlsx')) {
    const file = `${process.env.TMPDIR ?? '/tmp'}/fs-report-${process.pid}-${Date.now()}.xlsx`;
    fs.writeFileSync(file, await response.body());
    try { text = xlsxText(file); } finally { fs.rmSync(file, { force: true }); }
  } else {
    text = await response.text();
  }
  assert.ok(text.length > 0, `${path} is empty`);
  assertNobodyNamed(text, needles, path);
}

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
      // The box is required: the browser holds the form back until it is ticked (the server's
      // own refusal is tested in tests/tests/api/audit.rs).
      const confirm = page.getByLabel(/^Ich habe verstanden, dass \S+ Personen deaktiviert werden/);
      assert.equal(await confirm.getAttribute('required'), '');
      await page.getByRole('button', { name: 'Übernehmen' }).click();
      assert.ok(!page.url().includes('applied=1'), 'nothing applied without the tick');
      await confirm.check();
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
    assert.ok(await page.locator('figure.heatmap table.heatmap-table').isVisible(), 'the heatmap');
    // Nobody is named: neither the demo staff nor the people imported above, by name or address,
    // on any page or export this journey opens.
    const others = await namesOfOthers(ACCOUNTS.hr);
    await assertPageNamesNobody(page, others);
    const text = await page.locator('main').innerText();
    // Released with noise: figures say how far off they may be, and the page says why.
    assert.match(text, /≈ \d+ % \(± \d+\)/, 'figures carry their margin');
    assert.ok(await page.getByRole('link', { name: 'Wie die Zahlen geschützt sind' }).isVisible());
    // Drill down into the first unit with children.
    const first = table.locator('tbody a').first();
    const unit = (await first.innerText()).trim();
    await Promise.all([page.waitForURL(/unit=/), first.click()]);
    await page.getByRole('navigation', { name: 'Ebene in der Organisation' }).getByText(unit).waitFor();
    await assertPageNamesNobody(page, others);
    // Filter by job family with the plain form.
    await page.getByLabel('Tätigkeitsgruppe').selectOption('sachbearbeitung');
    await Promise.all([page.waitForURL(/family=sachbearbeitung/), page.getByRole('button', { name: 'Anzeigen' }).click()]);
    assert.match(page.url(), /unit=.*family=sachbearbeitung|family=sachbearbeitung.*unit=/);
    await page.locator('.report-table').waitFor();
    await assertPageNamesNobody(page, others);
    // The export keeps scope and filter.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Als Excel-Datei (XLSX) herunterladen' }).click()]);
    assert.match(download.suggestedFilename(), /^Bericht-heatmap-\d{4}-\d{2}-\d{2}\.xlsx$/);
    assert.match(download.url(), /family=sachbearbeitung/);
    assertNobodyNamed(xlsxText(await download.path()), others, 'the downloaded XLSX export');
    const csv = new URL(download.url());
    csv.pathname = csv.pathname.replace(/\.xlsx$/, '.csv');
    await assertExportNamesNobody(page, csv.pathname + csv.search, others);
    await page.context().close();
  });
}

test('the heatmap is reachable and usable by keyboard', async () => {
  const page = await newPage(browser);
  await login(page, ACCOUNTS.hr);
  await page.goto(`${BASE_URL}/reports`);
  await hydrated(page);
  const others = await namesOfOthers(ACCOUNTS.hr);
  await assertPageNamesNobody(page, others);
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
  await page.locator('.report-table').waitFor();
  await assertPageNamesNobody(page, others);
  await page.context().close();
});

test('no report page and no export names anybody', async () => {
  const page = await newPage(browser, { javaScript: false });
  await login(page, ACCOUNTS.hr, DEMO_PASSWORD, { javaScript: false });
  const others = await namesOfOthers(ACCOUNTS.hr);
  for (const kind of ['heatmap', 'gaps', 'trend', 'certification']) {
    await page.goto(`${BASE_URL}/reports/${kind}`);
    await page.locator('main h1').waitFor();
    await assertPageNamesNobody(page, others);
    for (const format of ['csv', 'xlsx']) await assertExportNamesNobody(page, `/reports/${kind}/export.${format}`, others);
  }
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
  await assertPageNamesNobody(hr, await namesOfOthers(ACCOUNTS.hr));
  // Switched on again for the other tests.
  await admin.goto(`${BASE_URL}/reports/settings`);
  await Promise.all([admin.waitForURL(/saved=1/), admin.getByRole('button', { name: /Entwicklung der letzten zwölf Monate einschalten/ }).click()]);
  await admin.context().close();
  await hr.context().close();
});
