// The knowledge base ("Wissen") as people meet it, with JavaScript on and off: a scout writes an
// article and submits it, an editor finds it on the desk and publishes it, a learner finds it
// through the site search and from the lesson on the same competence; an editor confirms an
// article whose check is due ("Geprüft, noch aktuell"). axe finds nothing serious or critical on
// the new pages at 320 and 1280 pixels, and no page scrolls sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, BASE_URL, hydrated, login, launch, newPage, seriousViolations } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const LESSON = '/modules/barrierefreie-dokumente/lessons/04-barrierefreie-pdf-und-verstaendliche-sprache';
const COMPETENCE = 'kommunal-2026/barrierefreie-dokumente';

async function settle(page, javaScript) {
  if (javaScript) await hydrated(page);
}

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'with JavaScript' : 'without JavaScript';
  test(`a scout writes, an editor publishes, a learner finds the article (${mode})`, { timeout: 300_000 }, async () => {
    const stamp = Date.now().toString(36);
    const word = `Testwort${stamp}`;
    const title = `Formulare barrierefrei ausfüllen ${stamp}`;

    // The scout writes and submits, from the menu.
    const scout = await newPage(browser, { javaScript });
    await login(scout, ACCOUNTS.scout, undefined, { javaScript });
    await scout.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Wissen', exact: true }).first().click();
    await scout.getByRole('heading', { level: 1, name: 'Wissen' }).waitFor();
    await scout.getByRole('link', { name: 'Artikel schreiben' }).click();
    await scout.getByRole('heading', { level: 1, name: 'Neuer Artikel' }).waitFor();
    await settle(scout, javaScript);
    // A missing summary: the browser's own check of the required field stops the post.
    await scout.getByLabel('Titel').fill(title);
    await scout.getByLabel('Kurzbeschreibung').fill('');
    await scout.locator('#field-body').fill(`## Schritte\n\n1. Öffnen Sie das Formular.\n2. ${word} eintragen.\n\n<script>alert(1)</script>`);
    await scout.locator(`input[name="competences[]"][value="${COMPETENCE}"]`).check();
    await scout.getByRole('button', { name: 'Entwurf speichern' }).click();
    assert.equal(await scout.getByLabel('Kurzbeschreibung').evaluate((e) => e.validity.valueMissing), true);
    assert.equal(await scout.getByText('Der Entwurf ist gespeichert').count(), 0);
    await scout.getByLabel('Kurzbeschreibung').fill('So füllen Sie PDF-Formulare mit dem Screenreader aus.');
    await scout.getByRole('button', { name: 'Zur Prüfung einreichen' }).click();
    await scout.getByText('Der Artikel ist zur Prüfung eingereicht').waitFor();
    await scout.getByText('Sie können Ihre eigenen Texte nicht freigeben').waitFor();
    assert.equal(await scout.getByRole('button', { name: 'Freigeben und veröffentlichen' }).count(), 0);
    const draftUrl = scout.url().split('?')[0];

    // The editor finds it on the desk and publishes it.
    const editor = await newPage(browser, { javaScript });
    await login(editor, ACCOUNTS.editor, undefined, { javaScript });
    await editor.goto(`${BASE_URL}/wissen/redaktion`);
    await editor.getByRole('heading', { level: 1, name: 'Redaktion Wissen' }).waitFor();
    await editor.getByRole('region', { name: 'Warten auf Ihre Prüfung' }).getByRole('link', { name: title }).click();
    await editor.getByRole('heading', { level: 2, name: 'Zu prüfender Text' }).waitFor();
    await settle(editor, javaScript);
    await editor.locator('.prose').getByText('<script>alert(1)</script>').waitFor();
    await editor.getByRole('button', { name: 'Freigeben und veröffentlichen' }).click();
    await editor.getByText('Der Artikel ist veröffentlicht').waitFor();
    await editor.getByRole('heading', { level: 1, name: title }).waitFor();
    await editor.getByText(/Zuletzt geprüft am .* von /).waitFor();
    const articlePath = new URL(editor.url()).pathname;
    assert.match(articlePath, /^\/wissen\/formulare-barrierefrei-ausfuellen-/);

    // A learner finds it through the header's search and from the lesson.
    const learner = await newPage(browser, { javaScript });
    await login(learner, ACCOUNTS.employee, undefined, { javaScript });
    await learner.goto(`${BASE_URL}/suche?q=${word}`);
    const hit = learner.locator('.search-hit', { hasText: title });
    await hit.getByText('Wissen', { exact: true }).waitFor();
    await hit.getByRole('link', { name: title }).click();
    await learner.getByRole('heading', { level: 1, name: title }).waitFor();
    await learner.getByText('<script>alert(1)</script>').waitFor();
    assert.equal(await learner.getByRole('button', { name: 'Geprüft, noch aktuell' }).count(), 0);
    await learner.goto(`${BASE_URL}${LESSON}`);
    const more = learner.getByRole('region', { name: 'Mehr dazu im Wissensbereich' });
    await more.getByRole('link', { name: title }).click();
    await learner.waitForURL((url) => url.pathname === articlePath);
    // And through the list's filters (a GET form).
    await learner.goto(`${BASE_URL}/wissen`);
    await settle(learner, javaScript);
    await learner.getByRole('search', { name: 'Artikel filtern' }).getByRole('searchbox').fill(word);
    await learner.getByRole('button', { name: 'Anzeigen' }).click();
    await learner.waitForURL((url) => url.searchParams.get('q') === word);
    await learner.getByRole('link', { name: title }).waitFor();
    await learner.getByText('1 Artikel von').waitFor();

    // The scout may check the published article; the check names them.
    await scout.goto(`${BASE_URL}${articlePath}`);
    await settle(scout, javaScript);
    await scout.getByRole('button', { name: 'Geprüft, noch aktuell' }).click();
    await scout.getByText('Danke! Die Prüfung ist eingetragen.').waitFor();
    assert.ok(draftUrl.includes('/wissen/redaktion/'));

    for (const page of [scout, editor, learner]) {
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  });
}

test('an editor confirms an article whose check is due', { timeout: 180_000 }, async () => {
  const editor = await newPage(browser);
  await login(editor, ACCOUNTS.editor);
  await editor.goto(`${BASE_URL}/wissen/redaktion`);
  const due = editor.getByRole('region', { name: 'Prüfung fällig' });
  await due.getByRole('link', { name: 'Eine Videokonferenz gut vorbereiten' }).click();
  await editor.getByRole('heading', { level: 1, name: 'Eine Videokonferenz gut vorbereiten' }).waitFor();
  await editor.getByText('Prüfung fällig:').waitFor();
  await hydrated(editor);
  await editor.getByRole('button', { name: 'Geprüft, noch aktuell' }).click();
  await editor.getByText('Danke! Die Prüfung ist eingetragen.').waitFor();
  assert.equal(await editor.getByText('Prüfung fällig:').count(), 0);
  await editor.getByText(/Zuletzt geprüft am .* von /).waitFor();
  await editor.getByText(/Nächste Prüfung fällig am/).waitFor();
  await editor.goto(`${BASE_URL}/wissen/redaktion`);
  assert.equal(await editor.getByRole('region', { name: 'Prüfung fällig' })
    .getByRole('link', { name: 'Eine Videokonferenz gut vorbereiten' }).count(), 0);
  assert.deepEqual(editor.problems, []);
  await editor.context().close();
});

for (const width of [320, 1280]) {
  test(`the knowledge pages pass axe at ${width}px`, { timeout: 240_000 }, async () => {
    const writer = await newPage(browser, { width });
    await login(writer, ACCOUNTS.reviewer);
    const article = '/wissen/barrierefreies-pdf-aus-word-erstellen';
    const pages = ['/wissen', `/wissen?competence=${encodeURIComponent(COMPETENCE)}`, article,
      '/wissen/redaktion', '/wissen/redaktion/neu', LESSON];
    // A draft with an error shown, so that the error summary and the field errors are checked too.
    await writer.goto(`${BASE_URL}/wissen/redaktion/neu`);
    await hydrated(writer);
    await writer.getByLabel('Titel').fill('x'.repeat(130));
    await writer.getByLabel('Kurzbeschreibung').fill('Kurz.');
    await writer.locator('#field-body').fill('Text.');
    await writer.getByRole('button', { name: 'Entwurf speichern' }).click();
    await writer.locator('#form-errors').waitFor();
    await hydrated(writer);
    assert.deepEqual(await seriousViolations(writer), [], `axe on the refused form at ${width}px`);
    for (const path of pages) {
      await writer.goto(`${BASE_URL}${path}`);
      await writer.getByRole('heading', { level: 1 }).first().waitFor();
      await hydrated(writer);
      assert.deepEqual(await seriousViolations(writer), [], `axe on ${path} at ${width}px`);
      const overflow = await writer.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${path} at ${width}px scrolls sideways by ${overflow}px`);
    }
    const admin = await newPage(browser, { width });
    await login(admin, ACCOUNTS.admin);
    await admin.goto(`${BASE_URL}/wissen/einstellungen`);
    await admin.getByRole('heading', { level: 1, name: 'Wissen: Prüfintervall' }).waitFor();
    await hydrated(admin);
    assert.deepEqual(await seriousViolations(admin), [], `axe on the setting at ${width}px`);
    assert.deepEqual(writer.problems, []);
    assert.deepEqual(admin.problems, []);
    await writer.context().close();
    await admin.context().close();
  });
}
