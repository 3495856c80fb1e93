// The shell: configuration, sign-in, navigation by role, and the hash routes
//   #/counsellor/{id}  #/supervisor  #/client
import * as auth from './auth.js';
import { h, clear } from './dom.js';
import { counsellorPage } from './counsellor.js';
import { supervisorPage } from './supervisor.js';
import { clientPage } from './client.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
let cfg = null;
let leave = null; // the current page's clean-up (closes its streams)

function pagesFor() {
  const pages = [];
  if (auth.hasRole('counsellor')) pages.push({ route: `#/counsellor/${auth.subject()}`, name: 'My figures' });
  if (auth.hasRole('supervisor') || auth.hasRole('admin')) pages.push({ route: '#/supervisor', name: 'Organisation and safety' });
  if (auth.hasRole('client')) pages.push({ route: '#/client', name: 'My feedback' });
  return pages;
}

function renderShell() {
  clear(nav);
  clear(who);
  if (!auth.signedIn()) {
    who.append(h('button', { type: 'button', id: 'sign-in', onclick: () => auth.signIn(location.hash) }, 'Sign in'));
    return;
  }
  nav.append(h('ul', {}, pagesFor().map(p =>
    h('li', {}, h('a', { href: p.route, 'aria-current': location.hash === p.route ? 'page' : null }, p.name)))));
  who.append(h('span', { id: 'user' }, `Signed in as ${auth.username()}`),
    h('button', { type: 'button', class: 'secondary', id: 'sign-out', onclick: () => auth.signOut() }, 'Sign out'));
}

function route() {
  if (leave) { leave(); leave = null; }
  renderShell();
  clear(main);
  if (!auth.signedIn()) {
    main.append(h('h1', { tabindex: '-1' }, 'Rapport'),
      h('p', {}, 'Sign in to see your figures, your organisation or your feedback forms.'),
      h('button', { type: 'button', onclick: () => auth.signIn(location.hash) }, 'Sign in with Keycloak'));
    return;
  }
  const pages = pagesFor();
  const hash = location.hash;
  let m;
  if ((m = hash.match(/^#\/counsellor\/([0-9a-fA-F-]{36})$/))) {
    leave = counsellorPage(main, cfg, m[1]);
  } else if (hash === '#/supervisor' && pages.some(p => p.route === hash)) {
    leave = supervisorPage(main, cfg);
  } else if (hash === '#/client' && pages.some(p => p.route === hash)) {
    leave = clientPage(main, cfg);
  } else if (pages.length && (hash === '' || hash === '#' || hash === '#/')) {
    location.replace(pages[0].route);
    return;
  } else {
    main.append(h('h1', { tabindex: '-1' }, 'Not available'),
      h('p', { class: 'error', role: 'alert' }, pages.length
        ? 'This page is not offered to your role.'
        : 'Your account has no role that this front-end serves (counsellor, supervisor or client).'));
  }
  const title = main.querySelector('h1');
  if (title) { title.setAttribute('tabindex', '-1'); title.focus(); document.title = `${title.textContent} – Rapport`; }
}

async function start() {
  cfg = await (await fetch('/config.json')).json();
  try {
    await auth.init(cfg); // puts the route the sign-in started from back into the address bar
  } catch (e) {
    clear(main).append(h('h1', {}, 'Sign-in failed'), h('p', { class: 'error', role: 'alert' }, e.message));
    renderShell();
    return;
  }
  auth.onChange(() => { if (!auth.signedIn()) route(); });
  window.addEventListener('hashchange', route);
  route();
}

start();
