// Everyday experience (issue 18): the start page leads each role, tables fit a phone, HR's
// heatmap reads at a glance, the quiz keeps the keyboard and screen reader in place after
// "Weiter", and a refused form without JavaScript puts the focus on all its errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, BASE_URL, DEMO_PASSWORD, hydrated, launch, login, newPage, seriousViolations } from './harness.mjs';
import { answer, readQuiz } from './quiz.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the start page shows each role where to go on, and axe finds nothing at 320 and 1280 px', { timeout: 240_000 }, async () => {
  for (const [role, email] of Object.entries(ACCOUNTS)) {
    for (const width of [320, 1280]) {
      const page = await newPage(browser, { width, height: 800 });
      await login(page, email, DEMO_PASSWORD);
      await page.goto(`${BASE_URL}/`);
      await hydrated(page);
      const main = page.locator('main');
      await main.getByRole('heading', { level: 1, name: /Guten Tag/ }).waitFor();
      // Every demo account is an employee: each is led to a next step that is a real page.
      const next = main.getByRole('region', { name: 'Ihr nächster Schritt' });
      await next.waitFor();
      const step = next.getByRole('link').first();
      const href = await step.getAttribute('href');
      assert.match(href, /^\/(modules\/[a-z0-9-]+(\/lessons\/[a-z0-9-]+|#quiz)?|learn)$/, `${role}: ${href}`);
      assert.ok(await main.getByRole('region', { name: 'Ihr Weg zum Digitalen Führerschein' }).isVisible(), role);
      const tasks = main.getByRole('region', { name: 'Ihre Aufgaben' });
      const expected = {
        employee: null,
        scout: /(offenen?|Keine offenen) Anfragen? an Sie/,
        hr: /Personal-Import/,
        auditor: /Protokoll nachlesen/,
        admin: /(Antrag|Anträge) zu persönlichen Daten/,
      }[role];
      if (expected) assert.match(await tasks.innerText(), expected, `${role}: own work`);
      else assert.equal(await tasks.count(), 0, `${role}: no tasks of other roles`);
      const text = await main.innerText();
      assert.ok(!/Beginnen Sie mit den Pflichtmodulen/.test(text), `${role}: no static text`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `${role} at ${width}px: the page scrolls sideways by ${overflow}px`);
      assert.deepEqual(await seriousViolations(page), [], `${role} at ${width}px`);
      if (width === 1280) {
        // The next step leads where it says.
        await Promise.all([page.waitForURL((url) => url.pathname === href.split('#')[0]), step.click()]);
      }
      await page.context().close();
    }
  }
});

test('the next step follows the learner: a lesson read makes the next one the step', { timeout: 120_000 }, async () => {
  const page = await newPage(browser, { javaScript: false });
  await login(page, ACCOUNTS.auditor, DEMO_PASSWORD, { javaScript: false });
  await page.goto(`${BASE_URL}/`);
  const next = page.getByRole('region', { name: 'Ihr nächster Schritt' });
  const link = next.getByRole('link').first();
  let href = await link.getAttribute('href');
  if (!href.includes('/lessons/')) {
    // Begin the module the start page names, by reading its first lesson.
    await page.goto(`${BASE_URL}${href.split('#')[0]}`);
    await page.locator('main a[href*="/lessons/"]').first().click();
  } else {
    await link.click();
  }
  const lesson = new URL(page.url()).pathname;
  // The button at the end of a lesson marks it read.
  await page.getByRole('button', { name: /^Gelesen – / }).click();
  await page.goto(`${BASE_URL}/`);
  const text = await next.innerText();
  const after = await next.getByRole('link').first().getAttribute('href');
  assert.match(text, /Weiter mit Lektion \d+ von \d+|alle Lektionen von/, text);
  assert.notEqual(after, lesson, 'the lesson just read is not the next step');
  await page.context().close();
});

test('on a 360 px phone the heatmap keeps its units in view and names its columns', { timeout: 120_000 }, async () => {
  const hr = await newPage(browser, { width: 360, height: 740 });
  await login(hr, ACCOUNTS.hr, DEMO_PASSWORD);
  await hr.goto(`${BASE_URL}/reports/heatmap`);
  const region = hr.locator('.heatmap-scroll');
  await region.waitFor();
  const unit = hr.locator('.heatmap-table tbody th').first();
  const before = await unit.boundingBox();
  const size = await hr.locator('.heatmap-table td').first().evaluate((td) => parseFloat(getComputedStyle(td).fontSize));
  assert.ok(size >= 14, `heatmap figures are ${size}px`);
  await region.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
  const afterScroll = await unit.boundingBox();
  assert.ok(Math.abs(afterScroll.x - before.x) < 4, `the unit column stays put (${before.x} → ${afterScroll.x})`);
  assert.ok(await hr.locator('.heatmap-table thead th[title]').count() >= 2, 'full names on hover');
  const heads = await hr.locator('.heatmap-table thead th').allInnerTexts();
  assert.ok(!heads.some((h) => /^\d+$/.test(h.trim())), `columns are named, not numbered: ${heads}`);
  assert.deepEqual(await seriousViolations(hr), [], 'heatmap at 360px');
  await hr.context().close();

});

test('after "Weiter" the focus is on the next question, titles name the module, and the evidence is a card on a phone', { timeout: 180_000 }, async () => {
  const page = await newPage(browser);
  await login(page, ACCOUNTS.auditor, DEMO_PASSWORD);
  const module = 'digitale-zusammenarbeit';
  await page.goto(`${BASE_URL}/modules/${module}`);
  await hydrated(page);
  const moduleTitle = (await page.locator('main h1').innerText()).trim();
  const go = page.getByRole('link', { name: 'Test fortsetzen' });
  if (await go.count()) {
    await Promise.all([page.waitForURL(/\/question\//), go.click()]);
  } else {
    await Promise.all([page.waitForURL(/\/question\//), page.getByRole('button', { name: 'Test starten', exact: true }).click()]);
  }
  await page.goto(page.url().replace(/question\/\d+$/, 'question/1'));
  await hydrated(page);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'question-heading', 'the question has the focus');
  await Promise.all([page.waitForURL(/question\/2$/), page.getByRole('button', { name: 'Weiter' }).click()]);
  await hydrated(page);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'question-heading', 'after "Weiter" too');
  assert.match(await page.locator('#question-heading').innerText(), /Frage 2 von \d+/);
  assert.ok((await page.title()).startsWith('Frage 2 von'), await page.title());
  assert.ok((await page.title()).includes(moduleTitle), `${await page.title()} names ${moduleTitle}`);
  // One Tab from the heading reaches the first answer.
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.closest('form.quiz-form') !== null
    && ['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement.tagName));
  assert.ok(focused, 'the next Tab is an answer');
  // The overview shows each question's first words.
  await page.goto(page.url().replace(/question\/\d+$/, ''));
  const items = await page.locator('.question-overview li').allInnerTexts();
  assert.ok(items.length > 0 && items.every((t) => t.split('\n').length >= 2 && t.split('\n')[1].trim().length > 5), `${items[0]}`);
  // Answer every question right and hand in; the pass becomes evidence.
  const quiz = readQuiz(module);
  const total = items.length;
  for (let position = 1; position <= total; position++) {
    await page.goto(page.url().replace(/\/(question\/\d+)?$/, '').replace(/\/quiz\/([^/]+).*$/, `/quiz/$1/question/${position}`));
    await answer(page, quiz);
    const button = position < total ? 'Weiter' : 'Übersicht und Abgabe';
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.waitForLoadState('load');
  }
  await page.getByRole('button', { name: 'Test abgeben' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ihr Testergebnis' }).waitFor();
  assert.ok((await page.title()).includes(moduleTitle), `the result's title names the module: ${await page.title()}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const phone = await newPage(browser, { width: 360, height: 740 });
  await login(phone, ACCOUNTS.auditor, DEMO_PASSWORD);
  await phone.goto(`${BASE_URL}/evidence`);
  const row = phone.locator('table.stack-on-phone tbody tr').first();
  await row.waitFor();
  assert.equal(await row.evaluate((tr) => getComputedStyle(tr).display), 'block', 'a row is a card');
  const label = await row.locator('td[data-label]').first().evaluate((td) => getComputedStyle(td, '::before').content);
  assert.match(label, /Stufe|Niveau|Level/, `each value is labelled: ${label}`);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `"Meine Nachweise" does not scroll sideways (${overflow}px)`);
  assert.deepEqual(await seriousViolations(phone), [], 'evidence at 360px');
  await phone.context().close();
});

test('a refused form without JavaScript: every error at once, focus on the summary, "Fehler:" in the title, a clean address', { timeout: 120_000 }, async () => {
  const page = await newPage(browser, { javaScript: false });
  await login(page, ACCOUNTS.admin, DEMO_PASSWORD, { javaScript: false });
  await page.goto(`${BASE_URL}/admin/users/new`);
  // A browser that does not check `required` itself; the server checks again.
  await page.locator('form', { has: page.locator('#field-display_name') }).evaluate((form) => { form.noValidate = true; });
  await page.locator('#field-display_name').fill('');
  await page.locator('#field-email').fill('keine-adresse');
  await page.locator('form', { has: page.locator('#field-display_name') }).locator('button[type=submit]').last().click();
  await page.waitForLoadState('load');
  const url = new URL(page.url());
  assert.equal(url.search, '', `no error in the address: ${page.url()}`);
  assert.equal(url.hash, '#form-errors');
  assert.ok((await page.title()).startsWith('Fehler: '), await page.title());
  assert.equal(await page.evaluate(() => document.activeElement.id), 'form-errors', 'the summary has the focus');
  const links = await page.locator('#form-errors a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.includes('#field-display_name') && links.includes('#field-email'), `all errors at once: ${links}`);
  // The next Tab leads to the first field to correct.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), links[0]);
  await page.reload();
  assert.ok(!(await page.title()).startsWith('Fehler: '), 'shown once: a reload is a fresh form');
  await page.context().close();
});

test('the scout area is three pages with their own headings, and scout cards keep their text inside', { timeout: 180_000 }, async () => {
  const page = await newPage(browser, { width: 320, height: 800 });
  await login(page, ACCOUNTS.scout, DEMO_PASSWORD);
  for (const [path, heading] of [['/scouts/profile', 'Anfragen und Zahlen'], ['/scouts/profile/meetings', 'Sprechstunden und Workshops'], ['/scouts/profile/edit', 'Mein Profil als Digitalscout']]) {
    await page.goto(`${BASE_URL}${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Bereiche für Digitalscouts' });
    assert.equal(await nav.locator('a[aria-current="page"]').getAttribute('href'), path);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height < 5000, `${path} is ${height}px long`);
    assert.deepEqual(await seriousViolations(page), [], `${path} at 320px`);
  }
  await page.context().close();

  const wide = await newPage(browser, { width: 1280, height: 900 });
  await login(wide, ACCOUNTS.employee, DEMO_PASSWORD);
  await wide.goto(`${BASE_URL}/scouts`);
  const overflowing = await wide.locator('.scout-cards > li').evaluateAll((cards) => cards.flatMap((card) => {
    const edge = card.getBoundingClientRect().right;
    return [...card.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > edge + 1).map((el) => el.textContent.slice(0, 30));
  }));
  assert.deepEqual(overflowing, [], 'nothing sticks out of a scout card');
  await wide.context().close();
});

test('stand-alone links are at least 24 px tall, and long words fit at "Sehr groß" on a phone', { timeout: 120_000 }, async () => {
  const page = await newPage(browser, { width: 320, height: 800 });
  await login(page, ACCOUNTS.hr, DEMO_PASSWORD);
  for (const path of ['/', '/reports', '/scouts']) {
    await page.goto(`${BASE_URL}${path}`);
    const small = await page.locator('main p > a:only-child, main li > a:only-child').evaluateAll((links) => links
      .filter((a) => a.getBoundingClientRect().height > 0 && a.getBoundingClientRect().height < 24)
      .map((a) => `${a.textContent.trim()} (${a.getBoundingClientRect().height}px)`));
    assert.deepEqual(small, [], `${path}: small targets`);
  }
  // The largest text size, as a person sets it on "Darstellung und Sprache".
  await page.goto(`${BASE_URL}/display`);
  await page.getByLabel('Sehr groß').check();
  await page.getByRole('button', { name: /Speichern|Übernehmen/ }).first().click();
  await page.waitForLoadState('load');
  for (const path of ['/', '/reports/heatmap', '/scouts', '/learn']) {
    await page.goto(`${BASE_URL}${path}`);
    assert.match(await page.locator('html').getAttribute('class'), /font-larger/);
    // A word is broken when it is wider than the heading (or link) that holds it.
    const broken = await page.locator('main h1, main h2, main nav a').evaluateAll((els) => els.flatMap((el) => {
      const width = el.getBoundingClientRect().width;
      const probe = document.createElement('span');
      probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;hyphens:none';
      el.appendChild(probe);
      // A hyphen is a place to break: the parts count as words.
      const wide = el.textContent.split(/[\s\u00ad-]+/).filter((word) => {
        probe.textContent = word;
        return probe.getBoundingClientRect().width > width + 1;
      });
      probe.remove();
      return wide;
    }));
    assert.deepEqual(broken, [], `${path}: words wider than their line at "Sehr groß"`);
  }
  await page.context().close();
});

test('the system\'s wish for more contrast and Windows\' forced colours are honoured', { timeout: 120_000 }, async () => {
  const page = await newPage(browser, { width: 1280, height: 900 });
  await login(page, ACCOUNTS.hr, DEMO_PASSWORD);
  await page.goto(`${BASE_URL}/`);
  const muted = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--muted').trim());
  const before = await muted();
  await page.emulateMedia({ contrast: 'more' });
  assert.notEqual(await muted(), before, 'more contrast: muted text becomes full text colour');
  await page.emulateMedia({ contrast: 'no-preference', forcedColors: 'active' });
  const border = await page.locator('.card').first().evaluate((el) => getComputedStyle(el).borderTopStyle);
  assert.equal(border, 'solid', 'forced colours: cards keep a visible border');
  await page.goto(`${BASE_URL}/reports/heatmap`);
  const adjust = await page.locator('td.heat').first().evaluate((td) => getComputedStyle(td).forcedColorAdjust);
  assert.equal(adjust, 'none', 'the heatmap keeps its colours');
  assert.deepEqual(await seriousViolations(page), [], 'heatmap in forced colours');
  await page.context().close();
});
