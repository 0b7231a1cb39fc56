// Feedback on the offers and training needs (issue 21, points 2 and 3), with JavaScript on and
// off: a learner passes a module's test and rates the module (radio group and comment, once;
// a missing rating is refused with the error at the group); employees report a training need
// and withdraw one; HR finds the reported needs per competence in its report, beside the
// measured gap; editors and the coordination office read the figures. axe-core (JavaScript on)
// at 320 and 1280 px on every new and changed page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, BASE_URL, hydrated, launch, login, newPage } from './harness.mjs';
import { answer, axe, readModule, readQuiz } from './quiz.mjs';

// The first module, which needs no other: every account may take its test.
const MODULE = 'grundlagen-digitaler-arbeitsplatz';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Passes the module's test with JavaScript on (unless it is passed already). */
async function passModule(email, module) {
  const quiz = readQuiz(module);
  const page = await newPage(browser, { javaScript: true, width: 1280 });
  await login(page, email);
  await page.goto(`${BASE_URL}/modules/${module}`);
  await hydrated(page);
  const start = page.getByRole('button', { name: /^Test (starten|noch einmal machen|fortsetzen)$/ });
  if (await start.count()) {
    await start.first().click();
    for (let position = 1; position <= quiz.draw; position++) {
      await page.getByRole('heading', { level: 1, name: `Frage ${position} von ${quiz.draw}` }).waitFor();
      await hydrated(page);
      await answer(page, quiz);
      const button = position < quiz.draw ? 'Weiter' : 'Übersicht und Abgabe';
      await page.getByRole('button', { name: button, exact: true }).click();
    }
    await page.getByRole('heading', { level: 1, name: 'Übersicht und Abgabe' }).waitFor();
    await hydrated(page);
    await page.getByRole('button', { name: 'Test abgeben' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ihr Testergebnis' }).waitFor();
    await hydrated(page);
    // The result page offers the rating.
    await page.getByRole('link', { name: 'Wie fanden Sie dieses Modul? Jetzt bewerten' }).waitFor();
    await axe(page, 'result page with the link to rate');
  }
  await page.context().close();
}

test('a learner rates a completed module under the module, with JavaScript', { timeout: 240_000 }, async () => {
  await passModule(ACCOUNTS.employee, MODULE);
  const title = readModule(MODULE).title.de;
  for (const width of [320, 1280]) {
    const page = await newPage(browser, { javaScript: true, width });
    await login(page, ACCOUNTS.employee);
    await page.goto(`${BASE_URL}/modules/${MODULE}`);
    await hydrated(page);
    const section = page.getByRole('region', { name: 'Wie fanden Sie dieses Modul?' });
    await section.getByRole('group', { name: 'Ihre Bewertung' }).waitFor();
    await axe(page, `module page with the rating form at ${width}px`);
    await page.goto(`${BASE_URL}/feedback`);
    await hydrated(page);
    await page.getByRole('link', { name: `${title} bewerten` }).waitFor();
    await axe(page, `"Angebote bewerten" at ${width}px`);
    await page.context().close();
  }
  const page = await newPage(browser, { javaScript: true, width: 1280 });
  await login(page, ACCOUNTS.employee);
  await page.goto(`${BASE_URL}/modules/${MODULE}`);
  await hydrated(page);
  const section = page.getByRole('region', { name: 'Wie fanden Sie dieses Modul?' });
  // Sending without a rating: refused, the error at the radio group, the comment kept.
  await section.getByLabel('Kommentar (freiwillig)').fill('Gut erklärt, mehr Beispiele wären schön.');
  await section.getByRole('button', { name: 'Bewertung senden' }).click();
  await page.locator('#field-rating-error').waitFor();
  assert.match(await page.locator('#form-errors').innerText(), /Bitte wählen Sie eine Bewertung/);
  await hydrated(page);
  assert.equal(await section.getByLabel('Kommentar (freiwillig)').inputValue(), 'Gut erklärt, mehr Beispiele wären schön.');
  await axe(page, 'rating form with an error');
  await section.getByLabel('4 – hilfreich').check();
  await section.getByRole('button', { name: 'Bewertung senden' }).click();
  await page.getByText('Danke! Ihre Bewertung ist gespeichert.').waitFor();
  await hydrated(page);
  await axe(page, 'rating saved');
  // Once only: the module's page thanks instead of asking again.
  await page.goto(`${BASE_URL}/modules/${MODULE}`);
  await page.getByText('Sie haben dieses Angebot bewertet.').waitFor();
  assert.equal(await page.locator('input[name="rating"]').count(), 0);
  assert.deepEqual(page.problems, [], 'script errors');
  await page.context().close();
});

test('a learner rates a completed module without JavaScript', { timeout: 240_000 }, async () => {
  await passModule(ACCOUNTS.reviewer, MODULE);
  const title = readModule(MODULE).title.de;
  const page = await newPage(browser, { javaScript: false, width: 1280 });
  await login(page, ACCOUNTS.reviewer, undefined, { javaScript: false });
  await page.goto(`${BASE_URL}/feedback`);
  await page.getByRole('link', { name: `${title} bewerten` }).click();
  await page.getByRole('heading', { level: 1, name: `Modul bewerten: ${title}` }).waitFor();
  await page.getByRole('button', { name: 'Bewertung senden' }).click();
  await page.locator('#field-rating-error').waitFor();
  await page.getByRole('group', { name: 'Ihre Bewertung' }).getByLabel('5 – sehr hilfreich').check();
  await page.getByRole('button', { name: 'Bewertung senden' }).click();
  await page.getByText('Danke! Ihre Bewertung ist gespeichert.').waitFor();
  await page.goto(`${BASE_URL}/feedback`);
  await page.getByText('Bewertet – vielen Dank.').first().waitFor();
  await page.context().close();
});

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'JavaScript' : 'no JavaScript';
  const account = javaScript ? ACCOUNTS.employee : ACCOUNTS.scout;
  test(`an employee reports a training need and withdraws one, ${mode}`, { timeout: 120_000 }, async () => {
    const topic = `Tabellen auswerten (${mode}, ${Date.now()})`;
    const page = await newPage(browser, { javaScript, width: 1280 });
    await login(page, account, undefined, { javaScript });
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Bildungsbedarf melden' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Bildungsbedarf melden' }).waitFor();
    if (javaScript) await hydrated(page);
    // Without an urgency: refused, the error at the group.
    await page.getByLabel('Worum geht es? (Stichwort)').fill(topic);
    await page.getByLabel('Kompetenz').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Bedarf melden' }).click();
    await page.locator('#field-urgency-error').waitFor();
    if (javaScript) {
      await hydrated(page);
    } else {
      await page.getByLabel('Worum geht es? (Stichwort)').fill(topic);
      await page.getByLabel('Kompetenz').selectOption({ index: 1 });
    }
    await page.getByRole('group', { name: 'Wie dringend ist es?' }).getByLabel(/^Dringend/).check();
    await page.getByRole('group', { name: 'Für wen?' }).getByLabel('Für mein Team (ich leite es)').check();
    await page.getByLabel('Wie viele Personen im Team betrifft es (Sie eingeschlossen)?').fill('6');
    await page.getByRole('button', { name: 'Bedarf melden' }).click();
    await page.getByText('Danke! Ihr Bedarf ist gemeldet.').waitFor();
    const mine = page.getByRole('region', { name: 'Meine Meldungen' });
    await mine.getByRole('heading', { name: topic }).waitFor();
    await mine.getByText('Für ein Team von 6 Personen').first().waitFor();
    // A second one, withdrawn again.
    if (javaScript) await hydrated(page);
    const other = `Zurückzuziehen (${mode}, ${Date.now()})`;
    await page.getByLabel('Worum geht es? (Stichwort)').fill(other);
    await page.getByLabel('Kompetenz').selectOption({ index: 2 });
    await page.getByRole('group', { name: 'Wie dringend ist es?' }).getByLabel(/^Nicht eilig/).check();
    await page.getByRole('button', { name: 'Bedarf melden' }).click();
    await mine.getByRole('heading', { name: other }).waitFor();
    if (javaScript) await hydrated(page);
    await mine.getByRole('button', { name: `Zurückziehen: ${other}` }).click();
    await page.getByText('Die Meldung ist zurückgezogen und gelöscht.').waitFor();
    await mine.getByRole('heading', { name: topic }).waitFor();
    assert.equal(await mine.getByRole('heading', { name: other }).count(), 0);
    if (javaScript) {
      for (const width of [320, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await axe(page, `"Bildungsbedarf melden" at ${width}px`);
      }
      assert.deepEqual(page.problems, [], 'script errors');
    }
    await page.context().close();
  });
}

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'JavaScript' : 'no JavaScript';
  test(`HR finds the reported needs beside the measured gaps, ${mode}`, { timeout: 120_000 }, async () => {
    const page = await newPage(browser, { javaScript, width: 1280 });
    await login(page, ACCOUNTS.hr, undefined, { javaScript });
    await page.goto(`${BASE_URL}/reports/gaps`);
    await page.getByRole('link', { name: 'Gemeldeter Bildungsbedarf' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gemeldeter Bildungsbedarf' }).waitFor();
    if (javaScript) await hydrated(page);
    const table = page.getByRole('table', { name: 'Gemeldeter und gemessener Bedarf je Kompetenz' });
    const rows = table.getByRole('row');
    assert.ok(await rows.count() >= 3, 'a row per competence');
    // The competence the employees chose (the first) rests on enough requests: a number, and
    // the measured gap beside it.
    const first = await rows.nth(1).getByRole('cell').allInnerTexts();
    // The row's cells (its heading is the competence): measured gap, people who reported,
    // people concerned, of them urgently.
    assert.match(first[0], /\d+ %/, `measured gap: ${first}`);
    assert.match(first[1], /\d/, `people who reported: ${first}`);
    const text = await page.locator('main').innerText();
    assert.ok(!text.includes('Tabellen auswerten'), 'no topic reaches HR');
    if (javaScript) {
      for (const width of [320, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await axe(page, `needs report at ${width}px`);
      }
      await page.goto(`${BASE_URL}/reports/gaps`);
      await hydrated(page);
      await axe(page, 'gap report with the link');
      assert.deepEqual(page.problems, [], 'script errors');
    }
    await page.context().close();
  });
}

test('editors and the coordination office read the feedback, without names', { timeout: 120_000 }, async () => {
  for (const [who, email] of [['editor', ACCOUNTS.editor], ['coordinator', ACCOUNTS.coordinator]]) {
    for (const width of [320, 1280]) {
      const page = await newPage(browser, { javaScript: true, width });
      await login(page, email);
      await page.goto(`${BASE_URL}/feedback/ergebnisse`);
      await page.getByRole('heading', { level: 1, name: 'Rückmeldungen zu den Angeboten' }).waitFor();
      await hydrated(page);
      await page.getByRole('table', { name: 'Bewertungen der Module' }).waitFor();
      assert.equal(await page.getByRole('table', { name: 'Bewertungen der Workshops' }).count() > 0 || await page.getByText('Noch kein Workshop ist vorbei.').count() > 0, who === 'coordinator', `${who}: workshops`);
      await axe(page, `${who}: feedback overview at ${width}px`);
      await page.getByRole('link', { name: readModule(MODULE).title.de }).first().click();
      await page.getByRole('heading', { level: 1, name: readModule(MODULE).title.de }).waitFor();
      await hydrated(page);
      const main = await page.locator('main').innerText();
      assert.ok(!main.includes('Petra') && !main.includes('beschaeftigte@'), 'no name');
      await axe(page, `${who}: feedback of one module at ${width}px`);
      await page.context().close();
    }
  }
  // Everybody else is refused.
  const page = await newPage(browser, { javaScript: false });
  await login(page, ACCOUNTS.hr, undefined, { javaScript: false });
  const response = await page.goto(`${BASE_URL}/feedback/ergebnisse`);
  assert.equal(response.status(), 403);
  await page.context().close();
});
