// The digital scouts network as its users meet it. An employee (with JavaScript) asks for help
// with the E-Akte; the scout's mail arrives at the real SMTP server that ./dev test starts; the
// scout (without JavaScript) follows its link, accepts with a time; both receive a calendar
// invitation that Python's icalendar reads with the right time in Europe/Berlin; the scout
// closes the request and the employee gives feedback from the mail's link. Then the keyboard
// alone, and HR's coverage page.
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

/** A working day at least a week ahead, as YYYY-MM-DD. */
function meetingDate() {
  const day = new Date(Date.now() + 8 * 24 * 3600 * 1000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

test('ask a scout, get invitations, close, give feedback', { skip: !MAILDIR && 'MAILDIR not set (./dev test sets it)' }, async () => {
  const employee = await newPage(browser);
  await login(employee, ACCOUNTS.employee);
  await employee.goto(`${BASE_URL}/scouts`);
  await hydrated(employee);
  await employee.getByRole('heading', { level: 1, name: 'Meine Digitalscouts' }).waitFor();
  await employee.getByRole('heading', { level: 3, name: 'Samir Yilmaz' }).waitFor();
  await employee.getByLabel('Thema').selectOption('kommunal-2026/e-akte');
  const marker = `Vorgang ${Date.now()}`;
  await employee.getByLabel('Worum geht es?').fill(`Ich finde den ${marker} in der E-Akte nicht wieder.`);
  await employee.getByLabel('Video').check();
  await employee.getByLabel('Wann passt es Ihnen?').fill('vormittags');
  await employee.getByRole('button', { name: 'Anfrage senden' }).click();
  await employee.getByText('Ihre Anfrage ist gesendet').waitFor();
  const id = new URL(employee.url()).pathname.split('/').pop();
  assert.match(id, /^[0-9a-f-]{36}$/);

  const [toScout] = await waitForMail((m) => m.to.includes(ACCOUNTS.scout) && m.text.includes(`/help/${id}`), 'request to the scout');
  assert.match(toScout.subject, /E-Akte/);
  const link = toScout.text.match(/https?:\/\/\S+\/help\/[0-9a-f-]{36}/)[0];

  const scout = await newPage(browser, { javaScript: false });
  await login(scout, ACCOUNTS.scout, undefined, { javaScript: false });
  await scout.goto(link);
  await scout.getByText(marker).waitFor();
  const date = meetingDate();
  await scout.getByLabel('Tag').fill(date);
  await scout.getByLabel('Uhrzeit').fill('10:30');
  await scout.getByLabel('Dauer in Minuten').fill('45');
  await scout.getByLabel('Ort oder Weg').fill('Videoraum https://video.example/abc');
  await scout.getByRole('button', { name: 'Annehmen und Einladung senden' }).click();
  await scout.getByText('Der Termin ist gespeichert').waitFor();
  // axe needs JavaScript: the same page as the scout sees it, in a second browser context.
  const scoutJs = await newPage(browser);
  await login(scoutJs, ACCOUNTS.scout);
  await scoutJs.goto(link);
  await hydrated(scoutJs);
  await scoutJs.getByRole('button', { name: 'Neuen Termin senden' }).waitFor();
  assert.deepEqual(await seriousViolations(scoutJs), [], 'the request as the scout sees it');
  await scoutJs.context().close();

  for (const person of [ACCOUNTS.employee, ACCOUNTS.scout]) {
    const [mail] = await waitForMail((m) => m.to.includes(person) && m.invitations.length > 0 && m.text.includes(`/help/${id}`), `invitation to ${person}`);
    const [ics] = mail.invitations;
    assert.equal(ics.method, 'REQUEST');
    assert.deepEqual(ics.zones, ['Europe/Berlin']);
    assert.equal(ics.tzid, 'Europe/Berlin');
    assert.equal(ics.local, `${date} 10:30`);
    assert.equal(ics.berlin, `${date} 10:30`, 'the same instant in Python\'s tz database');
    assert.equal(ics.minutes, 45);
    assert.equal(ics.organizer, `mailto:${ACCOUNTS.scout}`);
    assert.equal(ics.attendee, `mailto:${ACCOUNTS.employee}`);
    assert.ok(ics.uid.startsWith(id), ics.uid);
  }

  await scout.getByRole('button', { name: 'Anfrage abschließen' }).click();
  await scout.getByText('Die Anfrage ist abgeschlossen').waitFor();

  const [feedbackMail] = await waitForMail((m) => m.to.includes(ACCOUNTS.employee) && m.text.includes(`/help/${id}#feedback`), 'feedback request');
  const feedbackLink = feedbackMail.text.match(/https?:\/\/\S+#feedback/)[0];
  await employee.goto(feedbackLink);
  await hydrated(employee);
  await employee.getByLabel('4 Sterne').check();
  await employee.getByLabel('Kommentar (freiwillig)').fill('Sehr geduldig erklärt.');
  await employee.getByRole('button', { name: 'Rückmeldung senden' }).click();
  await employee.getByText('Danke für Ihre Rückmeldung!').waitFor();
  await employee.getByText('4 von 5 Sternen').waitFor();
  assert.deepEqual(await seriousViolations(employee), [], 'the request as the employee sees it');
  assert.deepEqual([...employee.problems, ...scout.problems], []);
  await employee.context().close();
  await scout.context().close();
});

test('asking for help works with the keyboard alone and without JavaScript', async () => {
  const page = await newPage(browser, { javaScript: false });
  await login(page, ACCOUNTS.employee, undefined, { javaScript: false });
  await page.goto(`${BASE_URL}/scouts`);
  // An empty description is refused with the field named, nothing is sent.
  // No topic is chosen until the person chooses one, here by the arrow key.
  await page.getByLabel('Thema').focus();
  assert.equal(await page.getByLabel('Thema').inputValue(), '');
  await page.keyboard.press('ArrowDown');
  assert.notEqual(await page.getByLabel('Thema').inputValue(), '');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'field-description');
  await page.getByLabel('Worum geht es?').fill('   ');
  await page.getByRole('button', { name: 'Anfrage senden' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('alert').waitFor();
  // (Without JavaScript the page after an error does not keep the chosen topic yet: issue 18,
  // point 8.)
  if (await page.getByLabel('Thema').inputValue() === '') {
    await page.getByLabel('Thema').focus();
    await page.keyboard.press('ArrowDown');
  }
  await page.getByLabel('Worum geht es?').fill('Wie teile ich meinen Bildschirm in der Videokonferenz?');
  await page.getByRole('button', { name: 'Anfrage senden' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Ihre Anfrage ist gesendet').waitFor();
  // Withdraw it again, by keyboard.
  await page.getByRole('button', { name: 'Anfrage zurückziehen' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Die Anfrage ist zurückgezogen.').waitFor();
  await page.context().close();
});

test('HR sees which units lack a scout; scout pages pass axe', async () => {
  const hr = await newPage(browser);
  await login(hr, ACCOUNTS.hr);
  await hr.goto(`${BASE_URL}/scouts/coverage`);
  await hydrated(hr);
  await hr.getByRole('table', { name: 'Digitalscouts je Bereich' }).waitFor();
  const uncovered = await hr.getByRole('row').filter({ hasText: 'Kein Digitalscout' }).count();
  assert.ok(uncovered > 0, 'some demo units have no scout');
  assert.ok(await hr.getByRole('row', { name: /Fachbereich 32.*Samir Yilmaz/ }).count() === 1);
  for (const [account, path] of [[ACCOUNTS.hr, '/scouts/coverage'], [ACCOUNTS.employee, '/scouts'], [ACCOUNTS.scout, '/scouts/profile'], [ACCOUNTS.scout, '/scouts/board']]) {
    const page = account === ACCOUNTS.hr ? hr : await newPage(browser);
    if (account !== ACCOUNTS.hr) await login(page, account);
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${BASE_URL}${path}`);
      await hydrated(page);
      assert.deepEqual(await seriousViolations(page), [], `${path} at ${width}px`);
    }
    assert.deepEqual(page.problems, [], path);
    await page.context().close();
  }
});

test('a scout posts a tip on the board; its HTML stays text for the reader', async () => {
  const scout = await newPage(browser);
  await login(scout, ACCOUNTS.scout);
  await scout.goto(`${BASE_URL}/scouts/board`);
  await hydrated(scout);
  const title = `Suchen in der E-Akte ${Date.now()}`;
  await scout.getByLabel('Überschrift').fill(title);
  await scout.locator('#field-body').fill('Mit **Strg+F** finden Sie alles.\n\n<img src=x onerror="document.title=\'pwned\'">');
  await scout.getByRole('button', { name: 'Veröffentlichen' }).click();
  await scout.getByText('Ihr Beitrag ist veröffentlicht.').waitFor();
  const reader = await newPage(browser, { javaScript: false });
  await login(reader, ACCOUNTS.employee, undefined, { javaScript: false });
  await reader.goto(`${BASE_URL}/scouts/board`);
  const post = reader.getByRole('article', { name: title });
  await post.locator('strong', { hasText: 'Strg+F' }).waitFor();
  await post.getByText('<img src=x onerror=').waitFor();
  assert.equal(await post.locator('img').count(), 0);
  assert.notEqual(await scout.title(), 'pwned');
  await scout.context().close();
  await reader.context().close();
});
