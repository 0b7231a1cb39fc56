// The legal pages as people meet them: the accessibility statement, the Impressum and the
// Datenschutzerklärung from every page's footer, logged in or not, at 360 and 1280 pixels (axe
// with JavaScript on); a barrier reported without JavaScript and without an account reaches the
// administrator by mail (the real SMTP server that ./dev test starts) and the reporter gets the
// confirmation and, after the administrator answers on /admin/barriers, the answer; an
// administrator previews and publishes the Impressum.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ACCOUNTS, BASE_URL, DEMO_PASSWORD, hydrated, launch, login, newPage, seriousViolations } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const MAILDIR = process.env.MAILDIR;
const PYTHON = process.env.FS_TEST_PYTHON || 'python3';

function mailbox() {
  const out = execFileSync(PYTHON, [new URL('./mailbox.py', import.meta.url).pathname, MAILDIR], { encoding: 'utf8' });
  return JSON.parse(out);
}

async function waitForMail(predicate, what) {
  for (let i = 0; i < 150; i++) {
    const found = mailbox().filter(predicate);
    if (found.length) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`no mail: ${what}`);
}

const PAGES = [
  ['/barrierefreiheit', 'Erklärung zur Barrierefreiheit'],
  ['/barriere-melden', 'Barriere melden'],
  ['/impressum', 'Impressum'],
  ['/datenschutz', 'Datenschutzerklärung'],
];

for (const width of [360, 1280]) {
  test(`the legal pages are in every footer and pass axe at ${width}px`, { timeout: 120_000 }, async () => {
    const page = await newPage(browser, { width });
    await page.goto(`${BASE_URL}/login`);
    await hydrated(page);
    const footer = page.getByRole('navigation', { name: 'Rechtliches und Barrierefreiheit' });
    for (const [path, title] of PAGES) {
      await footer.getByRole('link', { name: title, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      assert.equal(new URL(page.url()).pathname, path);
      await hydrated(page);
      assert.deepEqual(await seriousViolations(page), [], `axe on ${path} at ${width}px`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${path} at ${width}px scrolls sideways by ${overflow}px`);
    }
    // The statement names the parts of the EU model statement.
    await page.goto(`${BASE_URL}/barrierefreiheit`);
    for (const heading of ['Stand der Vereinbarkeit mit den Anforderungen', 'Nicht barrierefreie Inhalte',
      'Erstellung dieser Erklärung', 'Feedback und Kontakt', 'Durchsetzungsverfahren']) {
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test('a barrier reported without JavaScript and without an account reaches the administrator, who answers', { timeout: 240_000, skip: !MAILDIR && 'MAILDIR not set (./dev test sets it)' }, async () => {
  const problem = `Der Knopf im Test ist mit der Tastatur nicht erreichbar (${Date.now()}).`;
  const reporter = `melder-${Date.now()}@example.org`;
  const visitor = await newPage(browser, { javaScript: false, width: 360 });
  await visitor.goto(`${BASE_URL}/login`);
  await visitor.getByRole('navigation', { name: 'Rechtliches und Barrierefreiheit' })
    .getByRole('link', { name: 'Barriere melden' }).click();
  await visitor.getByRole('heading', { level: 1, name: 'Barriere melden' }).waitFor();
  assert.equal(await visitor.getByLabel('Welche Seite?').inputValue(), '/login', 'the page comes from the link');
  await visitor.getByLabel('Was ist das Problem?').fill(problem);
  await visitor.getByLabel('Ihre E-Mail-Adresse für die Antwort').fill(reporter);
  await visitor.getByRole('button', { name: 'Meldung senden' }).click();
  await visitor.getByText('Ihre Meldung ist angekommen').waitFor();

  const [toAdmin] = await waitForMail(
    (m) => m.to.includes(ACCOUNTS.admin) && m.subject === 'Neue Meldung einer Barriere' && m.text.includes('/login'),
    'the administrator learns of the report',
  );
  assert.match(toAdmin.text, /\/admin\/barriers/);
  const [confirmation] = await waitForMail((m) => m.to.includes(reporter), 'the reporter gets a confirmation');
  assert.match(confirmation.text, /innerhalb von \d+ Tagen/);

  // The administrator answers, by the mail's link.
  const admin = await newPage(browser);
  await login(admin, ACCOUNTS.admin, DEMO_PASSWORD);
  const link = toAdmin.text.match(/https?:\/\/\S+\/admin\/barriers/)[0];
  await admin.goto(link.replace(/^https?:\/\/[^/]+/, BASE_URL));
  await admin.getByRole('heading', { level: 1, name: 'Gemeldete Barrieren' }).waitFor();
  await hydrated(admin);
  assert.deepEqual(await seriousViolations(admin), [], 'axe on the reports');
  const card = admin.locator('section.card', { hasText: problem });
  await card.getByText(/Antwort fällig bis/).waitFor();
  await card.getByLabel('Ihre Antwort').fill('Danke, der Knopf ist jetzt erreichbar.');
  await card.getByRole('button', { name: 'Antwort speichern und senden' }).click();
  await admin.getByText('Die Antwort ist gespeichert').waitFor();
  await waitForMail(
    (m) => m.to.includes(reporter) && m.text.includes('Danke, der Knopf ist jetzt erreichbar.'),
    'the reporter gets the answer',
  );
  assert.deepEqual(visitor.problems, []);
  assert.deepEqual(admin.problems, []);
  await visitor.context().close();
  await admin.context().close();
});

test('an administrator previews and publishes the Impressum', { timeout: 180_000 }, async () => {
  const marker = `Stadt Browserstadt ${Date.now()}`;
  const admin = await newPage(browser);
  await login(admin, ACCOUNTS.admin, DEMO_PASSWORD);
  await admin.getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Barrierefreiheit und Rechtliches' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Barrierefreiheit und Rechtliches' }).waitFor();
  await hydrated(admin);
  assert.deepEqual(await seriousViolations(admin), [], 'axe on the administrators\' page');
  await admin.getByRole('link', { name: 'Impressum', exact: true }).first().click();
  await admin.getByLabel('Text (Deutsch)').waitFor();
  await hydrated(admin);
  const text = `# Impressum\n\n${marker}\n\n<script>alert(1)</script>\n`;
  await admin.getByLabel('Text (Deutsch)').fill(text);
  await admin.getByRole('button', { name: 'Vorschau' }).click();
  await admin.getByRole('heading', { name: 'Vorschau (noch nicht veröffentlicht)' }).waitFor();
  await admin.locator('.prose').getByText(marker).waitFor();
  await hydrated(admin);
  assert.deepEqual(await seriousViolations(admin), [], 'axe on the preview');

  const visitor = await newPage(browser, { javaScript: false });
  await visitor.goto(`${BASE_URL}/impressum`);
  assert.equal(await visitor.getByText(marker).count(), 0, 'a preview is not public');

  await admin.getByRole('button', { name: 'Veröffentlichen' }).click();
  await admin.getByText('Veröffentlicht.').waitFor();
  await visitor.reload();
  await visitor.getByText(marker).waitFor();
  await visitor.getByText('<script>alert(1)</script>').waitFor();
  assert.deepEqual(admin.problems, []);
  await admin.context().close();
  await visitor.context().close();
});
