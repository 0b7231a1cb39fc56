// The login journey and the main forms, with JavaScript on (hydrated) and off (plain forms),
// and by keyboard alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, BASE_URL, DEMO_PASSWORD, hydrated, launch, login, newPage, refusedLogin } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';

  test(`login, navigation and logout with ${mode}`, async () => {
    const page = await newPage(browser, { javaScript });
    await refusedLogin(page, ACCOUNTS.admin, 'falsches Passwort', { javaScript });
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /E-Mail-Adresse oder Passwort stimmen nicht/);

    await login(page, ACCOUNTS.admin, DEMO_PASSWORD, { javaScript });
    await page.getByRole('heading', { level: 1, name: /Guten Tag, Alex Wagner/ }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    for (const name of ['Start', 'Lernen', 'Organisation', 'Benutzerkonten', 'Protokoll', 'Mein Konto']) {
      assert.ok(await nav.getByRole('link', { name, exact: true }).isVisible(), `${mode}: nav link ${name}`);
    }
    await nav.getByRole('link', { name: 'Benutzerkonten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Benutzerkonten' }).waitFor();
    if (javaScript) await hydrated(page);

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(/\/login/);
    await page.getByText('Sie sind abgemeldet.').waitFor();
    await page.goto(`${BASE_URL}/admin/users`);
    await page.waitForURL(/\/login\?next=/);
    assert.deepEqual(page.problems, [], `${mode}: script errors`);
    await page.context().close();
  });

  test(`each role sees its own navigation with ${mode}`, async () => {
    const expected = {
      employee: ['Start', 'Lernen', 'Meine Nachweise', 'Mein Führerschein', 'Digitalscouts', 'Wissen', 'Angebote bewerten', 'Bildungsbedarf melden', 'Ideenbörse', 'Meine Daten', 'Mein Konto', 'Hilfe'],
      scout: ['Start', 'Lernen', 'Meine Nachweise', 'Mein Führerschein', 'Digitalscouts', 'Mein Scout-Bereich', 'Wissen', 'Angebote bewerten', 'Bildungsbedarf melden', 'Ideenbörse', 'Organisation', 'Anmeldebriefe', 'Meine Daten', 'Mein Konto', 'Hilfe'],
      hr: ['Start', 'Lernen', 'Meine Nachweise', 'Mein Führerschein', 'Digitalscouts', 'Wissen', 'Angebote bewerten', 'Bildungsbedarf melden', 'Ideenbörse', 'Organisation', 'Berichte', 'Anmeldebriefe', 'Scout-Abdeckung', 'Meine Daten', 'Mein Konto', 'Hilfe'],
      auditor: ['Start', 'Lernen', 'Meine Nachweise', 'Mein Führerschein', 'Digitalscouts', 'Wissen', 'Angebote bewerten', 'Bildungsbedarf melden', 'Ideenbörse', 'Protokoll', 'Schutz der Zahlen', 'Meine Daten', 'Mein Konto', 'Hilfe'],
      admin: ['Start', 'Lernen', 'Meine Nachweise', 'Mein Führerschein', 'Digitalscouts', 'Wissen', 'Angebote bewerten', 'Bildungsbedarf melden', 'Ideenbörse', 'Organisation', 'Berichte', 'Anmeldebriefe', 'Scout-Abdeckung', 'Benutzerkonten', 'Zertifikate', 'Datenschutz-Anträge', 'Barrierefreiheit und Rechtliches', 'Wissen: Prüfintervall', 'Protokoll', 'Meine Daten', 'Mein Konto', 'Hilfe'],
    };
    for (const [role, links] of Object.entries(expected)) {
      const page = await newPage(browser, { javaScript });
      await login(page, ACCOUNTS[role], DEMO_PASSWORD, { javaScript });
      const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
      await nav.getByRole('link', { name: 'Start' }).waitFor();
      const names = await nav.getByRole('link').allInnerTexts();
      assert.deepEqual(names.map((n) => n.trim()), links, `${role} (${mode})`);
      await page.context().close();
    }
  });

  test(`an admin creates an account and the audit log shows it, ${mode}`, async () => {
    const page = await newPage(browser, { javaScript });
    await login(page, ACCOUNTS.admin, DEMO_PASSWORD, { javaScript });
    await page.goto(`${BASE_URL}/admin/users/new`);
    if (javaScript) await hydrated(page);
    const email = `neu-${javaScript ? 'js' : 'nojs'}-${Date.now()}@musterstadt.example`;

    // First without a role: refused with a message, nothing saved.
    await page.getByLabel('Name').fill('Nora Neu');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Beschäftigte').uncheck();
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.getByText('Bitte wählen Sie mindestens eine Rolle.').first().waitFor();

    if (javaScript) {
      // The refused form came back from the server; once the page is interactive, what was
      // typed is back in the fields (ui::KeepInput).
      await hydrated(page);
      assert.equal(await page.getByLabel('Name').inputValue(), 'Nora Neu');
      assert.equal(await page.getByLabel('E-Mail-Adresse').inputValue(), email);
    } else {
      // Without JavaScript the page came back fresh; fill it again.
      await page.getByLabel('Name').fill('Nora Neu');
      await page.getByLabel('E-Mail-Adresse').fill(email);
    }
    await page.getByLabel('Beschäftigte').check();
    await page.getByLabel('Organisationseinheit').selectOption({ label: '– – Abteilung 32.1 – Bürgerbüro' });
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.getByText('Das Konto ist angelegt.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Nora Neu' }).waitFor();

    // The log says it in a sentence (issue 18, point 5).
    await page.goto(`${BASE_URL}/audit`);
    await page.getByRole('cell', { name: /hat ein Konto für Nora Neu angelegt/ }).first().waitFor();
    assert.deepEqual(page.problems, [], `${mode}: script errors`);
    await page.context().close();
  });

  test(`language and display switch with ${mode}`, async () => {
    const page = await newPage(browser, { javaScript });
    await page.goto(`${BASE_URL}/login`);
    if (javaScript) await hydrated(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.goto(`${BASE_URL}/password/forgot`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the choice persists');
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByRole('heading', { level: 1, name: 'Passwort vergessen' }).waitFor();
    await page.context().close();
  });
}

test('the login works by keyboard alone, starting with the skip link', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE_URL}/login?local=1`);
  await hydrated(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Zum Inhalt springen' });
  assert.ok(await skip.evaluate((el) => el === document.activeElement), 'the skip link comes first');
  assert.ok(await skip.isVisible(), 'the focused skip link is visible');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#main');
  // From the main area, Tab reaches the form fields in order.
  let reached = '';
  for (let i = 0; i < 10 && reached !== 'field-email'; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id ?? '');
  }
  assert.equal(reached, 'field-email', 'Tab reaches the email field');
  await page.keyboard.type(ACCOUNTS.employee);
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: /Guten Tag/ }).waitFor();
  const outline = await page.evaluate(() => {
    const link = document.querySelector('.main-nav a');
    link.focus();
    const style = getComputedStyle(link);
    return style.backgroundColor;
  });
  assert.notEqual(outline, 'rgba(0, 0, 0, 0)', 'focused links are visibly highlighted');
  await page.context().close();
});
