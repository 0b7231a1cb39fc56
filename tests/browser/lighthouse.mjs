// Lighthouse on an old phone (issues 15 and 18): mobile performance (target ≥ 95) and accessibility
// (target 100) of the start page (a learner's and HR's dashboard), the catalogue, a lesson, a quiz question, a quiz result and HR's heatmap, with
// Lighthouse's mobile preset (a mid-range phone, simulated slow 4G, CPU slowed down 4×) in
// Debian's Chromium. Printed per page, with the audits that cost points when a page is below
// target; the full reports go to tests/browser/results/. It measures and prints; it gates
// nothing (exit status 0 whatever the scores).
//
// Lighthouse is large (about 185 MB with its dependencies), so it is not among the browser tests'
// packages: on the first run this script installs it into
// ~/.cache/fuehrerschein/lighthouse-<version> with npm. Version 12.8.2 is the newest that runs on
// Debian's Node.js 20 (13 needs Node.js 22).
//
// Run against a running server with the demo data (e.g. `./dev run` in another shell):
//   cd tests/browser && BASE_URL=http://127.0.0.1:3000 node lighthouse.mjs
// LIGHTHOUSE_RUNS=3 runs every page three times and reports the run with the median performance.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ACCOUNTS, BASE_URL, launch, login, newPage } from './harness.mjs';
import { answer, readQuiz } from './quiz.mjs';

const LIGHTHOUSE_VERSION = '12.8.2';
const PERFORMANCE_TARGET = 95;
const ACCESSIBILITY_TARGET = 100;
const MODULE = 'e-akte';
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 1) || 1);

const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'fuehrerschein', `lighthouse-${LIGHTHOUSE_VERSION}`);
const RESULTS = new URL('./results/', import.meta.url);

/** Lighthouse and chrome-launcher (one of its dependencies) from the cache, installed on demand. */
async function loadLighthouse() {
  const modules = join(CACHE, 'node_modules');
  if (!existsSync(join(modules, 'lighthouse', 'package.json'))) {
    console.error(`installing lighthouse@${LIGHTHOUSE_VERSION} into ${CACHE} (once)`);
    mkdirSync(CACHE, { recursive: true });
    execFileSync('npm', ['install', '--prefix', CACHE, '--no-audit', '--no-fund', '--loglevel=error', `lighthouse@${LIGHTHOUSE_VERSION}`], { stdio: 'inherit' });
  }
  const lighthouse = (await import(pathToFileURL(join(modules, 'lighthouse', 'core', 'index.js')))).default;
  const chromeLauncher = await import(pathToFileURL(join(modules, 'chrome-launcher', 'dist', 'index.js')));
  return { lighthouse, chromeLauncher };
}

const sessionCookie = async (page) => {
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name.endsWith('fs_session'));
  if (!session) throw new Error('no session cookie after the login');
  return `${session.name}=${session.value}`;
};

/**
 * Finds the pages the way a learner reaches them (without JavaScript, so that every step is a
 * plain form post): a lesson of the module, a submitted quiz's result, and an open quiz's first
 * question. Returns the pages with the session cookie Lighthouse sends.
 */
async function findPages() {
  const browser = await launch();
  try {
    const learner = await newPage(browser, { javaScript: false, width: 360, height: 740 });
    await login(learner, ACCOUNTS.employee, undefined, { javaScript: false });
    const quiz = readQuiz(MODULE);
    await learner.goto(`${BASE_URL}/modules/${MODULE}`);
    const lesson = await learner.getByRole('link', { name: /Mit dem Lernen beginnen|Weiterlesen/ }).first().getAttribute('href');

    // A test to hand in: one left open by an earlier run, or a new one.
    const startOrResume = async () => {
      await learner.goto(`${BASE_URL}/modules/${MODULE}`);
      const resume = learner.getByRole('link', { name: 'Test fortsetzen' });
      if (await resume.count()) await resume.first().click();
      else await learner.getByRole('button', { name: /^Test (starten|noch einmal machen)$/ }).click();
      await learner.waitForURL(/\/quiz\//);
      return new URL(learner.url()).pathname.replace(/\/question\/\d+$/, '');
    };
    const handedIn = await startOrResume();
    for (let position = 1; position <= quiz.draw; position++) {
      await learner.goto(`${BASE_URL}${handedIn}/question/${position}`);
      await answer(learner, quiz);
      const button = position < quiz.draw ? 'Weiter' : 'Übersicht und Abgabe';
      await learner.getByRole('button', { name: button, exact: true }).click();
      await learner.waitForLoadState();
    }
    await learner.goto(`${BASE_URL}${handedIn}`);
    await learner.getByRole('button', { name: 'Test abgeben' }).click();
    await learner.getByRole('heading', { level: 1, name: 'Ihr Testergebnis' }).waitFor();
    const result = new URL(learner.url()).pathname;
    // And a new one, left open, for its first question.
    const open = await startOrResume();
    const learnerCookie = await sessionCookie(learner);

    const hr = await newPage(browser, { javaScript: false });
    await login(hr, ACCOUNTS.hr, undefined, { javaScript: false });
    const hrCookie = await sessionCookie(hr);

    return [
      { name: 'dashboard', path: '/', cookie: learnerCookie },
      { name: 'dashboard-hr', path: '/', cookie: hrCookie },
      { name: 'catalogue', path: '/learn', cookie: learnerCookie },
      { name: 'lesson', path: lesson, cookie: learnerCookie },
      { name: 'quiz', path: `${open}/question/1`, cookie: learnerCookie },
      { name: 'result', path: result, cookie: learnerCookie },
      { name: 'heatmap', path: '/reports/heatmap', cookie: hrCookie },
    ];
  } finally {
    await browser.close();
  }
}

const score = (category) => Math.round((category?.score ?? 0) * 100);

/** What cost points: failed accessibility audits; the performance metrics and weak audits. */
function explain(lhr) {
  const lines = [];
  const audits = lhr.audits;
  if (score(lhr.categories.accessibility) < ACCESSIBILITY_TARGET) {
    for (const ref of lhr.categories.accessibility.auditRefs) {
      const audit = audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        const items = (audit.details?.items ?? []).slice(0, 5).map((item) => item.node?.selector ?? item.node?.snippet ?? '').filter(Boolean);
        lines.push(`  accessibility: ${ref.id} – ${audit.title}${items.length ? ` (${items.join(', ')})` : ''}`);
      }
    }
  }
  if (score(lhr.categories.performance) < PERFORMANCE_TARGET) {
    for (const ref of lhr.categories.performance.auditRefs.filter((r) => r.weight > 0)) {
      const audit = audits[ref.id];
      lines.push(`  performance metric: ${audit.title} ${audit.displayValue ?? ''} (score ${Math.round((audit.score ?? 0) * 100)}, weight ${ref.weight})`);
    }
    for (const ref of lhr.categories.performance.auditRefs.filter((r) => r.weight === 0)) {
      const audit = audits[ref.id];
      if (audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative') {
        lines.push(`  performance audit: ${ref.id} – ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
      }
    }
  }
  return lines;
}

async function main() {
  const { lighthouse, chromeLauncher } = await loadLighthouse();
  const pages = await findPages();
  mkdirSync(RESULTS, { recursive: true });
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    chromeFlags: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const rows = [];
  const details = [];
  try {
    for (const { name, path, cookie } of pages) {
      const runs = [];
      for (let run = 0; run < RUNS; run++) {
        // Lighthouse now and then loses the trace on a busy machine (NO_NAVSTART): try again.
        for (let attempt = 1; ; attempt++) {
          const { lhr } = await lighthouse(`${BASE_URL}${path}`, {
            port: chrome.port,
            output: 'json',
            logLevel: 'error',
            onlyCategories: ['performance', 'accessibility'],
            extraHeaders: { Cookie: cookie },
          });
          if (!lhr.runtimeError) {
            runs.push(lhr);
            break;
          }
          const problem = `${name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`;
          if (attempt === 3) throw new Error(problem);
          console.error(`${problem} – again`);
        }
      }
      runs.sort((a, b) => score(a.categories.performance) - score(b.categories.performance));
      const lhr = runs[Math.floor(runs.length / 2)];
      writeFileSync(new URL(`lighthouse-${name}.json`, RESULTS), JSON.stringify(lhr));
      const performance = score(lhr.categories.performance);
      const accessibility = score(lhr.categories.accessibility);
      const metric = (id) => lhr.audits[id]?.displayValue ?? '–';
      rows.push({
        page: name,
        path,
        performance: RUNS > 1 ? `${performance} (${runs.map((r) => score(r.categories.performance)).join('/')})` : performance,
        [`≥ ${PERFORMANCE_TARGET}`]: performance >= PERFORMANCE_TARGET ? 'ok' : 'BELOW',
        accessibility,
        [`= ${ACCESSIBILITY_TARGET}`]: accessibility >= ACCESSIBILITY_TARGET ? 'ok' : 'BELOW',
        FCP: metric('first-contentful-paint'),
        LCP: metric('largest-contentful-paint'),
        TBT: metric('total-blocking-time'),
        CLS: metric('cumulative-layout-shift'),
      });
      const why = explain(lhr);
      if (why.length) details.push(`${name} (${path}):`, ...why);
    }
  } finally {
    await chrome.kill();
  }
  console.log(`Lighthouse ${LIGHTHOUSE_VERSION}, mobile preset, ${BASE_URL}${RUNS > 1 ? `, median of ${RUNS} runs` : ''}`);
  console.table(rows);
  for (const line of details) console.log(line);
  console.log(`full reports: ${RESULTS.pathname}lighthouse-<page>.json`);
}

await main();
