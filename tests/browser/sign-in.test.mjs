// Signing in as the staff of a city do: with the city's account at a real OpenID provider
// (npm oidc-provider) and with the directory's password at a real slapd, both started by
// `./dev test`, and signing out of both; and, for staff without a PC or mail address, with the
// one-time code of a sign-in letter that HR prints: the code is read from the letter's PDF (its
// QR code) and used on a shared device.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { ACCOUNTS, BASE_URL, hydrated, launch, login, newPage, seriousViolations } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const OIDC_ISSUER = process.env.OIDC_ISSUER;
const LDAP = process.env.LDAP_INFO ? JSON.parse(readFileSync(process.env.LDAP_INFO, 'utf8').split('\n')[0]) : null;

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'JavaScript on' : 'JavaScript off';

  test(`sign in with the city's account at the OpenID provider and sign out of both, ${mode}`, async () => {
    assert.ok(OIDC_ISSUER, 'OIDC_ISSUER is set by ./dev test');
    const page = await newPage(browser, { javaScript });
    await page.goto(`${BASE_URL}/login?next=/learn`);
    if (javaScript) {
      await hydrated(page);
      assert.deepEqual(await seriousViolations(page), [], 'axe on the login page with every way');
    }
    await page.getByRole('button', { name: 'Mit dem Konto der Stadt anmelden' }).click();

    // The provider's own login page.
    await page.waitForURL((url) => url.href.startsWith(OIDC_ISSUER));
    await page.getByLabel('Benutzername', { exact: false }).or(page.locator('#login')).first().fill('pschneider');
    await page.locator('#password').fill('Sommer2026!');
    await page.locator('form button[type=submit]').first().click();

    // Back at the platform, signed in, on the page asked for.
    await page.waitForURL(`${BASE_URL}/learn`);
    await page.getByRole('button', { name: 'Abmelden' }).waitFor();
    assert.match(await page.locator('.header-tools .whoami').innerText(), /Petra Schneider/);
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    assert.ok(await nav.getByRole('link', { name: 'Berichte', exact: true }).isVisible(), 'fs-hr gives the HR role');

    // Signing out ends the session here and at the provider, which asks to confirm.
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL((url) => url.href.startsWith(OIDC_ISSUER));
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(/\/login\?logged_out=1/);
    await page.getByText('Sie sind abgemeldet.').waitFor();
    await page.goto(`${BASE_URL}/evidence`);
    await page.waitForURL(/\/login\?next=/);
    assert.deepEqual(page.problems, [], `${mode}: script errors`);
    await page.context().close();
  });

  test(`sign in with the directory's password (slapd, StartTLS) and sign out, ${mode}`, async () => {
    assert.ok(LDAP, 'LDAP_INFO is set by ./dev test');
    const page = await newPage(browser, { javaScript });
    await page.goto(`${BASE_URL}/login`);
    if (javaScript) await hydrated(page);
    const section = page.getByRole('region', { name: 'Mit Ihrem Anmeldenamen vom Dienst-PC' });
    await section.getByLabel('Ihr Anmeldename').fill('jweber');
    await section.getByLabel('Passwort').fill('falsch');
    await section.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').first().innerText(), /stimmen nicht/);

    const again = page.getByRole('region', { name: 'Mit Ihrem Anmeldenamen vom Dienst-PC' });
    await again.getByLabel('Ihr Anmeldename').fill('jweber');
    await again.getByLabel('Passwort').fill(LDAP.users.jweber.password);
    await again.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.getByRole('button', { name: 'Abmelden' }).waitFor();
    assert.match(await page.locator('.header-tools .whoami').innerText(), /Jonas Weber/);
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(/\/login\?logged_out=1/);
    await page.context().close();
  });
}

/** The URL in the letter's QR code, from a 150 dpi rendering of its page. */
function qrUrl(pdfPath) {
  const dir = mkdtempSync(join(tmpdir(), 'fs-letter-'));
  execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', pdfPath, join(dir, 'page')]);
  const png = PNG.sync.read(readFileSync(join(dir, 'page.png')));
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(code, 'a QR code on the letter');
  return code.data;
}

test('HR prints a sign-in letter for a colleague without mail; the code signs her in once on a shared device', async () => {
  // An administrator creates the colleague without a mail address.
  const admin = await newPage(browser, { javaScript: false });
  await login(admin, ACCOUNTS.admin, undefined, { javaScript: false });
  await admin.goto(`${BASE_URL}/admin/users/new`);
  const name = `Aylin Kaya ${Date.now()}`;
  await admin.getByLabel('Name').fill(name);
  await admin.getByRole('button', { name: 'Konto anlegen' }).click();
  await admin.waitForURL(/\/admin\/users\/[0-9a-f-]+\?created=1/);
  await admin.context().close();

  // HR finds her among the people without mail and prints the letter (a PDF download).
  const hr = await newPage(browser);
  await login(hr, ACCOUNTS.hr);
  await hr.goto(`${BASE_URL}/letters`);
  await hydrated(hr);
  assert.deepEqual(await seriousViolations(hr), [], 'axe on /letters');
  const [download] = await Promise.all([
    hr.waitForEvent('download'),
    hr.getByRole('button', { name: `Brief drucken für ${name}` }).click(),
  ]);
  const pdfPath = await download.path();
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
  assert.match(text, new RegExp(name));
  const printed = text.match(/\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b/)?.[0];
  assert.ok(printed, `a code in the letter: ${text}`);
  const url = qrUrl(pdfPath);
  assert.equal(url, `${BASE_URL}/login/code?code=${printed.replaceAll('-', '')}`, 'the QR code holds the sign-in address with the code');
  await hr.context().close();

  // At the shared tablet of the depot: scan, tick "shared device", sign in.
  const kiosk = await newPage(browser, { width: 360, height: 740 });
  await kiosk.goto(url);
  await hydrated(kiosk);
  assert.equal(await kiosk.getByLabel('Anmeldecode').inputValue(), printed.replaceAll('-', ''));
  await kiosk.getByLabel('Gemeinsam genutztes Gerät').check();
  await kiosk.getByRole('button', { name: 'Anmelden', exact: true }).click();
  const logout = kiosk.getByRole('button', { name: 'Abmelden' });
  await logout.waitFor();
  assert.match(await kiosk.locator('.header-tools .whoami').innerText(), new RegExp(name));
  const box = await logout.boundingBox();
  assert.ok(box && box.height >= 44 && box.width >= 100, `a large Abmelden: ${JSON.stringify(box)}`);
  const response = await kiosk.request.get(`${BASE_URL}/`);
  assert.equal(response.headers()['cache-control'], 'private, no-store', 'the browser keeps nothing');
  assert.deepEqual(await seriousViolations(kiosk), [], 'axe on the kiosk start page');
  await logout.click();
  await kiosk.waitForURL(/\/login\?logged_out=1/);

  // The letter worked once.
  await kiosk.goto(url);
  await hydrated(kiosk);
  await kiosk.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await kiosk.getByRole('alert').waitFor();
  assert.match(await kiosk.getByRole('alert').first().innerText(), /schon benutzt oder abgelaufen/);
  assert.deepEqual(kiosk.problems, [], 'script errors');
  await kiosk.context().close();
});
