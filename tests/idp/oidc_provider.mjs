// Test-only OpenID provider for the Führerschein test harness.
//
//   node tests/idp/oidc_provider.mjs CONFIG.json [--rotate]
//
// Prints the port it listens on as the first line of stdout, everything else
// goes to stderr. See tests/idp/README.md for the config format and the
// /test/* control endpoints. Never use this outside tests: accounts and
// passwords come from a JSON file, storage is in memory, and anyone who can
// reach the port can tamper with the next ID token.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

// stdout carries exactly one line (the port). oidc-provider writes its
// notices with console.info, so route console.log/info to stderr before it
// is loaded, and drop the two warnings that are expected for a test harness
// (Node 20 instead of 22+, in-memory storage).
const writeErr = (...args) => process.stderr.write(`${args.map(String).join(' ')}\n`);
console.log = writeErr;
console.info = writeErr;
const EXPECTED_WARNINGS = [
  'Unsupported runtime',
  'development-only in-memory adapter',
];
const originalWarn = console.warn.bind(console);
console.warn = (...args) => {
  const text = args.map(String).join(' ');
  if (EXPECTED_WARNINGS.some((w) => text.includes(w))) return;
  originalWarn(...args);
};

const { default: Provider } = await import('oidc-provider');
const jose = await import('jose');

function log(...args) {
  writeErr('[idp]', ...args);
}

function fail(message) {
  process.stderr.write(`[idp] error: ${message}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

const cliArgs = process.argv.slice(2);
const configPath = cliArgs.find((a) => !a.startsWith('--'));
if (!configPath) {
  fail('usage: node oidc_provider.mjs CONFIG.json [--rotate]');
}

let config;
try {
  config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
} catch (err) {
  fail(`cannot read config ${configPath}: ${err.message}`);
}

const port = Number(config.port ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port ${config.port}`);
const host = config.host ?? '127.0.0.1';
const rotate = cliArgs.includes('--rotate') || config.rotate === true;
if (!config.keys_file) fail('config.keys_file is required');
const keysFile = path.resolve(path.dirname(configPath), config.keys_file);
if (!Array.isArray(config.clients) || config.clients.length === 0) fail('config.clients must be a non-empty array');
const accounts = config.accounts ?? {};

// ---------------------------------------------------------------------------
// Signing keys
// ---------------------------------------------------------------------------

async function newSigningKey() {
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  return {
    ...jwk, kid: crypto.randomBytes(12).toString('base64url'), alg: 'RS256', use: 'sig',
  };
}

function writeKeys(jwks) {
  fs.mkdirSync(path.dirname(keysFile), { recursive: true });
  const tmp = `${keysFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(jwks, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, keysFile);
}

async function loadOrCreateKeys() {
  if (!rotate && fs.existsSync(keysFile)) {
    const jwks = JSON.parse(fs.readFileSync(keysFile, 'utf8'));
    if (!Array.isArray(jwks.keys) || jwks.keys.length === 0) fail(`${keysFile} holds no keys`);
    for (const k of jwks.keys) {
      if (!k.d) fail(`${keysFile}: key ${k.kid} is not a private key`);
      k.kid ||= crypto.randomBytes(12).toString('base64url');
      k.alg ||= 'RS256';
      k.use ||= 'sig';
    }
    log(`using signing key(s) ${jwks.keys.map((k) => k.kid).join(', ')} from ${keysFile}`);
    return jwks;
  }
  const jwks = { keys: [await newSigningKey()] };
  writeKeys(jwks);
  log(`${rotate ? 'rotated to new' : 'generated'} signing key ${jwks.keys[0].kid}, written to ${keysFile}`);
  return jwks;
}

const jwks = await loadOrCreateKeys();
// oidc-provider signs with the first suitable key; the tamper endpoint must
// use the same one.
const signingJwk = jwks.keys.find((k) => k.alg === 'RS256' && k.use === 'sig') ?? jwks.keys[0];
const signingKey = await jose.importJWK(signingJwk, 'RS256');

// ---------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------

// accountId (= sub) -> { login, password, claims }
const accountsBySub = new Map();
for (const [login, account] of Object.entries(accounts)) {
  const claims = { ...(account.claims ?? {}) };
  claims.sub ??= login;
  accountsBySub.set(String(claims.sub), { login, password: String(account.password ?? ''), claims });
}

function safeEqual(a, b) {
  const ha = crypto.createHash('sha256').update(String(a)).digest();
  const hb = crypto.createHash('sha256').update(String(b)).digest();
  return crypto.timingSafeEqual(ha, hb);
}

function checkLogin(login, password) {
  const account = Object.hasOwn(accounts, login) ? accounts[login] : undefined;
  if (!account) return undefined;
  if (!safeEqual(password, account.password ?? '')) return undefined;
  return String(account.claims?.sub ?? login);
}

// ---------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------

function esc(value) {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;background:#f4f4f4;color:#1a1a1a}
main{max-width:26rem;margin:3rem auto;padding:1.5rem 2rem;background:#fff;border:1px solid #767676;border-radius:4px}
h1{font-size:1.5rem;margin-top:0}
label{display:block;font-weight:600;margin-top:1rem}
input{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #595959;border-radius:3px}
button{font:inherit;margin-top:1.5rem;padding:.5rem 1.25rem;border:2px solid #00468c;border-radius:3px;background:#00468c;color:#fff;cursor:pointer}
:focus-visible{outline:3px solid #c05000;outline-offset:2px}
.alert{border:2px solid #a00000;background:#fff0f0;padding:.5rem 1rem;margin:1rem 0}
.hint{font-size:.9rem;color:#3a3a3a}
a{color:#00468c}
`;

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} – Test-Anmeldedienst</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function sendHtml(ctx, status, html) {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set('cache-control', 'no-store');
  ctx.body = html;
}

function loginPage({
  uid, clientName, login = '', error,
}) {
  const action = `/interaction/${encodeURIComponent(uid)}/login`;
  const abort = `/interaction/${encodeURIComponent(uid)}/abort`;
  const invalid = error ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  return page('Anmelden', `<h1>Anmelden</h1>
<p>Melden Sie sich an, um ${clientName ? `<strong>${esc(clientName)}</strong>` : 'die Anwendung'} zu nutzen.</p>
${error ? `<div class="alert" role="alert" id="login-error"><p>${esc(error)}</p></div>` : ''}
<form method="post" action="${esc(action)}">
<label for="login">Benutzername</label>
<input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${esc(login)}"${invalid}>
<label for="password">Passwort</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<button type="submit">Anmelden</button>
</form>
<p class="hint"><a href="${esc(abort)}">Anmeldung abbrechen</a></p>`);
}

// ---------------------------------------------------------------------------
// Provider
// ---------------------------------------------------------------------------

const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'family_name', 'preferred_username'],
  email: ['email', 'email_verified'],
  fuehrerschein: ['personnel_number', 'department', 'groups'],
};

let tamperPending = null;

// The issuer depends on the port, which with port 0 is only known once the
// socket listens, so the HTTP server is created first and the provider is
// plugged in afterwards.
let handler = (req, res) => {
  res.statusCode = 503;
  res.end('starting\n');
};
const server = http.createServer((req, res) => handler(req, res));
server.keepAliveTimeout = 5000;

function listenOnce() {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

// A fixed port may still be held for a moment by the previous instance
// (restart for key rotation), so retry EADDRINUSE for a few seconds.
for (let attempt = 1; ; attempt += 1) {
  try {
    await listenOnce();
    break;
  } catch (err) {
    if (err.code !== 'EADDRINUSE' || port === 0 || attempt >= 50) {
      fail(`cannot listen on ${host}:${port}: ${err.message}`);
    }
    if (attempt === 1) log(`port ${port} busy, retrying for up to 5 s`);
    await new Promise((resolve) => { setTimeout(resolve, 100); });
  }
}

const actualPort = server.address().port;
const issuer = `http://${host}:${actualPort}`;

const clients = config.clients.map((c) => ({
  client_id: c.client_id,
  client_secret: c.client_secret,
  client_name: c.client_name,
  redirect_uris: c.redirect_uris,
  post_logout_redirect_uris: c.post_logout_redirect_uris ?? [],
  response_types: ['code'],
  grant_types: ['authorization_code'],
  token_endpoint_auth_method: c.token_endpoint_auth_method ?? 'client_secret_basic',
  id_token_signed_response_alg: 'RS256',
}));

const provider = new Provider(issuer, {
  clients,
  jwks,
  cookies: {
    keys: [crypto.randomBytes(32).toString('base64url')],
    // Distinct names so they never clash with the app's cookies: cookies are
    // not isolated by port, and app and provider both live on 127.0.0.1.
    names: {
      session: 'idp_session',
      interaction: 'idp_interaction',
      resume: 'idp_interaction_resume',
    },
    // secure is only set when the request itself arrived over https, so on
    // plain http these work as they are.
    long: { httpOnly: true, sameSite: 'lax' },
    short: { httpOnly: true, sameSite: 'lax' },
  },
  claims: {
    acr: null,
    sid: null,
    auth_time: null,
    iss: null,
    ...SCOPE_CLAIMS,
  },
  scopes: ['openid'],
  responseTypes: ['code'],
  clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
  pkce: { required: () => true },
  // Put every claim of the granted scopes into the ID token too, not only
  // into the userinfo response.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    claimsParameter: { enabled: true },
    userinfo: { enabled: true },
    revocation: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        const button = '<button type="submit" name="logout" value="yes">Abmelden</button>';
        // The form carries oidc-provider's hidden xsrf input; put the button
        // inside it so it submits without JavaScript.
        const formWithButton = form.replace('</form>', `${button}</form>`);
        const clientName = ctx.oidc.client?.clientName || ctx.oidc.client?.clientId;
        sendHtml(ctx, 200, page('Abmelden', `<h1>Abmelden</h1>
<p>Möchten Sie sich ${clientName ? `von <strong>${esc(clientName)}</strong> und ` : ''}vom Test-Anmeldedienst abmelden?</p>
${formWithButton}`));
      },
      async postLogoutSuccessSource(ctx) {
        sendHtml(ctx, 200, page('Abgemeldet', `<h1>Abgemeldet</h1>
<p>Sie wurden erfolgreich abgemeldet.</p>`));
      },
    },
  },
  interactions: {
    url: (ctx, interaction) => `/interaction/${interaction.uid}`,
  },
  async findAccount(ctx, sub) {
    const account = accountsBySub.get(String(sub));
    if (!account) return undefined;
    return {
      accountId: String(sub),
      // The provider filters these down to what the granted scopes allow.
      async claims() {
        return structuredClone(account.claims);
      },
    };
  },
  async renderError(ctx, out) {
    sendHtml(ctx, ctx.status || 400, page('Fehler', `<h1>Es ist ein Fehler aufgetreten</h1>
<div class="alert" role="alert">
<p><strong>${esc(out.error)}</strong></p>
${out.error_description ? `<p>${esc(out.error_description)}</p>` : ''}
</div>`));
  },
  clientBasedCORS: () => true,
  ttl: {
    AccessToken: 600,
    AuthorizationCode: 60,
    IdToken: 600,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
  },
});

// --- helpers for the middleware --------------------------------------------

async function readBody(ctx, limit = 64 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += chunk.length;
    if (size > limit) ctx.throw(413, 'body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readForm(ctx) {
  return Object.fromEntries(new URLSearchParams(await readBody(ctx)));
}

async function readJson(ctx) {
  const text = await readBody(ctx);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    ctx.throw(400, 'invalid JSON body');
    return undefined;
  }
}

function sendJson(ctx, status, value) {
  ctx.status = status;
  ctx.type = 'json';
  ctx.set('cache-control', 'no-store');
  ctx.body = value;
}

function allScopeClaims(scopes) {
  const claims = new Set();
  for (const scope of scopes) for (const claim of SCOPE_CLAIMS[scope] ?? []) claims.add(claim);
  return claims;
}

function requestedClaimNames(params) {
  // names from the `claims` request parameter, if one was sent
  const names = new Set();
  if (!params.claims) return names;
  try {
    const parsed = typeof params.claims === 'string' ? JSON.parse(params.claims) : params.claims;
    for (const target of ['id_token', 'userinfo']) {
      for (const name of Object.keys(parsed?.[target] ?? {})) names.add(name);
    }
  } catch {
    // the provider already rejected malformed claims parameters
  }
  return names;
}

// Grant everything the client asked for; the test provider never asks for
// consent.
async function grantEverything(interaction, accountId) {
  const { params } = interaction;
  let grant;
  if (interaction.grantId) {
    grant = await provider.Grant.find(interaction.grantId);
    if (grant && grant.accountId !== accountId) grant = undefined;
  }
  grant ??= new provider.Grant({ accountId, clientId: params.client_id });

  const supported = new Set(Object.keys(SCOPE_CLAIMS));
  const scopes = String(params.scope ?? '').split(' ').filter((s) => supported.has(s));
  if (scopes.length) grant.addOIDCScope(scopes.join(' '));
  const claims = new Set([...allScopeClaims(scopes), ...requestedClaimNames(params)]);
  if (claims.size) grant.addOIDCClaims([...claims]);

  const details = interaction.prompt?.details ?? {};
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  return grant.save();
}

async function clientNameFor(clientId) {
  const client = await provider.Client.find(String(clientId ?? ''));
  return client?.clientName || client?.clientId;
}

function interactionErrorPage(ctx, err) {
  log(`interaction error: ${err.name}: ${err.message}`);
  sendHtml(ctx, err.statusCode ?? err.status ?? 400, page('Fehler', `<h1>Anmeldung nicht möglich</h1>
<div class="alert" role="alert">
<p>Die Anmeldesitzung ist abgelaufen oder ungültig. Bitte starten Sie die Anmeldung in der Anwendung erneut.</p>
</div>`));
}

// --- tamper ------------------------------------------------------------------

function describeTamper(t) {
  if (!t) return null;
  return { claims: t.claims ?? {}, unsigned_kid: Boolean(t.unsigned_kid) };
}

async function tamperIdToken(idToken, tamper) {
  const header = jose.decodeProtectedHeader(idToken);
  const payload = jose.decodeJwt(idToken);
  for (const [name, value] of Object.entries(tamper.claims ?? {})) {
    if (value === null) delete payload[name];
    else payload[name] = value;
  }
  let key = signingKey;
  const newHeader = { ...header, alg: 'RS256', kid: signingJwk.kid };
  if (tamper.unsigned_kid) {
    // signed by a key that /jwks does not publish, under a kid nobody knows
    const { privateKey } = await jose.generateKeyPair('RS256');
    key = privateKey;
    newHeader.kid = `unpublished-${crypto.randomBytes(8).toString('base64url')}`;
  }
  return new jose.SignJWT(payload).setProtectedHeader(newHeader).sign(key);
}

// --- middleware (runs before oidc-provider's own routes) --------------------

provider.use(async (ctx, next) => {
  const started = Date.now();
  try {
    await next();
  } finally {
    log(`${ctx.method} ${ctx.path} -> ${ctx.status} (${Date.now() - started} ms)`);
  }
});

provider.use(async (ctx, next) => {
  // Test control endpoints.
  if (ctx.path === '/test/tamper') {
    if (ctx.method === 'GET') return sendJson(ctx, 200, { pending: describeTamper(tamperPending) });
    if (ctx.method !== 'POST') return sendJson(ctx, 405, { error: 'method not allowed' });
    const body = await readJson(ctx);
    const claims = body.claims ?? {};
    if (typeof claims !== 'object' || Array.isArray(claims) || claims === null) {
      return sendJson(ctx, 400, { error: '"claims" must be an object' });
    }
    if (!Object.keys(claims).length && !body.unsigned_kid) {
      return sendJson(ctx, 400, { error: 'nothing to tamper: give "claims" and/or "unsigned_kid": true' });
    }
    tamperPending = { claims, unsigned_kid: body.unsigned_kid === true };
    log(`tamper armed for the next token response: ${JSON.stringify(describeTamper(tamperPending))}`);
    return sendJson(ctx, 200, { ok: true, pending: describeTamper(tamperPending) });
  }
  if (ctx.path === '/test/reset') {
    if (ctx.method !== 'POST') return sendJson(ctx, 405, { error: 'method not allowed' });
    await readBody(ctx);
    tamperPending = null;
    return sendJson(ctx, 200, { ok: true, pending: null });
  }

  // Interactions (login page, consent finished automatically).
  const m = /^\/interaction\/([^/]+)(\/login|\/abort)?$/.exec(ctx.path);
  if (m) {
    const action = m[2];
    ctx.set('cache-control', 'no-store');
    let interaction;
    try {
      interaction = await provider.interactionDetails(ctx.req, ctx.res);
    } catch (err) {
      return interactionErrorPage(ctx, err);
    }
    if (interaction.uid !== decodeURIComponent(m[1])) {
      return interactionErrorPage(ctx, new Error('interaction uid mismatch'));
    }
    const { prompt, params } = interaction;
    const clientName = await clientNameFor(params.client_id);

    if (action === undefined && ctx.method === 'GET') {
      if (prompt.name === 'login') {
        return sendHtml(ctx, 200, loginPage({ uid: interaction.uid, clientName }));
      }
      if (prompt.name === 'consent') {
        const accountId = interaction.session?.accountId;
        const grantId = await grantEverything(interaction, accountId);
        ctx.respond = false;
        return provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId } }, {
          mergeWithLastSubmission: true,
        });
      }
      return sendHtml(ctx, 501, page('Fehler', `<h1>Nicht unterstützt</h1>
<p role="alert">Der Schritt „${esc(prompt.name)}“ wird vom Test-Anmeldedienst nicht unterstützt.</p>`));
    }

    if (action === '/login' && ctx.method === 'POST') {
      const form = await readForm(ctx);
      const login = String(form.login ?? '').trim();
      const accountId = checkLogin(login, String(form.password ?? ''));
      if (!accountId) {
        log(`login failed for ${JSON.stringify(login)}`);
        return sendHtml(ctx, 401, loginPage({
          uid: interaction.uid,
          clientName,
          login,
          error: 'Benutzername oder Passwort ist falsch. Bitte versuchen Sie es erneut.',
        }));
      }
      log(`login ok: ${login} (sub ${accountId})`);
      const grantId = await grantEverything(interaction, accountId);
      ctx.respond = false;
      return provider.interactionFinished(ctx.req, ctx.res, {
        login: { accountId },
        consent: { grantId },
      }, { mergeWithLastSubmission: false });
    }

    if (action === '/abort' && (ctx.method === 'GET' || ctx.method === 'POST')) {
      ctx.respond = false;
      return provider.interactionFinished(ctx.req, ctx.res, {
        error: 'access_denied',
        error_description: 'End-User aborted interaction',
      }, { mergeWithLastSubmission: false });
    }

    return sendHtml(ctx, 405, page('Fehler', '<h1>Methode nicht erlaubt</h1>'));
  }

  await next();

  // Tamper with the next ID token the token endpoint hands out.
  if (ctx.path === '/token' && ctx.method === 'POST' && tamperPending && ctx.status === 200 && ctx.body) {
    let body = ctx.body;
    const wasString = typeof body === 'string' || Buffer.isBuffer(body);
    if (wasString) body = JSON.parse(body.toString());
    if (typeof body?.id_token === 'string') {
      const tamper = tamperPending;
      tamperPending = null;
      body = { ...body, id_token: await tamperIdToken(body.id_token, tamper) };
      log(`tampered id_token issued: ${JSON.stringify(describeTamper(tamper))}`);
      ctx.body = wasString ? JSON.stringify(body) : body;
      ctx.type = 'json';
    }
  }
});

for (const event of ['server_error', 'authorization.error', 'grant.error', 'userinfo.error',
  'end_session.error', 'discovery.error', 'jwks.error', 'introspection.error']) {
  provider.on(event, (ctx, err) => {
    const e = err ?? ctx;
    log(`${event}: ${e?.name ?? ''} ${e?.message ?? ''}${e?.error_description ? ` (${e.error_description})` : ''}`);
    if (event === 'server_error' && e?.stack) writeErr(e.stack);
  });
}
provider.on('grant.success', () => log('token issued'));
provider.on('end_session.success', () => log('logout completed'));

handler = provider.callback();

process.stdout.write(`${actualPort}\n`);
log(`issuer ${issuer} ready (signing kid ${signingJwk.kid}, clients: ${clients.map((c) => c.client_id).join(', ')})`);

function shutdown(signal) {
  log(`${signal} received, exiting`);
  server.closeAllConnections?.();
  server.close();
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
