// The editors' question statistics (issue 20, point 2): the demo's editor finds the figures of
// the simulated cohort the demo data brings (facility, discrimination, options chosen, flags),
// at 320 and 1280 px with axe-core (JavaScript on); a learner reports a question from the
// result page ("Frage melden", keyboard only) and the report reaches the editors – on their
// page, without the learner's name, and by mail (the real SMTP server of ./dev test) – where an
// editor marks it as done.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ACCOUNTS, BASE_URL, hydrated, launch, login, newPage } from './harness.mjs';
import { answer, axe, readModule, readQuiz } from './quiz.mjs';

const EDITOR = ACCOUNTS.editor;
const LEARNER = ACCOUNTS.hr;
const MODULE = 'e-akte';
const MAILDIR = process.env.MAILDIR;
const PYTHON = process.env.FS_TEST_PYTHON || 'python3';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

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

for (const width of [320, 1280]) {
  test(`an editor sees the item statistics of the simulated cohort at ${width}px`, { timeout: 120_000 }, async () => {
    const page = await newPage(browser, { javaScript: true, width });
    await login(page, EDITOR);
    if (width >= 1280) {
      await page.getByRole('link', { name: 'Fragenstatistik', exact: true }).first().click();
    } else {
      await page.goto(`${BASE_URL}/redaktion/statistik`);
    }
    await page.getByRole('heading', { level: 1, name: 'Fragenstatistik' }).waitFor();
    await hydrated(page);
    const modules = page.getByRole('table', { name: 'Module und ihre Testfragen (aktuelle Version)' });
    const title = readModule(MODULE).title.de;
    const row = modules.getByRole('row', { name: new RegExp(title) });
    const cells = await row.getByRole('cell').allInnerTexts();
    assert.ok(Number(cells[1]) >= 100, `tests counted for ${MODULE}: ${cells}`);
    assert.ok(Number(cells[2]) >= 10, `questions with figures: ${cells}`);
    await axe(page, `statistics overview at ${width}px`);

    // To the module, by keyboard.
    await row.getByRole('link', { name: title }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Fragenstatistik: ${title}` }).waitFor();
    await hydrated(page);
    const version = readModule(MODULE).version;
    const figures = page.getByRole('table', { name: `Kennzahlen je Frage, Version ${version}` });
    const text = await figures.innerText();
    assert.match(text, /\d+ %/, 'facility in percent');
    assert.match(text, /-?\d,\d\d/, 'discrimination with the decimal comma');
    const flags = ['Trennt verkehrt herum', 'Trennt kaum', 'Eine Antwort wählt niemand', 'Fast alle lösen sie', 'Fast niemand löst sie'];
    assert.ok(flags.some((flag) => text.includes(flag)), `the simulated faults are flagged: ${text.slice(0, 400)}`);
    // How often each option was chosen, per question with options.
    await page.getByRole('heading', { level: 2, name: 'Gewählte Antworten' }).waitFor();
    const optionTables = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Gewählt' }) });
    assert.ok(await optionTables.count() >= 3, 'option tables, each with its question as caption');
    assert.match(await optionTables.first().innerText(), /richtig/);
    await page.getByRole('heading', { level: 2, name: 'Was die Zahlen bedeuten' }).waitFor();
    await axe(page, `module statistics at ${width}px`);
    assert.deepEqual(page.problems, [], 'script errors');
    await page.context().close();
  });
}

test('a learner reports a question and the report reaches the editors without the name', { timeout: 180_000 }, async () => {
  const quiz = readQuiz(MODULE);
  const learner = await newPage(browser, { javaScript: true, width: 1280 });
  await login(learner, LEARNER);
  await learner.goto(`${BASE_URL}/modules/${MODULE}`);
  await hydrated(learner);
  await learner.getByRole('button', { name: /^Test (starten|noch einmal machen)$/ }).click();
  for (let position = 1; position <= quiz.draw; position++) {
    await learner.getByRole('heading', { level: 1, name: `Frage ${position} von ${quiz.draw}` }).waitFor();
    await hydrated(learner);
    await answer(learner, quiz);
    const button = position < quiz.draw ? 'Weiter' : 'Übersicht und Abgabe';
    await learner.getByRole('button', { name: button, exact: true }).click();
  }
  await learner.getByRole('heading', { level: 1, name: 'Übersicht und Abgabe' }).waitFor();
  await hydrated(learner);
  await learner.getByRole('button', { name: 'Test abgeben' }).click();
  await learner.getByRole('heading', { level: 1, name: 'Ihr Testergebnis' }).waitFor();
  await hydrated(learner);
  await axe(learner, 'result with "Frage melden"');

  // Keyboard only: open "Frage melden" of the first question, write, send.
  const first = learner.locator('li.result-question').first();
  const asked = (await first.locator('p').first().innerText()).trim();
  await first.locator('summary', { hasText: 'Frage melden' }).focus();
  await learner.keyboard.press('Enter');
  const comment = `Die Frage ist missverständlich (Browsertest ${Date.now()}).`;
  await first.getByLabel('Was stimmt an dieser Frage nicht?').focus();
  await learner.keyboard.type(comment);
  await learner.keyboard.press('Tab');
  await learner.keyboard.press('Enter');
  await learner.getByText('Danke! Ihre Meldung ist bei der Redaktion angekommen.').waitFor();
  assert.match(learner.url(), /reported=0/);
  await hydrated(learner);
  await axe(learner, 'result after the report');
  assert.deepEqual(learner.problems, [], 'script errors');
  await learner.context().close();

  // The editor's page lists it with the comment and the question, naming nobody.
  const editor = await newPage(browser, { javaScript: true, width: 1280 });
  await login(editor, EDITOR);
  await editor.goto(`${BASE_URL}/redaktion/statistik/${MODULE}`);
  await hydrated(editor);
  const reports = editor.getByRole('region', { name: 'Gemeldete Fragen' });
  const card = reports.locator('li.card', { hasText: comment });
  await card.waitFor();
  const shown = await card.innerText();
  assert.ok(shown.includes(asked.slice(0, 40)), `the reported question: ${shown}`);
  for (const trace of ['Petra', 'Schneider', LEARNER]) {
    assert.ok(!(await editor.content()).includes(trace), `the learner shows as ${trace}`);
  }
  // And by mail.
  const mails = await waitForMail((m) => m.to.includes(EDITOR) && m.subject === 'Eine Testfrage wurde gemeldet', 'report to the editor');
  assert.ok(!mails[0].text.includes('Petra'), 'the mail names nobody');
  assert.ok(mails[0].text.includes(`/redaktion/statistik/${MODULE}`));

  // Done.
  await card.getByRole('button', { name: 'Als erledigt markieren' }).click();
  await editor.getByText('Die Meldung ist als erledigt markiert.').waitFor();
  await hydrated(editor);
  await editor.locator('li.card', { hasText: comment }).getByText(/erledigt am/).waitFor();
  await axe(editor, 'module statistics after marking done');
  await editor.context().close();
});
