// The curriculum in the browser (issue 20, point 1). An editor changes a lesson and a question of
// a module, a second editor compares and approves, and a learner on the *second* instance that
// `./dev test` starts on the same database sees the new text without a restart, while the result
// of the attempt taken before still shows the question as it was asked. A GIFT question bank
// uploaded through the browser shows the importer's report. axe-core on every editor page.
// The module is one no other browser test uses, so that the changes stay out of their way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, BASE_URL, hydrated, launch, login, newPage } from './harness.mjs';
import { answer, axe, readModule, readQuiz } from './quiz.mjs';

const MODULE = 'offene-verwaltung';
const LEARNER = ACCOUNTS.auditor;
const SECOND_URL = process.env.SECOND_URL;
const SENTENCE = `Dieser Satz kommt aus der Redaktion (${Date.now()}).`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const title = readModule(MODULE).title.de;

async function openDraft(page, { javaScript = true } = {}) {
  await page.goto(`${BASE_URL}/redaktion/inhalte`);
  await page.getByRole('heading', { level: 1, name: 'Inhalte' }).waitFor();
  if (javaScript) await hydrated(page);
  const row = page.getByRole('row', { name: new RegExp(title) });
  await row.getByRole('button', { name: 'Bearbeiten' }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${title}: Version`) }).waitFor();
  if (javaScript) await hydrated(page);
  return page.url().split('?')[0];
}

test('an edited lesson and question, approved by a second editor, reach another instance; an old attempt keeps its version', { timeout: 300_000 }, async () => {
  assert.ok(SECOND_URL, './dev test starts a second instance and says where (SECOND_URL)');
  const quiz = readQuiz(MODULE);

  // The learner passes the module as released.
  const learner = await newPage(browser, { javaScript: true, width: 1280 });
  await login(learner, LEARNER);
  await learner.goto(`${BASE_URL}/modules/${MODULE}`);
  await hydrated(learner);
  await learner.getByRole('button', { name: /^Test (starten|noch einmal machen)$/ }).click();
  for (let position = 1; position <= quiz.draw; position++) {
    await learner.getByRole('heading', { level: 1, name: `Frage ${position} von ${quiz.draw}` }).waitFor();
    await hydrated(learner);
    await answer(learner, quiz);
    await learner.getByRole('button', { name: position < quiz.draw ? 'Weiter' : 'Übersicht und Abgabe', exact: true }).click();
  }
  await learner.getByRole('heading', { level: 1, name: 'Übersicht und Abgabe' }).waitFor();
  await hydrated(learner);
  await learner.getByRole('button', { name: 'Test abgeben' }).click();
  await learner.getByRole('heading', { level: 1, name: 'Ihr Testergebnis' }).waitFor();
  const resultPath = new URL(learner.url()).pathname;
  const asked = (await learner.locator('li.result-question').first().locator('p').first().innerText()).trim();
  const question = quiz.questions.find((q) => q.text.replace(/\s+/g, ' ').trim() === asked.replace(/\s+/g, ' '));
  assert.ok(question, `the first question of the result is in quiz.toml: ${asked}`);
  await learner.context().close();

  // The editor starts a draft and changes lesson 01.
  const editor = await newPage(browser, { javaScript: true, width: 1280 });
  await login(editor, ACCOUNTS.editor);
  const versionUrl = await openDraft(editor);
  await axe(editor, 'version page of a draft');
  await editor.getByRole('link', { name: /01-offene-daten-verstehen\.md/ }).first().click();
  const text = editor.getByLabel('Text', { exact: true });
  await text.waitFor();
  await hydrated(editor);
  await axe(editor, 'lesson editor');
  await text.fill(`${await text.inputValue()}\n${SENTENCE}\n`);
  // The live preview follows the typing.
  await editor.locator('.lesson-preview, [aria-label="Vorschau"], #vorschau').filter({ hasText: SENTENCE }).first().waitFor({ timeout: 15_000 });
  // A problem found while typing is named in the editor's language, and goes once it is fixed.
  const good = await text.inputValue();
  await text.fill(`${good}\n<b>roh</b>\n`);
  await editor.locator('#preview-problems').filter({ hasText: 'HTML ist in Lektionen nicht erlaubt' }).waitFor({ timeout: 15_000 });
  await text.fill(good);
  await editor.getByText('Die Vorschau findet keine Fehler.').waitFor({ timeout: 15_000 });
  await editor.getByRole('button', { name: 'Speichern', exact: true }).click();
  await editor.getByText(/^Gespeichert\./).first().waitFor();

  // … and the question the learner was asked.
  await editor.goto(versionUrl);
  await editor.getByRole('link', { name: 'Fragen bearbeiten' }).click();
  await editor.getByRole('heading', { level: 1, name: /Fragen/ }).waitFor();
  await hydrated(editor);
  await axe(editor, 'questions of a draft');
  await editor.getByRole('link', { name: new RegExp(`Bearbeiten.*${question.id}`) }).first().click();
  const field = editor.locator('textarea[name="text"]');
  await field.waitFor();
  await hydrated(editor);
  await axe(editor, 'question form');
  const reworded = `${question.text} (überarbeitet)`;
  await field.fill(reworded);
  await editor.getByRole('button', { name: 'Speichern', exact: true }).first().click();
  await editor.getByText(/Die Frage ist gespeichert/).first().waitFor();

  // Submitted for review; the author cannot approve.
  await editor.goto(versionUrl);
  await hydrated(editor);
  await editor.getByLabel('Notiz für die Prüfung (freiwillig)').fill('Ein Satz in Lektion 1, eine Frage klarer.');
  await editor.getByRole('button', { name: 'Zur Prüfung einreichen' }).click();
  await editor.getByText('Die Fassung ist zur Prüfung eingereicht.', { exact: false }).waitFor();
  assert.equal(await editor.getByRole('button', { name: 'Freigeben und veröffentlichen' }).count(), 0, 'no approval of one\'s own work');
  await editor.context().close();

  // The second editor compares and approves.
  const reviewer = await newPage(browser, { javaScript: true, width: 1280 });
  await login(reviewer, ACCOUNTS.reviewer);
  await reviewer.goto(`${BASE_URL}/redaktion/inhalte`);
  await hydrated(reviewer);
  await reviewer.getByRole('region', { name: 'Wartet auf Ihre Prüfung' }).getByRole('link', { name: new RegExp(title) }).first().click();
  await reviewer.getByRole('heading', { level: 1, name: new RegExp(`^${title}: Version`) }).waitFor();
  await hydrated(reviewer);
  await reviewer.getByRole('link', { name: 'Vergleichen mit der veröffentlichten Fassung' }).click();
  await reviewer.getByRole('heading', { level: 1, name: /^Vergleich/ }).waitFor();
  await hydrated(reviewer);
  assert.ok((await reviewer.locator('main').innerText()).includes(SENTENCE), 'the diff shows the new sentence');
  await axe(reviewer, 'comparison');
  await reviewer.goBack();
  await hydrated(reviewer);
  await reviewer.getByRole('button', { name: 'Freigeben und veröffentlichen' }).click();
  await reviewer.getByText('Die Fassung ist freigegeben und veröffentlicht.', { exact: false }).waitFor();
  await reviewer.context().close();

  // The learner, on the other instance: the new lesson text within seconds, without a restart …
  const other = await newPage(browser, { javaScript: true, width: 1280 });
  await other.goto(`${SECOND_URL}/login`);
  await login(other, LEARNER);
  let shown = false;
  for (let i = 0; i < 40 && !shown; i++) {
    await other.goto(`${SECOND_URL}/modules/${MODULE}/lessons/01-offene-daten-verstehen`);
    shown = (await other.content()).includes(SENTENCE);
    if (!shown) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.ok(shown, 'the second instance shows the published lesson');
  // … and the earlier attempt as it was taken.
  await other.goto(`${SECOND_URL}${resultPath}`);
  await other.getByRole('heading', { level: 1, name: 'Ihr Testergebnis' }).waitFor();
  const first = (await other.locator('li.result-question').first().locator('p').first().innerText()).trim();
  assert.equal(first, asked, 'the old attempt shows the question as it was asked');
  assert.ok(!(await other.content()).includes('(überarbeitet)'), 'not the new wording');
  assert.deepEqual(other.problems, [], 'script errors');
  await other.context().close();
});

test('a GIFT file uploaded in the browser shows the importer\'s report', { timeout: 180_000 }, async () => {
  const editor = await newPage(browser, { javaScript: false, width: 1280 });
  await login(editor, ACCOUNTS.editor, undefined, { javaScript: false });
  const versionUrl = await openDraft(editor, { javaScript: false });
  await editor.getByRole('link', { name: 'Fragen importieren (GIFT, Moodle XML)' }).click();
  await editor.getByRole('heading', { level: 1, name: 'Fragen importieren' }).waitFor();
  const gift = [
    '::Offene Daten::Welche Lizenz erlaubt jede Nutzung mit Namensnennung? {',
    '=CC BY 4.0',
    '~Alle Rechte vorbehalten',
    '~Nur für den Dienstgebrauch',
    '}',
    '',
    '::Aufsatz::Beschreiben Sie Ihre Datenstrategie. {}',
    '',
  ].join('\n');
  await editor.getByLabel('Datei mit Fragen').setInputFiles({ name: 'fragen.gift', mimeType: 'text/plain', buffer: Buffer.from(gift) });
  await editor.getByRole('button', { name: 'Fragen importieren' }).click();
  await editor.getByRole('heading', { level: 1, name: /Bericht/ }).waitFor();
  const report = await editor.locator('main').innerText();
  assert.match(report, /fragen\.gift/);
  assert.match(report, /Nicht übernommen \(1\)/, report.slice(0, 600));
  assert.match(report, /7/, 'the skipped question names its line');

  // The draft is thrown away again.
  await editor.goto(versionUrl);
  await editor.getByLabel('Ich habe verstanden, dass die Änderungen dieses Entwurfs nicht veröffentlicht werden.').check();
  await editor.getByRole('button', { name: 'Entwurf verwerfen' }).click();
  await editor.getByText('Der Entwurf ist verworfen.', { exact: false }).waitFor();
  await editor.context().close();
});

test('two editors save the same lesson at once: the second one sees both texts and merges them', { timeout: 240_000 }, async () => {
  const module = 'prozesse-digital-denken';
  const moduleTitle = readModule(module).title.de;
  const lesson = /02-ist-und-soll-gemeinsam-erarbeiten\.md/;
  const stamp = Date.now();
  const first = `Der Satz der ersten Person (${stamp}).`;
  const second = `Der Satz der zweiten Person (${stamp}).`;

  const noScript = await newPage(browser, { javaScript: false, width: 1280 });
  await login(noScript, ACCOUNTS.editor, undefined, { javaScript: false });
  await noScript.goto(`${BASE_URL}/redaktion/inhalte`);
  await noScript.getByRole('row', { name: new RegExp(moduleTitle) }).getByRole('button', { name: 'Bearbeiten' }).click();
  await noScript.getByRole('heading', { level: 1, name: new RegExp(`^${moduleTitle}: Version`) }).waitFor();
  const versionUrl = noScript.url().split('?')[0];
  await noScript.getByRole('link', { name: lesson }).first().click();
  const fileUrl = noScript.url();
  const scripted = await newPage(browser, { javaScript: true, width: 1280 });
  await login(scripted, ACCOUNTS.reviewer);

  // Both open the lesson; `saver` (without JavaScript) saves first, `late` (with JavaScript)
  // afterwards from the older text. The same without JavaScript on both sides is the API test
  // authoring_pages::two_editors_saving_one_file_keep_both_texts_and_a_late_save_is_kept_apart.
  for (const [saver, late, mine, theirs] of [[noScript, scripted, second, first]]) {
    const label = 'with JavaScript';
    for (const page of [saver, late]) {
      await page.goto(fileUrl);
      await page.getByLabel('Text', { exact: true }).waitFor();
      if (page === scripted) await hydrated(page);
    }
    const saverText = saver.getByLabel('Text', { exact: true });
    await saverText.fill(`${await saverText.inputValue()}\n${theirs}\n`);
    await saver.getByRole('button', { name: 'Speichern', exact: true }).click();
    await saver.getByText(/^Gespeichert\./).first().waitFor();

    const lateText = late.getByLabel('Text', { exact: true });
    await lateText.fill(`${await lateText.inputValue()}\n${mine}\n`);
    await late.getByRole('button', { name: 'Speichern', exact: true }).click();
    await late.getByRole('heading', { level: 2, name: 'Ihr Text ist noch nicht gespeichert' }).waitFor();
    if (late === scripted) await hydrated(late);
    const kept = await late.getByLabel('Text', { exact: true }).inputValue();
    assert.ok(kept.includes(mine), `${label}: the late editor's text is in the field`);
    assert.ok(!kept.includes(theirs), `${label}: the field holds the late editor's text only`);
    const diff = await late.getByRole('region', { name: 'Unterschiede zwischen dem gespeicherten Text und Ihrem Text' }).innerText();
    assert.ok(diff.includes(mine) && diff.includes(theirs), `${label}: the difference shows both sentences`);
    await axe(late, `conflict ${label}`);

    // Merged by keyboard: the other sentence is typed at the end of the field, then saved.
    await lateText.focus();
    await late.keyboard.press('Control+End');
    await late.keyboard.type(`${theirs}\n`);
    await late.getByRole('button', { name: 'Speichern', exact: true }).click();
    await late.getByText(/^Gespeichert\./).first().waitFor();
    const saved = await late.getByLabel('Text', { exact: true }).inputValue();
    assert.ok(saved.includes(mine) && saved.includes(theirs), `${label}: both changes are saved`);
  }
  assert.deepEqual(scripted.problems, [], 'script errors');
  await scripted.context().close();

  // The draft is thrown away again.
  await noScript.goto(versionUrl);
  await noScript.getByLabel('Ich habe verstanden, dass die Änderungen dieses Entwurfs nicht veröffentlicht werden.').check();
  await noScript.getByRole('button', { name: 'Entwurf verwerfen' }).click();
  await noScript.getByText('Der Entwurf ist verworfen.', { exact: false }).waitFor();
  await noScript.context().close();
});
