// Felt speed on an old phone (issue 15): each learner page is loaded in Chromium on a throttled
// profile (1.6 Mbps down, 750 kbps up, 150 ms round trip, CPU slowed down 4×), as a first visit
// (empty cache) and as a repeat visit. Printed per page:
// - the JavaScript and WebAssembly it transfers (bytes on the wire, gzip);
// - first contentful paint;
// - "interactive": when `<html data-hydrated>` is set (every island hydrated; at once on a page
//   without islands);
// - the requests of a repeat visit that went to the network at all (revalidations included).
// It measures and prints; it is no test and gates nothing.
//
// Run against a running server with the demo data (e.g. `./dev run` in another shell):
//   cd tests/browser && BASE_URL=http://127.0.0.1:3000 node phone-profile.mjs
import { ACCOUNTS, BASE_URL, launch, login, newPage } from './harness.mjs';

const PROFILE = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1000 * 1000) / 8,
  uploadThroughput: (750 * 1000) / 8,
};
const CPU_SLOWDOWN = 4;
const INTERACTIVE_BUDGET_MS = 1500;
const LEARNER_BUNDLE_BUDGET = 60 * 1024;

/** Records when the page became interactive, relative to the navigation's start. */
const MARK_INTERACTIVE = () => {
  const note = () => {
    if (document.documentElement?.hasAttribute('data-hydrated') && window.__interactiveAt === undefined) {
      window.__interactiveAt = performance.now();
    }
  };
  new MutationObserver(note).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
};

async function measure(page, client, url) {
  const transfers = new Map();
  const types = new Map();
  const onResponse = (event) => types.set(event.requestId, { type: event.type, url: event.response.url, cached: event.response.fromDiskCache || event.response.fromPrefetchCache || event.response.fromServiceWorker });
  const onFinished = (event) => transfers.set(event.requestId, event.encodedDataLength);
  client.on('Network.responseReceived', onResponse);
  client.on('Network.loadingFinished', onFinished);
  const requests = new Map();
  const fromCache = new Set();
  const onRequest = (event) => requests.set(event.requestId, event.request.url);
  const onCached = (event) => fromCache.add(event.requestId);
  client.on('Network.requestWillBeSent', onRequest);
  client.on('Network.requestServedFromCache', onCached);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__interactiveAt !== undefined, null, { timeout: 60_000 });
  // Let late requests (the bundle is fetched after parsing) finish before counting.
  await page.waitForLoadState('networkidle');
  const timing = await page.evaluate(() => ({
    interactive: window.__interactiveAt,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  }));
  client.off('Network.responseReceived', onResponse);
  client.off('Network.loadingFinished', onFinished);
  client.off('Network.requestWillBeSent', onRequest);
  client.off('Network.requestServedFromCache', onCached);
  // What went to the network at all (a revalidation too), not what a cache answered.
  const network = [...requests]
    .filter(([id]) => !fromCache.has(id) && !types.get(id)?.cached)
    .map(([, url]) => url);
  let script = 0;
  const scripts = [];
  for (const [id, info] of types) {
    const isCode = info.type === 'Script' || info.url.endsWith('.wasm');
    if (isCode && !info.cached) {
      const bytes = transfers.get(id) ?? 0;
      script += bytes;
      scripts.push({ path: new URL(info.url).pathname, bytes });
    }
  }
  return { ...timing, script, scripts, requests: network };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => (value === null || value === undefined ? '–' : `${Math.round(value)} ms`);

async function main() {
  const browser = await launch();
  const page = await newPage(browser, { javaScript: true, width: 360, height: 740 });
  await login(page, ACCOUNTS.employee);
  // The learner's pages, found the way a learner finds them.
  await page.goto(`${BASE_URL}/modules/e-akte`);
  const lesson = await page.getByRole('link', { name: /Mit dem Lernen beginnen|Weiterlesen/ }).getAttribute('href');
  // A test still open from an earlier run is continued.
  const resume = page.getByRole('link', { name: 'Test fortsetzen' });
  if (await resume.count()) await resume.first().click();
  else await page.getByRole('button', { name: /^Test (starten|noch einmal machen)$/ }).click();
  await page.waitForURL(/\/quiz\//);
  const overview = new URL(page.url()).pathname.replace(/\/question\/\d+$/, '');
  const question = `${overview}/question/1`;
  const pages = [
    ['catalogue', '/learn', true],
    ['module', '/modules/e-akte', false],
    ['lesson', lesson, true],
    ['quiz', question, true],
    ['quiz overview', overview, false],
    ['evidence', '/evidence', false],
    ['certificate', '/certificate', false],
  ];

  const client = await page.context().newCDPSession(page);
  await client.send('Network.enable');
  await client.send('Network.emulateNetworkConditions', PROFILE);
  await client.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.addInitScript(MARK_INTERACTIVE);

  const rows = [];
  const code = new Set();
  let codeBytes = 0;
  for (const [name, path, budgeted] of pages) {
    await client.send('Network.clearBrowserCache');
    const first = await measure(page, client, `${BASE_URL}${path}`);
    const repeat = await measure(page, client, `${BASE_URL}${path}`);
    const assets = repeat.requests.filter((url) => new URL(url).pathname.startsWith('/pkg/'));
    for (const { path: file, bytes } of first.scripts) {
      if (!code.has(file)) {
        code.add(file);
        codeBytes += bytes;
      }
    }
    const verdict = budgeted ? (first.interactive <= INTERACTIVE_BUDGET_MS ? 'ok' : 'OVER') : '';
    rows.push({
      page: name,
      'JS+wasm (first visit)': kb(first.script),
      'first paint': ms(first.fcp),
      interactive: ms(first.interactive),
      [`≤ ${INTERACTIVE_BUDGET_MS} ms`]: verdict,
      'repeat: interactive': ms(repeat.interactive),
      'repeat: /pkg requests': assets.length,
    });
  }
  console.log(`phone profile: ${PROFILE.downloadThroughput * 8 / 1e6} Mbps, ${PROFILE.latency} ms RTT, CPU ×${CPU_SLOWDOWN}, 360×740`);
  console.table(rows);
  const verdict = codeBytes <= LEARNER_BUNDLE_BUDGET ? 'ok' : 'OVER';
  console.log(`JS+wasm over all learner pages together: ${kb(codeBytes)} (budget ${kb(LEARNER_BUNDLE_BUDGET)}): ${verdict}`);
  await browser.close();
}

await main();
