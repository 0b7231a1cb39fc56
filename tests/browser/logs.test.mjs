// Runs after the journeys: the server's own log of everything the browser tests did (logins,
// failed logins, new accounts, invitation mail) must name no person. ./dev test passes the log
// file of the server it started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const LOG = process.env.SERVER_LOG;

test('the server log carries no personal data', { skip: !LOG && 'SERVER_LOG not set' }, () => {
  const log = readFileSync(LOG, 'utf8');
  const lines = log.split('\n').filter(Boolean);
  // The check is only worth something if the interesting events were logged at all.
  assert.ok(lines.some((l) => l.includes('login succeeded')), 'logins are logged');
  assert.ok(lines.some((l) => l.includes('login failed')), 'failed logins are logged');
  assert.ok(lines.some((l) => l.includes('mail sent') && l.includes('"recipient_domain":"musterstadt.example"')),
    'mail deliveries are logged with the recipient domain');

  // Signing in with the city's account, the directory and a letter (sign-in.test.mjs).
  for (const event of ['oidc sign-in succeeded', 'ldap sign-in succeeded', 'ldap sign-in failed', 'letter sign-in succeeded']) {
    assert.ok(lines.some((l) => l.includes(event)), `"${event}" is logged`);
  }

  const personal = ['Alex Wagner', 'Erika Mustermann', 'Samir Yilmaz', 'Nora Neu', 'beschaeftigte', 'personalrat@', 'admin@',
    'neu-js', 'neu-nojs', 'fuehrerschein-demo', 'Petra Schneider', 'pschneider', 'Sommer2026', 'Jonas Weber', 'jweber',
    'Herbst2026', 'Aylin Kaya', 'u-1001', 'uid='];
  for (const word of personal) {
    const hit = lines.find((l) => l.includes(word));
    assert.equal(hit, undefined, `the log contains "${word}"`);
  }
  // No email address at all; Message-IDs (<32 hex digits@host>) are allowed.
  const address = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
  for (const line of lines) {
    const found = (line.match(address) ?? []).filter((m) => !/^[0-9a-f]{32}@/.test(m));
    assert.deepEqual(found, [], `an email address in the log: ${line}`);
  }
  // No sign-in letter's code.
  assert.ok(!/\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b/.test(log), 'a letter code in the log');
  // No one-time token or session id (43 URL-safe base64 characters).
  assert.ok(!/[A-Za-z0-9_-]{43}/.test(log.replace(/[0-9a-f]{32}@/g, '')), 'a token-like string in the log');
});
