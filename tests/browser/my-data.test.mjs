// "Meine Daten": the employee sees and downloads their data and asks for a correction, an
// administrator answers it, and the employee reads the answer; with JavaScript on and off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, BASE_URL, DEMO_PASSWORD, hydrated, launch, login, newPage, seriousViolations } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';

  test(`an employee downloads their data and a correction request is answered, ${mode}`, { timeout: 180_000 }, async () => {
    const message = `Meine Organisationseinheit ist falsch (${mode}).`;
    const employee = await newPage(browser, { javaScript });
    await login(employee, ACCOUNTS.employee, DEMO_PASSWORD, { javaScript });
    await employee.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Meine Daten' }).click();
    await employee.getByRole('heading', { level: 1, name: 'Meine Daten' }).waitFor();
    if (javaScript) await hydrated(employee);

    // Both downloads, as a person would start them: by the links.
    for (const [name, check] of [
      ['Maschinenlesbare Fassung (JSON)', (text) => JSON.parse(text).format === 'fuehrerschein-personal-data/1'],
      ['Lesbare Fassung (HTML)', (text) => text.includes('Meine Daten beim Digitalen Führerschein')],
    ]) {
      const [download] = await Promise.all([
        employee.waitForEvent('download'),
        employee.getByRole('link', { name }).click(),
      ]);
      const path = await download.path();
      const text = (await import('node:fs')).readFileSync(path, 'utf8');
      assert.ok(check(text), `${mode}: ${name}`);
      assert.ok(text.includes(ACCOUNTS.employee), `${mode}: ${name} holds the address`);
    }

    // The request, by keyboard: the field, then the button.
    const field = employee.getByLabel('Was ist falsch, und was ist richtig?');
    await field.focus();
    await employee.keyboard.type(message);
    await employee.keyboard.press('Tab');
    // (Playwright cannot look into a page without JavaScript; there, that Enter sends the form
    // shows that Tab reached the button.)
    if (javaScript) {
      const send = employee.getByRole('button', { name: 'Antrag senden' });
      assert.ok(await send.evaluate((el) => el === document.activeElement), `${mode}: Tab reaches the button`);
    }
    await employee.keyboard.press('Enter');
    await employee.getByText('Ihr Antrag ist eingegangen.').first().waitFor();
    await employee.getByText(message).waitFor();
    // axe runs in the page, so only with JavaScript.
    if (javaScript) assert.deepEqual(await seriousViolations(employee), [], `${mode}: axe on the page with a request`);

    // The administrator answers.
    const admin = await newPage(browser, { javaScript });
    await login(admin, ACCOUNTS.admin, DEMO_PASSWORD, { javaScript });
    await admin.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Datenschutz-Anträge' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Datenschutz-Anträge' }).waitFor();
    if (javaScript) await hydrated(admin);
    if (javaScript) assert.deepEqual(await seriousViolations(admin), [], `${mode}: axe on the requests`);
    const card = admin.locator('section.card', { hasText: message });
    await card.getByLabel('Antwort an die Person').fill('Ist berichtigt: Bürgerbüro.');
    await card.getByRole('button', { name: 'Als erledigt beantworten' }).click();
    await admin.getByText('Die Antwort ist gespeichert').waitFor();

    await employee.goto(`${BASE_URL}/my-data`);
    const answered = employee.locator('li', { hasText: message });
    await answered.getByText('erledigt').waitFor();
    await answered.getByText('Ist berichtigt: Bürgerbüro.').waitFor();
    assert.deepEqual(employee.problems, [], `${mode}: script errors`);
    assert.deepEqual(admin.problems, [], `${mode}: script errors`);
    await employee.context().close();
    await admin.context().close();
  });
}

test('an erasure request without the confirmation shows one error, at its form', { timeout: 120_000 }, async () => {
  const page = await newPage(browser);
  await login(page, ACCOUNTS.scout, DEMO_PASSWORD);
  await page.goto(`${BASE_URL}/my-data`);
  await hydrated(page);
  // The browser's own check would stop the form: send it the way an old browser would.
  // The browser's own check (required) stops the form first; the server checks again for a
  // browser that does not: send the form past the browser's check.
  await page.locator('form', { has: page.getByRole('button', { name: 'Löschung beantragen' }) })
    .evaluate((form) => { form.noValidate = true; });
  await page.getByRole('button', { name: 'Löschung beantragen' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.count(), 1, 'one error box, at the form that was sent');
  assert.match(await alert.innerText(), /bestätigen Sie/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
