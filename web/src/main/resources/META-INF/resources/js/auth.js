// Sign-in with Keycloak: authorization code + PKCE (S256) with the public client, by hand
// (WebCrypto; no library). Tokens live in this module's memory only: never in the browser's
// web storage. Only the one-time PKCE verifier and state cross the redirect in
// sessionStorage, and are deleted as soon as the code comes back.
const PENDING = 'rapport.sign-in';
const REFRESH_BEFORE_EXPIRY_S = 30;

let cfg = null;
let tokens = null; // {access, refresh, id, expiresAt (ms), claims}
let timer = null;
const listeners = [];

function endpoint(name) {
  return `${cfg.keycloakUrl}/realms/${encodeURIComponent(cfg.realm)}/protocol/openid-connect/${name}`;
}

function base64url(bytes) {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(n) {
  return base64url(crypto.getRandomValues(new Uint8Array(n)));
}

function claimsOf(jwt) {
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent(Array.from(atob(part), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
  return JSON.parse(json);
}

function redirectUri() {
  return `${location.origin}/`;
}

async function tokenRequest(params) {
  const res = await fetch(endpoint('token'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: cfg.clientId, ...params }),
  });
  if (!res.ok) throw new Error(`Keycloak refused the token request (${res.status})`);
  const body = await res.json();
  tokens = {
    access: body.access_token,
    refresh: body.refresh_token,
    id: body.id_token || (tokens && tokens.id),
    expiresAt: Date.now() + body.expires_in * 1000,
    claims: claimsOf(body.access_token),
  };
  scheduleRefresh();
  listeners.forEach(l => l());
}

function scheduleRefresh() {
  clearTimeout(timer);
  const due = Math.max(5000, tokens.expiresAt - Date.now() - REFRESH_BEFORE_EXPIRY_S * 1000);
  timer = setTimeout(() => refresh().catch(() => forget()), due);
}

/**
 * Trades the refresh token for new tokens now (the timer does it 30 s before expiry; exported
 * so that a test can make it happen without waiting for the token's lifespan).
 */
export async function refresh() {
  if (!tokens || !tokens.refresh) throw new Error('not signed in');
  await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh });
}

function forget() {
  clearTimeout(timer);
  tokens = null;
  listeners.forEach(l => l());
}

/** Completes a sign-in when Keycloak sent the browser back with a code; returns the route to show. */
export async function init(config) {
  cfg = config;
  const url = new URL(location.href);
  const error = url.searchParams.get('error');
  const code = url.searchParams.get('code');
  if (!code && !error) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  // The code is single use: it leaves the address bar and the history at once.
  history.replaceState(null, '', `/${pending && pending.returnTo ? pending.returnTo : ''}`);
  if (error) throw new Error(`Keycloak: ${url.searchParams.get('error_description') || error}`);
  if (!pending || pending.state !== url.searchParams.get('state')) throw new Error('The sign-in answer does not match the sign-in that was started.');
  await tokenRequest({
    grant_type: 'authorization_code', code, redirect_uri: redirectUri(), code_verifier: pending.verifier,
  });
  if (tokens.claims.nonce && tokens.id && claimsOf(tokens.id).nonce !== pending.nonce) {
    forget();
    throw new Error('The sign-in answer does not match the sign-in that was started (nonce).');
  }
  return pending.returnTo || null;
}

export async function signIn(returnTo) {
  const verifier = random(48);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = random(16);
  const nonce = random(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, returnTo }));
  const q = new URLSearchParams({
    client_id: cfg.clientId, redirect_uri: redirectUri(), response_type: 'code', scope: 'openid',
    state, nonce, code_challenge: challenge, code_challenge_method: 'S256',
  });
  location.assign(`${endpoint('auth')}?${q}`);
}

export function signOut() {
  const idToken = tokens && tokens.id;
  forget();
  const q = new URLSearchParams({ client_id: cfg.clientId, post_logout_redirect_uri: redirectUri() });
  if (idToken) q.set('id_token_hint', idToken);
  location.assign(`${endpoint('logout')}?${q}`);
}

/** A fresh access token (refreshed first when it is about to expire). */
export async function accessToken() {
  if (!tokens) throw new Error('not signed in');
  if (tokens.expiresAt - Date.now() < REFRESH_BEFORE_EXPIRY_S * 1000) await refresh();
  return tokens.access;
}

export function signedIn() { return tokens !== null; }
export function subject() { return tokens ? tokens.claims.sub : null; }
export function username() { return tokens ? tokens.claims.preferred_username || tokens.claims.sub : null; }
export function roles() { return tokens ? ((tokens.claims.realm_access || {}).roles || []) : []; }
export function hasRole(role) { return roles().includes(role); }
export function onChange(listener) { listeners.push(listener); }
