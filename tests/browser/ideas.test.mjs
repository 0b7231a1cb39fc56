// The ideas scheme ("Ideenbörse") as its users meet it. An employee (with JavaScript) submits an
// idea by name; the scout (without JavaScript) submits one anonymously, supports the
// employee's idea and comments on it; the employee supports the anonymous idea. The
// coordination office moves the named idea on, without JavaScript (and is refused a decline
// without a reason) and with it; the employee reads the history and gets the mail of every
// step. The filter works as a plain GET form. axe at 320 and 1280 px on every page of the area.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ACCOUNTS, BASE_URL, hydrated, launch, login, newPage, seriousViolations } from './harness.mjs';

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
  for (let i = 0; i < 100; i++) {
    const found = mailbox().filter(predicate);
    if (found.length) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`no mail: ${what}`);
}

async function as(account, { javaScript = true, width = 1280 } = {}) {
  const page = await newPage(browser, { javaScript, width });
  await login(page, account, undefined, { javaScript });
  return page;
}

async function open(page, path, javaScript) {
  await page.goto(`${BASE_URL}${path}`);
  if (javaScript) await hydrated(page);
}

/** Fills in the form of a new idea and sends it; returns the idea's id. */
async function submitIdea(page, { title, anonymous, javaScript }) {
  await open(page, '/ideen/neu', javaScript);
  await page.getByRole('heading', { level: 1, name: 'Idee einreichen' }).waitFor();
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel('Was läuft heute nicht gut?').fill('Wir drucken jeden Antrag aus und tragen ihn durchs Haus.');
  await page.getByLabel('Ihr Vorschlag').fill('Anträge digital weiterleiten und in der E-Akte ablegen.');
  const unit = await page.locator('#field-department option', { hasText: 'Bürgerbüro' }).first().getAttribute('value');
  await page.getByLabel('Organisationseinheit').selectOption(unit);
  await page.getByLabel('Betroffener Ablauf').fill('Antragsbearbeitung');
  if (anonymous) await page.getByLabel('Meine Idee ohne meinen Namen einreichen').check();
  await page.getByRole('button', { name: 'Idee einreichen' }).click();
  await page.getByText('Danke! Ihre Idee ist eingegangen').waitFor();
  const id = new URL(page.url()).pathname.split('/').pop();
  assert.match(id, /^[0-9a-f-]{36}$/);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  return id;
}

test('submit by name and anonymously, support, comment, and the office moves an idea on', { timeout: 240_000 }, async () => {
  const marker = Date.now();
  const named = `Digitale Umlaufmappe ${marker}`;
  const secret = `Weniger Papier ${marker}`;

  // By name, with JavaScript.
  const employee = await as(ACCOUNTS.employee);
  const namedId = await submitIdea(employee, { title: named, anonymous: false, javaScript: true });
  await employee.getByText('Erika Mustermann').first().waitFor();
  await employee.getByText('Das ist Ihre Idee.').waitFor();
  assert.equal(await employee.getByRole('button', { name: 'Idee unterstützen' }).count(), 0, 'not one\'s own');

  // Anonymous, without JavaScript.
  const scout = await as(ACCOUNTS.scout, { javaScript: false });
  const secretId = await submitIdea(scout, { title: secret, anonymous: true, javaScript: false });
  await scout.getByText('Sie haben sie anonym eingereicht').waitFor();
  const facts = await scout.locator('dl.facts').innerText();
  assert.match(facts, /anonym/);
  assert.doesNotMatch(facts, /Samir Yilmaz/);
  await open(scout, '/ideen/meine', false);
  await scout.getByRole('link', { name: secret }).waitFor();

  // The scout supports and comments on the named idea (no JavaScript).
  await open(scout, `/ideen/${namedId}`, false);
  await scout.getByRole('button', { name: 'Idee unterstützen' }).click();
  await scout.getByText('Sie unterstützen diese Idee.').waitFor();
  await scout.getByRole('button', { name: 'Unterstützung zurückziehen' }).waitFor();
  await scout.getByLabel('Ihr Kommentar').fill(`Sehr gut, das spart Wege (${marker}).`);
  await scout.getByRole('button', { name: 'Kommentar senden' }).click();
  await scout.getByText('Ihr Kommentar ist gespeichert.').waitFor();
  await scout.getByText(`Sehr gut, das spart Wege (${marker}).`).waitFor();

  // The employee supports the anonymous idea and comments (JavaScript); the idea names nobody.
  await open(employee, `/ideen/${secretId}`, true);
  assert.doesNotMatch(await employee.locator('main').innerText(), /Samir Yilmaz/);
  await employee.getByRole('button', { name: 'Idee unterstützen' }).click();
  await employee.getByText('Sie unterstützen diese Idee.').waitFor();
  await employee.getByLabel('Ihr Kommentar').fill('Unbedingt!');
  await employee.getByRole('button', { name: 'Kommentar senden' }).click();
  await employee.getByText('Ihr Kommentar ist gespeichert.').waitFor();

  // The office, without JavaScript: a decline needs a reason; then "in Prüfung".
  const office = await as(ACCOUNTS.coordinator, { javaScript: false });
  await open(office, '/ideen/koordination', false);
  await office.getByRole('link', { name: named }).click();
  await office.getByRole('heading', { level: 1, name: named }).waitFor();
  await office.getByLabel('abgelehnt').check();
  await office.getByRole('button', { name: 'Stand ändern' }).click();
  await office.getByText('Bitte begründen Sie die Ablehnung.').first().waitFor();
  assert.match(await office.locator('dl.facts').innerText(), /eingegangen/, 'nothing changed');
  await office.getByLabel('in Prüfung').check();
  await office.getByLabel('Nachricht der Koordinierungsstelle').fill('Wir sprechen mit der IT.');
  await office.getByRole('button', { name: 'Stand ändern' }).click();
  await office.getByText('Der Stand ist geändert').waitFor();

  // With JavaScript: accepted.
  const officeJs = await as(ACCOUNTS.coordinator);
  await open(officeJs, `/ideen/${namedId}`, true);
  await officeJs.getByLabel('angenommen').check();
  await officeJs.getByLabel('Nachricht der Koordinierungsstelle').fill('Wir setzen das um.');
  await officeJs.getByRole('button', { name: 'Stand ändern' }).click();
  await officeJs.getByText('Der Stand ist geändert').waitFor();
  assert.deepEqual(await seriousViolations(officeJs), [], 'the idea as the office sees it');

  // The employee reads the history: the office's messages, not a coordinator's name.
  await open(employee, `/ideen/${namedId}`, true);
  const history = await employee.locator('.status-history').innerText();
  assert.match(history, /in Prüfung/);
  assert.match(history, /Wir sprechen mit der IT\./);
  assert.match(history, /angenommen/);
  assert.doesNotMatch(await employee.locator('main').innerText(), /Nadine Schulz/);
  assert.match(await employee.locator('dl.facts').innerText(), /Unterstützungen\s*1/);

  if (MAILDIR) {
    const mails = await waitForMail(
      (m) => m.to.includes(ACCOUNTS.employee) && m.text.includes(`/ideen/${namedId}`) && m.subject.includes('angenommen'),
      'the accepted mail',
    );
    assert.match(mails[0].text, /Wir setzen das um\./);
    for (const step of ['eingegangen', 'in Prüfung']) {
      await waitForMail((m) => m.to.includes(ACCOUNTS.employee) && m.text.includes(`/ideen/${namedId}`) && m.subject.includes(step), step);
    }
    // The anonymous submitter is told too.
    await waitForMail((m) => m.to.includes(ACCOUNTS.scout) && m.text.includes(`/ideen/${secretId}`), 'the anonymous receipt');
  }

  // The filter as a plain GET form, without JavaScript.
  await open(scout, '/ideen', false);
  await scout.getByLabel('Stand', { exact: true }).selectOption('accepted');
  await scout.getByRole('button', { name: 'Anzeigen' }).click();
  await scout.waitForURL(/status=accepted/);
  await scout.getByRole('link', { name: named }).waitFor();
  assert.equal(await scout.getByRole('link', { name: secret }).count(), 0);

  for (const page of [employee, scout, office, officeJs]) {
    assert.deepEqual(page.problems, [], 'no page errors');
    await page.context().close();
  }
});

test('the pages of the ideas exchange have no serious accessibility problems', { timeout: 240_000 }, async () => {
  for (const width of [320, 1280]) {
    const office = await as(ACCOUNTS.coordinator, { width });
    await open(office, '/ideen', true);
    const first = await office.locator('table a[href^="/ideen/"]').first().getAttribute('href');
    for (const path of ['/ideen', '/ideen?status=received', '/ideen/neu', '/ideen/meine', '/ideen/koordination', first]) {
      await open(office, path, true);
      assert.deepEqual(await seriousViolations(office), [], `${path} at ${width} px`);
    }
    // A refused form, its summary and field errors.
    await open(office, '/ideen/neu', true);
    await office.getByLabel('Was läuft heute nicht gut?').fill('Etwas');
    await office.locator('form.stack-form').evaluate((form) => form.setAttribute('novalidate', ''));
    await office.getByRole('button', { name: 'Idee einreichen' }).click();
    await office.locator('#form-errors').waitFor();
    assert.deepEqual(await seriousViolations(office), [], `refused form at ${width} px`);
    assert.deepEqual(office.problems, []);
    await office.context().close();
  }
});
