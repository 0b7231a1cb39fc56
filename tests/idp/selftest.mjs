// End-to-end check of tests/idp/oidc_provider.mjs.
//
//   node tests/idp/selftest.mjs
//
// Starts the provider as a child process on port 0, drives the login, token,
// tamper, logout and key-rotation flows over HTTP (no browser, no JavaScript),
// and exits non-zero if any check fails.

import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as readline from 'node:readline';

import * as jose from 'jose';

const here = path.dirname(fileURLToPath(import.meta.url));
const providerScript = path.join(here, 'oidc_provider.mjs');
const verbose = process.argv.includes('--verbose');

const CLIENT_ID = 'fuehrerschein';
const CLIENT_SECRET = 's3cret';
const REDIRECT_URI = 'http://127.0.0.1:4000/auth/oidc/callback';
const POST_LOGOUT = 'http://127.0.0.1:4000/login?logged_out=1';
const ALL_SCOPES = 'openid profile email fuehrerschein';

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'idp-selftest-'));
const keysFile = path.join(workDir, 'keys.json');
const configFile = path.join(workDir, 'config.json');

function writeConfig(port) {
  fs.writeFileSync(configFile, JSON.stringify({
    port,
    keys_file: keysFile,
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [REDIRECT_URI],
      post_logout_redirect_uris: [POST_LOGOUT],
    }],
    accounts: {
      pschneider: {
        password: 'geheim',
        claims: {
          sub: 'u-1001',
          email: 'petra.schneider@example.org',
          email_verified: true,
          name: 'Petra Schneider',
          given_name: 'Petra',
          family_name: 'Schneider',
          personnel_number: '1001',
          department: 'Dezernat I',
          groups: ['fs-hr', 'staff'],
        },
      },
    },
  }, null, 2));
}

// ---------------------------------------------------------------------------
// tiny test framework
// ---------------------------------------------------------------------------

let passed = 0;
const failures = [];

function check(name, condition, detail) {
  if (condition) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failures.push(name);
    console.log(`FAIL ${name}${detail !== undefined ? ` -- ${typeof detail === 'string' ? detail : JSON.stringify(detail)}` : ''}`);
  }
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------------------
// provider process
// ---------------------------------------------------------------------------

let child;
let providerLog = '';

async function startProvider(port, extraArgs = []) {
  writeConfig(port);
  child = spawn(process.execPath, [providerScript, configFile, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (d) => {
    providerLog += d;
    if (verbose) process.stderr.write(d);
  });
  const exited = new Promise((resolve) => { child.once('exit', (code, signal) => resolve({ code, signal })); });
  child.exitedPromise = exited;
  const rl = readline.createInterface({ input: child.stdout });
  const firstLine = await Promise.race([
    new Promise((resolve) => { rl.once('line', resolve); }),
    exited.then(({ code }) => { throw new Error(`provider exited early with code ${code}\n${providerLog}`); }),
    new Promise((_, reject) => { setTimeout(() => reject(new Error(`no port on stdout after 15 s\n${providerLog}`)), 15000); }),
  ]);
  const extraStdout = [];
  rl.on('line', (l) => extraStdout.push(l));
  child.extraStdout = extraStdout;
  return firstLine;
}

async function stopProvider() {
  if (!child || child.exitCode !== null) return { ms: 0 };
  const t0 = Date.now();
  child.kill('SIGTERM');
  const result = await Promise.race([
    child.exitedPromise,
    new Promise((resolve) => { setTimeout(() => resolve(null), 5000); }),
  ]);
  if (result === null) {
    child.kill('SIGKILL');
    await child.exitedPromise;
  }
  return { ms: Date.now() - t0, result };
}

// ---------------------------------------------------------------------------
// HTTP with a cookie jar
// ---------------------------------------------------------------------------

class Browser {
  constructor() { this.cookies = new Map(); }

  cookieHeader(url) {
    const now = Date.now();
    const list = [];
    for (const c of this.cookies.values()) {
      if (c.expires && c.expires < now) continue;
      if (url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)) {
        list.push(`${c.name}=${c.value}`);
      }
    }
    return list.join('; ');
  }

  storeCookies(url, response) {
    for (const raw of response.headers.getSetCookie()) {
      const [pair, ...attrs] = raw.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let cookiePath = '/';
      let expires;
      for (const a of attrs) {
        const [k, v] = a.split('=');
        if (k.toLowerCase() === 'path') cookiePath = v;
        if (k.toLowerCase() === 'expires') expires = Date.parse(v);
        if (k.toLowerCase() === 'max-age') expires = Date.now() + Number(v) * 1000;
      }
      const key = `${name};${cookiePath}`;
      if (!value || (expires !== undefined && expires <= Date.now())) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path: cookiePath, expires });
    }
  }

  async request(urlString, { method = 'GET', form, headers = {} } = {}) {
    const url = new URL(urlString);
    const h = { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8', ...headers };
    const cookie = this.cookieHeader(url);
    if (cookie) h.cookie = cookie;
    let body;
    if (form) {
      body = new URLSearchParams(form).toString();
      h['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await fetch(url, {
      method, headers: h, body, redirect: 'manual',
    });
    this.storeCookies(url, response);
    const text = await response.text();
    return {
      status: response.status, headers: response.headers, text, url,
      location: response.headers.get('location') ? new URL(response.headers.get('location'), url).href : undefined,
    };
  }

  // Follows redirects on the provider until one leaves it (to the app).
  async follow(first, issuer) {
    let r = first;
    const hops = [];
    while (r.location && r.location.startsWith(`${issuer}/`)) {
      hops.push(r.location);
      r = await this.request(r.location);
      if (hops.length > 10) throw new Error('redirect loop');
    }
    return { final: r, hops };
  }
}

function pkcePair() {
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

function authUrl(disco, { scope = ALL_SCOPES, pkce, state, nonce } = {}) {
  const u = new URL(disco.authorization_endpoint);
  u.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope,
    state,
    nonce,
    ...(pkce ? { code_challenge: pkce.challenge, code_challenge_method: 'S256' } : {}),
  }).toString();
  return u.href;
}

function formFields(html) {
  const fields = {};
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
    if (name) fields[name] = value;
  }
  return fields;
}

// Runs the authorization request; logs in if the provider asks for it.
async function authorize(browser, disco, issuer, { scope = ALL_SCOPES, password = 'geheim', expectLogin } = {}) {
  const pkce = pkcePair();
  const state = crypto.randomBytes(8).toString('hex');
  const nonce = crypto.randomBytes(8).toString('hex');
  let r = await browser.request(authUrl(disco, {
    scope, pkce, state, nonce,
  }));
  const info = { pkce, state, nonce, loginShown: false };
  if (r.location && new URL(r.location).pathname.startsWith('/interaction/')) {
    const interactionUrl = r.location;
    info.interactionUrl = interactionUrl;
    const page = await browser.request(interactionUrl);
    if (page.status === 200 && page.text.includes('name="password"')) {
      info.loginShown = true;
      info.loginPage = page;
      if (expectLogin === false) return info;
      r = await browser.request(`${interactionUrl}/login`, {
        method: 'POST', form: { login: 'pschneider', password },
      });
      info.loginResponse = r;
      if (r.status !== 303) return info;
    } else {
      r = page;
    }
  }
  const { final, hops } = await browser.follow(r, issuer);
  info.hops = hops;
  info.final = final;
  if (final.location) {
    const u = new URL(final.location);
    info.callback = u;
    info.code = u.searchParams.get('code');
  }
  return info;
}

async function exchange(disco, code, verifier, { auth = 'basic' } = {}) {
  const body = new URLSearchParams({
    grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier,
  });
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64')}`;
  } else {
    body.set('client_id', CLIENT_ID);
    body.set('client_secret', CLIENT_SECRET);
  }
  const response = await fetch(disco.token_endpoint, { method: 'POST', headers, body });
  return { status: response.status, json: await response.json() };
}

async function postJson(url, value) {
  const response = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value),
  });
  return { status: response.status, json: await response.json() };
}

async function getJson(url, headers) {
  const response = await fetch(url, { headers });
  return { status: response.status, json: await response.json() };
}

// ---------------------------------------------------------------------------
// the checks
// ---------------------------------------------------------------------------

async function main() {
  // --- start ---------------------------------------------------------------
  const portLine = await startProvider(0);
  check('first stdout line is the port number alone', /^\d+$/.test(portLine), portLine);
  const port = Number(portLine);
  const issuer = `http://127.0.0.1:${port}`;
  check('keys file written on first start', fs.existsSync(keysFile));
  const firstKeys = JSON.parse(fs.readFileSync(keysFile, 'utf8'));
  const kid1 = firstKeys.keys[0].kid;
  check('keys file holds one private RS256 signing key with kid',
    firstKeys.keys.length === 1 && firstKeys.keys[0].d && firstKeys.keys[0].alg === 'RS256'
      && firstKeys.keys[0].use === 'sig' && kid1, firstKeys.keys.map((k) => k.kid));

  // --- discovery -----------------------------------------------------------
  const { json: disco } = await getJson(`${issuer}/.well-known/openid-configuration`);
  check('discovery issuer has no trailing slash', disco.issuer === issuer, disco.issuer);
  check('discovery lists all endpoints',
    ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'end_session_endpoint']
      .every((k) => typeof disco[k] === 'string' && disco[k].startsWith(issuer)));
  check('discovery: PKCE S256', same(disco.code_challenge_methods_supported, ['S256']));
  check('discovery: client_secret_basic and client_secret_post',
    disco.token_endpoint_auth_methods_supported.includes('client_secret_basic')
      && disco.token_endpoint_auth_methods_supported.includes('client_secret_post'));
  check('discovery: scopes include fuehrerschein',
    ['openid', 'profile', 'email', 'fuehrerschein'].every((s) => disco.scopes_supported.includes(s)));
  check('discovery: RS256 ID tokens', disco.id_token_signing_alg_values_supported.includes('RS256'));

  const { json: jwks } = await getJson(disco.jwks_uri);
  check('jwks publishes the key from keys_file, public part only',
    jwks.keys.length === 1 && jwks.keys[0].kid === kid1 && !('d' in jwks.keys[0]), jwks);
  const localJwks = jose.createLocalJWKSet(jwks);

  // --- PKCE is required ----------------------------------------------------
  {
    const b = new Browser();
    const r = await b.request(authUrl(disco, { state: 'x', nonce: 'y' }));
    const loc = r.location ? new URL(r.location) : undefined;
    check('authorization request without PKCE is rejected',
      loc?.href.startsWith(REDIRECT_URI) && loc.searchParams.get('error') === 'invalid_request',
      r.location);
  }

  // --- login flow ----------------------------------------------------------
  const browser = new Browser();
  const flow = await (async () => {
    const pkce = pkcePair();
    const state = 'st-1';
    const nonce = 'n-1';
    const r = await browser.request(authUrl(disco, {
      pkce, state, nonce,
    }));
    check('authorization request redirects to /interaction/UID',
      r.status === 303 && /^\/interaction\/[^/]+$/.test(new URL(r.location).pathname), r.location);
    const interactionUrl = r.location;
    const page = await browser.request(interactionUrl);
    const html = page.text;
    check('login page: 200 html', page.status === 200 && /text\/html/.test(page.headers.get('content-type')));
    check('login page: <html lang="de">, <main>, <h1>',
      html.includes('<html lang="de">') && html.includes('<main>') && /<h1>[^<]+<\/h1>/.test(html));
    check('login page: labelled login and password fields',
      html.includes('<label for="login">') && html.includes('id="login" name="login"')
        && html.includes('<label for="password">') && html.includes('id="password" name="password"'));
    check('login page: submit button, no script', html.includes('<button type="submit">') && !html.includes('<script'));

    const bad = await browser.request(`${interactionUrl}/login`, {
      method: 'POST', form: { login: 'pschneider', password: 'falsch' },
    });
    check('wrong password re-renders the form with role="alert"',
      bad.status === 401 && bad.text.includes('role="alert"') && bad.text.includes('name="password"')
        && bad.text.includes('value="pschneider"'), bad.status);

    const good = await browser.request(`${interactionUrl}/login`, {
      method: 'POST', form: { login: 'pschneider', password: 'geheim' },
    });
    check('correct password answers with a redirect', good.status === 303, good.status);
    const { final, hops } = await browser.follow(good, issuer);
    const cb = final.location ? new URL(final.location) : undefined;
    check('redirect chain ends at redirect_uri with code and state (no consent page)',
      cb && `${cb.origin}${cb.pathname}` === REDIRECT_URI && cb.searchParams.get('code')
        && cb.searchParams.get('state') === state, { hops, location: final.location });
    check('authorization response carries iss (RFC 9207)', cb?.searchParams.get('iss') === issuer,
      cb?.searchParams.get('iss'));
    return {
      pkce, state, nonce, code: cb?.searchParams.get('code'),
    };
  })();

  // --- token exchange ------------------------------------------------------
  const wrongVerifier = await exchange(disco, flow.code, pkcePair().verifier);
  check('token request with a wrong code_verifier fails', wrongVerifier.status === 400
    && wrongVerifier.json.error === 'invalid_grant', wrongVerifier.json);
  // a failed PKCE check consumes the code, so run a fresh flow
  const flow2 = await authorize(browser, disco, issuer);
  check('second authorization with an existing session needs no login', !flow2.loginShown && flow2.code);
  const token = await exchange(disco, flow2.code, flow2.pkce.verifier, { auth: 'basic' });
  check('token endpoint (client_secret_basic) returns id_token and access_token',
    token.status === 200 && token.json.id_token && token.json.access_token && token.json.token_type === 'Bearer',
    token.json);
  const idToken = token.json.id_token;
  const { payload: base, protectedHeader } = await jose.jwtVerify(idToken, localJwks, {
    issuer, audience: CLIENT_ID, algorithms: ['RS256'],
  });
  check('id_token is RS256 with the published kid', protectedHeader.alg === 'RS256' && protectedHeader.kid === kid1,
    protectedHeader);
  const expected = {
    sub: 'u-1001',
    email: 'petra.schneider@example.org',
    email_verified: true,
    name: 'Petra Schneider',
    given_name: 'Petra',
    family_name: 'Schneider',
    personnel_number: '1001',
    department: 'Dezernat I',
    groups: ['fs-hr', 'staff'],
    nonce: flow2.nonce,
    aud: CLIENT_ID,
    iss: issuer,
  };
  const missing = Object.entries(expected).filter(([k, v]) => !same(base[k], v));
  check('id_token payload holds sub, email, name, personnel_number, department, groups, nonce, aud',
    missing.length === 0, { missing: missing.map(([k]) => k), payload: base });
  check('id_token expires in about 600 s', base.exp - base.iat === 600, base.exp - base.iat);
  if (verbose) console.log(JSON.stringify(base, null, 2));

  const userinfo = await getJson(disco.userinfo_endpoint, { authorization: `Bearer ${token.json.access_token}` });
  check('userinfo returns the same claims', userinfo.status === 200 && userinfo.json.sub === 'u-1001'
    && same(userinfo.json.groups, expected.groups) && userinfo.json.department === 'Dezernat I', userinfo.json);

  const reuse = await exchange(disco, flow2.code, flow2.pkce.verifier);
  check('authorization code cannot be used twice', reuse.status === 400, reuse.json);
  const revoked = await getJson(disco.userinfo_endpoint, { authorization: `Bearer ${token.json.access_token}` });
  check('... and its replay revokes the access token issued for it', revoked.status === 401, revoked.json);

  // only the scopes asked for are released
  {
    const b = new Browser();
    const f = await authorize(b, disco, issuer, { scope: 'openid email' });
    const t = await exchange(disco, f.code, f.pkce.verifier, { auth: 'post' });
    check('token endpoint accepts client_secret_post', t.status === 200 && t.json.id_token, t.json);
    const p = jose.decodeJwt(t.json.id_token);
    check('scope "openid email" releases email but not profile/fuehrerschein claims',
      p.email && !('name' in p) && !('groups' in p) && !('personnel_number' in p), p);
    const more = await authorize(b, disco, issuer, { scope: ALL_SCOPES });
    check('a wider scope on an existing session is granted without a consent page',
      !more.loginShown && more.code && more.interactionUrl, more.hops);
    const t2 = await exchange(disco, more.code, more.pkce.verifier);
    const p2 = jose.decodeJwt(t2.json.id_token);
    check('... and its id_token now has the fuehrerschein claims', same(p2.groups, expected.groups), p2);
  }

  // abort link
  {
    const b = new Browser();
    const f = await authorize(b, disco, issuer, { expectLogin: false });
    const r = await b.request(`${f.interactionUrl}/abort`);
    const { final } = await b.follow(r, issuer);
    const cb = new URL(final.location);
    check('"Anmeldung abbrechen" returns error=access_denied to the app',
      cb.searchParams.get('error') === 'access_denied' && cb.searchParams.get('state') === f.state, final.location);
  }

  // --- tamper --------------------------------------------------------------
  const volatile = new Set(['iat', 'exp', 'nonce', 'at_hash', 'auth_time']);
  async function tamperedToken(tamper) {
    const armed = await postJson(`${issuer}/test/tamper`, tamper);
    const f = await authorize(browser, disco, issuer);
    const t = await exchange(disco, f.code, f.pkce.verifier);
    return { armed, f, idToken: t.json.id_token };
  }
  function changedClaims(payload, nonce) {
    const keys = new Set([...Object.keys(payload), ...Object.keys(base)]);
    const changed = [];
    for (const k of keys) {
      if (k === 'nonce') {
        if (payload.nonce !== nonce) changed.push(k);
      } else if (k === 'exp') {
        if (Math.abs((payload.exp - payload.iat) - (base.exp - base.iat)) > 1) changed.push(k);
      } else if (!volatile.has(k) && !same(payload[k], base[k])) {
        changed.push(k);
      }
    }
    return changed;
  }

  for (const [claim, value] of [['aud', 'someone-else'], ['exp', 1000], ['nonce', 'changed'], ['iss', 'http://evil']]) {
    const { armed, f, idToken: tok } = await tamperedToken({ claims: { [claim]: value } });
    const header = jose.decodeProtectedHeader(tok);
    const payload = jose.decodeJwt(tok);
    const changed = changedClaims(payload, f.nonce);
    let signatureOk = false;
    try {
      await jose.compactVerify(tok, localJwks);
      signatureOk = true;
    } catch { /* checked below */ }
    check(`tamper ${claim}: armed`, armed.status === 200 && armed.json.ok, armed.json);
    check(`tamper ${claim}: only ${claim} changed, to ${JSON.stringify(value)}`,
      same(payload[claim], value) && same(changed, [claim]), { changed, value: payload[claim] });
    check(`tamper ${claim}: signature still verifies against /jwks, same kid`, signatureOk && header.kid === kid1, header);
  }

  {
    const { idToken: tok } = await tamperedToken({ unsigned_kid: true });
    const header = jose.decodeProtectedHeader(tok);
    let verified = false;
    try {
      await jose.compactVerify(tok, localJwks);
      verified = true;
    } catch { /* expected */ }
    const anyKey = await Promise.all(jwks.keys.map(async (k) => {
      try {
        await jose.compactVerify(tok, await jose.importJWK(k, 'RS256'));
        return true;
      } catch {
        return false;
      }
    }));
    check('tamper unsigned_kid: kid not in /jwks and no published key verifies it',
      header.kid !== kid1 && !jwks.keys.some((k) => k.kid === header.kid) && !verified && !anyKey.includes(true), header);
    check('tamper unsigned_kid: claims unchanged', same(changedClaims(jose.decodeJwt(tok), jose.decodeJwt(tok).nonce), []));
  }

  {
    const f = await authorize(browser, disco, issuer);
    const t = await exchange(disco, f.code, f.pkce.verifier);
    const p = jose.decodeJwt(t.json.id_token);
    check('tamper applies to the next token response only', same(changedClaims(p, f.nonce), []) && p.aud === CLIENT_ID);

    const armed = await postJson(`${issuer}/test/tamper`, { claims: { aud: 'x' } });
    const state = await getJson(`${issuer}/test/tamper`);
    const reset = await postJson(`${issuer}/test/reset`, {});
    const after = await getJson(`${issuer}/test/tamper`);
    const f2 = await authorize(browser, disco, issuer);
    const t2 = await exchange(disco, f2.code, f2.pkce.verifier);
    check('/test/reset clears a pending tamper',
      armed.json.ok && state.json.pending && reset.json.ok && after.json.pending === null
        && jose.decodeJwt(t2.json.id_token).aud === CLIENT_ID);
    const badTamper = await postJson(`${issuer}/test/tamper`, { claims: 'aud' });
    check('/test/tamper rejects a malformed body', badTamper.status === 400);
  }

  // --- logout --------------------------------------------------------------
  {
    const u = new URL(disco.end_session_endpoint);
    u.search = new URLSearchParams({
      client_id: CLIENT_ID, post_logout_redirect_uri: POST_LOGOUT, state: 'bye',
    }).toString();
    const page = await browser.request(u.href);
    const html = page.text;
    check('end_session shows a German logout page',
      page.status === 200 && html.includes('<html lang="de">') && html.includes('<main>') && /<h1>/.test(html));
    check('logout page: form with xsrf input and an "Abmelden" button',
      /<form [^>]*method="post"/.test(html) && /name="xsrf"/.test(html)
        && /<button type="submit" name="logout" value="yes">Abmelden<\/button><\/form>/.test(html));
    const action = new URL(/<form [^>]*action="([^"]+)"/.exec(html)[1], u).href;
    const r = await browser.request(action, { method: 'POST', form: { ...formFields(html), logout: 'yes' } });
    const loc = r.location ? new URL(r.location) : undefined;
    check('submitting it redirects to post_logout_redirect_uri with state',
      r.status === 303 && loc && r.location.startsWith(POST_LOGOUT) && loc.searchParams.get('state') === 'bye',
      r.location);
    const again = await authorize(browser, disco, issuer, { expectLogin: false });
    check('after logout the provider asks for the password again', again.loginShown);
  }

  {
    // id_token_hint instead of client_id, then the success page without a redirect URI
    const f = await authorize(browser, disco, issuer);
    const t = await exchange(disco, f.code, f.pkce.verifier);
    const u = new URL(disco.end_session_endpoint);
    u.search = new URLSearchParams({
      id_token_hint: t.json.id_token, post_logout_redirect_uri: POST_LOGOUT,
    }).toString();
    const page = await browser.request(u.href);
    check('end_session with id_token_hint shows the logout form', page.status === 200 && page.text.includes('Abmelden'));
    const action = new URL(/<form [^>]*action="([^"]+)"/.exec(page.text)[1], u).href;
    const r = await browser.request(action, { method: 'POST', form: { ...formFields(page.text), logout: 'yes' } });
    check('... and redirects to post_logout_redirect_uri', r.status === 303 && r.location?.startsWith(POST_LOGOUT), r.location);

    const bad = await browser.request(`${disco.end_session_endpoint}?client_id=${CLIENT_ID}&post_logout_redirect_uri=${encodeURIComponent('http://evil.example/')}`);
    check('unregistered post_logout_redirect_uri is refused with a German error page',
      bad.status === 400 && bad.text.includes('<html lang="de">') && bad.text.includes('role="alert"'), bad.status);
  }

  // --- restart on the same port, then key rotation -------------------------
  const stop1 = await stopProvider();
  check('SIGTERM stops the provider promptly', stop1.result && stop1.ms < 2000, stop1);
  check('nothing but the port was written to stdout', child.extraStdout.length === 0, child.extraStdout);

  const portAgain = await startProvider(port);
  check('restart on the same port prints that port', Number(portAgain) === port, portAgain);
  const { json: jwksSame } = await getJson(`${issuer}/jwks`);
  check('restart without rotate keeps the kid', jwksSame.keys.length === 1 && jwksSame.keys[0].kid === kid1, jwksSame);
  await stopProvider();

  const portRotated = await startProvider(port, ['--rotate']);
  check('restart with --rotate on the same port prints that port', Number(portRotated) === port, portRotated);
  const rotatedFile = JSON.parse(fs.readFileSync(keysFile, 'utf8'));
  const kid2 = rotatedFile.keys[0].kid;
  check('rotate writes a keys file holding only the new key', rotatedFile.keys.length === 1 && kid2 !== kid1,
    rotatedFile.keys.map((k) => k.kid));
  const { json: jwks2 } = await getJson(`${issuer}/jwks`);
  check('/jwks now serves only the new kid', jwks2.keys.length === 1 && jwks2.keys[0].kid === kid2, jwks2);
  {
    const b = new Browser();
    const f = await authorize(b, disco, issuer);
    const t = await exchange(disco, f.code, f.pkce.verifier);
    const header = jose.decodeProtectedHeader(t.json.id_token);
    check('tokens after rotation carry the new kid', header.kid === kid2, header);
    await jose.jwtVerify(t.json.id_token, jose.createLocalJWKSet(jwks2), { issuer, audience: CLIENT_ID });
    let oldVerifies = true;
    try {
      await jose.jwtVerify(t.json.id_token, localJwks, { issuer, audience: CLIENT_ID });
    } catch {
      oldVerifies = false;
    }
    check('... and do not verify against the cached old JWKS', !oldVerifies);
  }
  const stop2 = await stopProvider();
  check('SIGTERM stops the rotated provider promptly', stop2.result && stop2.ms < 2000, stop2);

  // config key "rotate": true works like --rotate
  {
    const cfgPort = 0;
    writeConfig(cfgPort);
    const cfg = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    cfg.rotate = true;
    fs.writeFileSync(configFile, JSON.stringify(cfg));
    child = spawn(process.execPath, [providerScript, configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.exitedPromise = new Promise((resolve) => { child.once('exit', (code, signal) => resolve({ code, signal })); });
    child.stderr.on('data', (d) => { providerLog += d; });
    const rl = readline.createInterface({ input: child.stdout });
    const line = await new Promise((resolve) => { rl.once('line', resolve); });
    const keys3 = JSON.parse(fs.readFileSync(keysFile, 'utf8'));
    check('config "rotate": true also rotates', /^\d+$/.test(line) && keys3.keys.length === 1 && keys3.keys[0].kid !== kid2);
    await stopProvider();
  }
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  failures.push(`exception: ${err.stack ?? err}`);
  console.log(`FAIL exception: ${err.stack ?? err}`);
} finally {
  await stopProvider();
  fs.rmSync(workDir, { recursive: true, force: true });
}
if (failures.length) {
  console.log(`\n${failures.length} check(s) failed, ${passed} passed`);
  if (!verbose) console.log(`--- provider stderr ---\n${providerLog}`);
  exitCode = 1;
} else {
  console.log(`\nall ${passed} checks passed`);
}
process.exit(exitCode);
