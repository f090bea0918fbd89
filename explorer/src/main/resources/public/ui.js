// What every page of the explorer shares: building elements, calling the JSON API, showing an error, and the
// header with its navigation and Space selector.
// Every piece of data from the index goes into the page as text (text nodes, setAttribute), never as markup:
// titles and descriptions come from museums' metadata and may hold HTML.

const SVG = 'http://www.w3.org/2000/svg';

// ---------- elements ----------

export const $ = (id) => document.getElementById(id);

// An HTML element: attributes (class, on<event> listeners, href made safe, true as an empty attribute; undefined,
// null and false left out), then children, strings becoming text nodes.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'href') el.setAttribute('href', safeHref(v));
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

// An SVG element, likewise.
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// Replaces an element's content; null children (an absent section) are left out.
export function put(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

// Links stay inside the explorer or go to the web; anything else (javascript:, data:) becomes inert.
function safeHref(url) {
  const u = String(url);
  if (u.startsWith('#') || u.startsWith('/')) return u;
  if (/^https?:\/\//i.test(u)) return u;
  return '#';
}

// ---------- URL parameters ----------

export function query(params) {
  const qs = params.toString();
  return qs ? '?' + qs : '';
}

// A form's non-blank values, trimmed.
export function formParams(form) {
  const p = new URLSearchParams();
  for (const [k, v] of new FormData(form).entries()) if (String(v).trim() !== '') p.append(k, String(v).trim());
  return p;
}

// The vector space neighbours, walks and maps are computed in: the page URL's ?field= (a tuned space the train
// page links to), else the explorer's default (''). It lives outside the hash so that every view keeps it, and
// the header's links carry it from page to page.
let field = new URLSearchParams(location.search).get('field') || '';

export function currentField() {
  return field;
}

// The parameters with the current space added, unless they name one themselves.
export function inSpace(params) {
  const p = new URLSearchParams(params || '');
  if (field && !p.has('field')) p.set('field', field);
  return p;
}

// Opens a view by its hash; the same hash again (marks already written into the URL) renders it again.
export function go(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

// ---------- API ----------

// Calls the explorer's API and answers the parsed body (JSON, else text). An answer other than 2xx throws an
// Error with the server's reason. `json`, `text` or `blob` (a File: an image, sent as it is, with its type) send a
// body (method defaults to POST then).
export async function api(path, params, { method, json, text, blob } = {}) {
  const sends = json !== undefined || text !== undefined || blob !== undefined;
  const init = { method: method || (sends ? 'POST' : 'GET'), headers: { Accept: 'application/json' } };
  // a change carries the session's CSRF token: the server refuses a curator's change without it
  if (init.method !== 'GET' && session && session.csrfToken) init.headers['X-CSRF-Token'] = session.csrfToken;
  if (json !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(json); }
  if (text !== undefined) { init.headers['Content-Type'] = 'text/plain'; init.body = text; }
  if (blob !== undefined) { init.headers['Content-Type'] = blob.type || 'application/octet-stream'; init.body = blob; }
  const response = await fetch(path + query(new URLSearchParams(params || '')), init);
  const type = response.headers.get('content-type') || '';
  let body;
  try { body = type.includes('json') ? await response.json() : await response.text(); } catch (e) { body = {}; }
  if (!response.ok) throw new Error(body && body.error ? body.error : `${path} answered ${response.status}`);
  return body;
}

// ---------- errors ----------

export function showError(err) {
  const box = $('error');
  box.textContent = err && err.message ? err.message : String(err);
  box.hidden = false;
}

export function clearError() {
  const box = $('error');
  box.hidden = true;
  box.textContent = '';
}

// ---------- session ----------

// Who is signed in: { curator, csrfToken, accounts } from GET /api/session; null on a read-only explorer (no
// curator routes at all). The page only hides what a visitor cannot use: the server checks every change.
let session = null;

export function currentCurator() {
  return session && session.curator ? session.curator : null;
}

let sessionLoading = null;

export function loadSession() {
  sessionLoading = api('/api/session').then(s => { session = s; return s; }, () => { session = null; return null; });
  return sessionLoading;
}

// The session as the header read it (a view that shows curators more may render before the header is done).
export function sessionReady() {
  return sessionLoading || loadSession();
}

// A curator page: without a signed-in curator, the sign-in page, which comes back here.
export async function requireCurator() {
  if (!currentCurator()) await loadSession();
  if (currentCurator()) return currentCurator();
  location.replace('/signin.html?next=' + encodeURIComponent(location.pathname + location.search + location.hash));
  return new Promise(() => {});
}

async function signOut() {
  try {
    await api('/api/session', null, { method: 'DELETE' });
  } catch (e) {
    showError(e);
    return;
  }
  session = { curator: null, csrfToken: null, accounts: true };
  location.assign('/');
}

// ---------- header ----------

// The explorer's pages; `nav` names a link for markActive. Links into the page shown keep to its hash.
const PAGES = [
  { label: 'Search', path: '/', hash: '#/search', nav: 'search' },
  { label: 'Walk', path: '/', hash: '#/walk', nav: 'walk' },
  { label: 'Map', path: '/', hash: '#/map', nav: 'map' },
  { label: 'Annotate', path: '/annotate.html', hash: '#annotate', nav: 'annotate', curator: true },
  { label: 'Train', path: '/train.html', nav: 'train', curator: true },
];

let onSpaceChange = null;
let headerLinks = [];   // [element, page]: their hrefs follow the chosen space

function pageHref({ path, hash = '' }) {
  if (hash && path === location.pathname) return hash;
  return path + query(inSpace()) + hash;
}

function pageLink(page, attrs, label) {
  const a = h('a', { ...attrs, href: pageHref(page) }, label);
  headerLinks.push([a, page]);
  return a;
}

// Fills <header class="top"> (every page has one): the brand, the pages (`more` adds links after the one named by
// `after`; the curators' pages only for a signed-in curator), the Space selector, a status line and the sign-in
// link or the curator's name. `onSpace` runs when another space is chosen (the URL already names it). Answers the
// vector spaces, as loadSpaces does (null where they could not be read: the error shows).
export async function mountHeader({ active, more = [], after, onSpace } = {}) {
  await loadSession();
  const curator = currentCurator();
  const pages = PAGES.filter(p => !p.curator || curator).flatMap(p => p.nav === after ? [p, ...more] : [p]);
  headerLinks = [];
  let who = null;
  if (curator) {
    who = h('span', { class: 'who', id: 'who' }, curator, ' ',
      h('button', { type: 'button', class: 'secondary', id: 'sign-out', onclick: signOut }, 'Sign out'));
  } else if (session && session.accounts) {
    who = h('a', { class: 'who', id: 'sign-in', href: '/signin.html?next=' + encodeURIComponent(location.pathname + location.hash) }, 'Curators: sign in');
  }
  put(document.querySelector('header.top'),
    pageLink(PAGES[0], { class: 'brand' }, 'Latent Archive'),
    h('nav', {}, pages.map(p => pageLink(p, { 'data-nav': p.nav }, p.label))),
    h('label', { class: 'space', title: 'The vector space neighbours, walks and maps are computed in' }, 'Space',
      h('select', { id: 'field', name: 'field' })),
    h('span', { class: 'status', id: 'status' }),
    who);
  onSpaceChange = onSpace || null;
  if (active) markActive(active);
  return loadSpaces().catch(err => { showError(err); return null; });
}

export function markActive(nav) {
  document.querySelectorAll('header.top [data-nav]').forEach(a => a.classList.toggle('active', a.dataset.nav === nav));
}

export function setStatus(text) {
  $('status').textContent = text;
}

// Reads the index's vector spaces (GET /api/fields) and lists them in the Space selector, one option each; choosing
// one keeps it in the URL and in the header's links.
export async function loadSpaces() {
  const spaces = await api('/api/fields');
  const select = $('field');
  const chosen = field.replace(/^vectors\./, '') || spaces.default;
  put(select, spaces.fields.map(f => h('option', {
    value: f.name, selected: f.name === chosen,
    title: [f.madeBy, `${f.artworks} artworks`, f.indexType].filter(Boolean).join(' · ')
  }, `${f.name} (${f.dims} d)`)));
  select.onchange = () => {
    const url = new URL(location.href);
    if (select.value === spaces.default) url.searchParams.delete('field'); else url.searchParams.set('field', select.value);
    history.replaceState(null, '', url);
    field = url.searchParams.get('field') || '';
    for (const [a, page] of headerLinks) a.setAttribute('href', pageHref(page));
    if (onSpaceChange) onSpaceChange(field);
  };
  return spaces;
}
