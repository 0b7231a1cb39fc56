// The certificate as a learner meets it: pass the last mandatory module, find the Digitaler
// Führerschein on "Mein Führerschein", download the PDF and the digital credential, scan the
// PDF's QR code, see the certificate verified, and check the credential file on the public
// verification page. axe-core on every certificate page at 320 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { ACCOUNTS, BASE_URL, hydrated, launch, login, newPage } from './harness.mjs';
import { answer, axe, readQuiz } from './quiz.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CONTENT = new URL('../../content/modules/', import.meta.url);
const MANDATORY = readdirSync(CONTENT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((module) => /^mandatory\s*=\s*true/m.test(readFileSync(new URL(`${module}/module.toml`, CONTENT), 'utf8')))
  .sort();

/** Passes a module's quiz without JavaScript, straight from the module page. */
async function passQuiz(page, module) {
  const quiz = readQuiz(module);
  await page.goto(`${BASE_URL}/modules/${module}`);
  await page.getByRole('button', { name: /^Test (starten|noch einmal machen)$/ }).click();
  for (let position = 1; position <= quiz.draw; position++) {
    await page.getByRole('heading', { level: 1, name: `Frage ${position} von ${quiz.draw}` }).waitFor();
    await answer(page, quiz);
    await page.getByRole('button', { name: position < quiz.draw ? 'Weiter' : 'Übersicht und Abgabe', exact: true }).click();
  }
  await page.getByRole('button', { name: 'Test abgeben' }).click();
  await page.getByText('Bestanden: 100 Prozent.').waitFor();
}

/** The URL in the QR code of the PDF's first page, decoded from a 150 dpi rendering. */
function qrUrl(pdfPath) {
  const dir = mkdtempSync(join(tmpdir(), 'fs-qr-'));
  execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', pdfPath, join(dir, 'page')]);
  const png = PNG.sync.read(readFileSync(join(dir, 'page.png')));
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(code, 'a QR code on the certificate');
  return code.data;
}

test('the last mandatory module brings the Digitaler Führerschein, verifiable by anyone', async () => {
  assert.ok(MANDATORY.length >= 3, `mandatory modules: ${MANDATORY}`);
  const page = await newPage(browser, { javaScript: false });
  await login(page, ACCOUNTS.scout, undefined, { javaScript: false });
  await page.goto(`${BASE_URL}/certificate`);
  await page.getByText('noch nicht erreicht').first().waitFor();
  for (const module of MANDATORY) await passQuiz(page, module);

  // "Mein Führerschein": valid, with number and downloads.
  await page.goto(`${BASE_URL}/certificate`);
  const basis = page.getByRole('region', { name: 'Digitaler Führerschein – Basis' });
  await basis.getByText('gültig', { exact: true }).waitFor();
  const number = await basis.locator('dd').first().innerText();
  assert.match(number, /^DF-\d{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

  const dir = mkdtempSync(join(tmpdir(), 'fs-certificate-'));
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    basis.getByRole('link', { name: 'Zertifikat als PDF (Deutsch)' }).click(),
  ]);
  const pdfPath = join(dir, 'zertifikat.pdf');
  await pdf.saveAs(pdfPath);
  assert.equal(readFileSync(pdfPath).subarray(0, 4).toString(), '%PDF');
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
  assert.ok(text.includes(number), 'the PDF names the certificate number');

  const [credential] = await Promise.all([
    page.waitForEvent('download'),
    basis.getByRole('link', { name: 'Digitaler Nachweis (Open Badge)' }).click(),
  ]);
  const credentialPath = join(dir, 'nachweis.jwt');
  await credential.saveAs(credentialPath);
  assert.equal(readFileSync(credentialPath, 'utf8').split('.').length, 3, 'a compact JWT');
  await page.context().close();

  // Someone else scans the QR code with JavaScript on: the certificate is genuine and valid.
  const visitor = await newPage(browser, { javaScript: true });
  const url = qrUrl(pdfPath);
  assert.ok(url.startsWith(`${BASE_URL}/verify/`), `the QR code leads to the verification page: ${url}`);
  await visitor.goto(url);
  await hydrated(visitor);
  await visitor.getByText('Dieses Zertifikat ist echt und gültig.').waitFor();
  await axe(visitor, 'verification page @1280');

  // The credential file, uploaded on the public page.
  await visitor.goto(`${BASE_URL}/verify`);
  await hydrated(visitor);
  await axe(visitor, 'verify form @1280');
  await visitor.getByLabel('Datei des Nachweises').setInputFiles(credentialPath);
  await visitor.getByRole('button', { name: 'Nachweis prüfen' }).click();
  await visitor.getByText('Der digitale Nachweis ist echt').waitFor();
  assert.equal(new URL(visitor.url()).pathname, new URL(url).pathname);

  // A changed credential is refused.
  const token = readFileSync(credentialPath, 'utf8');
  const [head, payload, signature] = token.split('.');
  const changed = `${head}.${payload.slice(0, 20)}${payload[20] === 'A' ? 'B' : 'A'}${payload.slice(21)}.${signature}`;
  const changedPath = join(dir, 'veraendert.jwt');
  writeFileSync(changedPath, changed);
  await visitor.goto(`${BASE_URL}/verify`);
  await visitor.getByLabel('Datei des Nachweises').setInputFiles(changedPath);
  await visitor.getByRole('button', { name: 'Nachweis prüfen' }).click();
  await visitor.getByRole('alert').filter({ hasText: /stimmt nicht|kein digitaler Nachweis/ }).waitFor();

  // The number form, without JavaScript.
  const plain = await newPage(browser, { javaScript: false });
  await plain.goto(`${BASE_URL}/verify`);
  await plain.getByRole('textbox', { name: /^Zertifikatsnummer/ }).fill(number);
  await plain.getByRole('textbox', { name: /^Nachname/ }).fill('Yilmaz');
  await plain.getByRole('button', { name: 'Prüfen', exact: true }).click();
  await plain.getByText('Dieses Zertifikat ist echt und gültig.').waitFor();
  await plain.context().close();
  assert.deepEqual(visitor.problems, [], 'script errors');
  await visitor.context().close();
});

test('certificate pages pass axe at 320 px', async () => {
  const page = await newPage(browser, { width: 320 });
  await login(page, ACCOUNTS.scout);
  for (const path of ['/certificate', '/verify']) {
    await page.goto(`${BASE_URL}${path}`);
    await hydrated(page);
    await axe(page, `${path} @320`);
  }
  const link = await page.goto(`${BASE_URL}/certificate`).then(() =>
    page.getByRole('link', { name: 'Öffentliche Prüfseite' }).first().getAttribute('href'));
  await page.goto(`${BASE_URL}${link}`);
  await hydrated(page);
  await axe(page, 'verification page @320');
  await page.context().close();

  const admin = await newPage(browser, { width: 320 });
  await login(admin, ACCOUNTS.admin);
  for (const width of [320, 1280]) {
    await admin.setViewportSize({ width, height: 900 });
    await admin.goto(`${BASE_URL}/admin/certificates`);
    await hydrated(admin);
    await axe(admin, `/admin/certificates @${width}`);
    const revoke = admin.getByRole('link', { name: /^Widerrufen/ }).first();
    await admin.goto(`${BASE_URL}${await revoke.getAttribute('href')}`);
    await hydrated(admin);
    await axe(admin, `revoke page @${width}`);
  }
  await admin.context().close();
});
