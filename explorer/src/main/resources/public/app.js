// Latent Archive explorer: a small single-page app over the explorer's JSON API.
// Every piece of data from the index is put into the page as text (textContent, setAttribute), never as markup:
// titles and descriptions come from museums' metadata and may hold HTML.

const SVG = 'http://www.w3.org/2000/svg';
const FILTER_KEYS = ['artist', 'yearFrom', 'yearTo', 'technique', 'publicDomain'];
const PLACEHOLDER = '/placeholder.svg';
const COLOURS = ['#1b6ca8', '#d1495b', '#edae49', '#00798c', '#66a182', '#8d5a97', '#f26419', '#2e4057',
  '#9c6644', '#5c946e', '#b5179e', '#4361ee', '#7f5539', '#38b000', '#ff006e', '#3a0ca3'];

// ---------- small DOM helpers ----------

function h(tag, attrs = {}, ...children) {
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

function s(tag, attrs = {}, ...children) {
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
function put(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

// Links stay inside the app or go to the web; anything else (javascript:, data:) becomes inert.
function safeHref(url) {
  const u = String(url);
  if (u.startsWith('#') || u.startsWith('/')) return u;
  if (/^https?:\/\//i.test(u)) return u;
  return '#';
}

function thumb(artwork, attrs = {}) {
  const img = h('img', { src: artwork.thumbnail, alt: artwork.title, loading: 'lazy', decoding: 'async', ...attrs });
  img.addEventListener('error', () => {
    if (!img.src.endsWith(PLACEHOLDER)) { img.src = PLACEHOLDER; img.classList.add('missing'); }
  }, { once: false });
  return img;
}

function artworkLink(artwork, params) {
  return '#/artwork/' + encodeURIComponent(artwork.id) + query(filterOf(params));
}

function tile(artwork, params, extra) {
  return h('a', { class: 'tile', href: artworkLink(artwork, params), title: artwork.title, 'data-id': artwork.id },
    h('div', { class: 'frame' }, thumb(artwork)),
    h('div', { class: 'caption' },
      h('span', { class: 'title' }, artwork.title),
      h('span', { class: 'meta' }, [artwork.artists.join(', '), artwork.dating].filter(Boolean).join(' · ')),
      extra ? h('span', { class: 'extra' }, extra) : null));
}

// ---------- URL state ----------

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs] = raw.split('?');
  const parts = path.split('/').map(decodeURIComponent);
  return { view: parts[0] || 'search', arg: parts[1], params: new URLSearchParams(qs || '') };
}

function query(params) {
  const qs = params.toString();
  return qs ? '?' + qs : '';
}

function filterOf(params) {
  const f = new URLSearchParams();
  for (const k of FILTER_KEYS) for (const v of params.getAll(k)) if (v !== '') f.append(k, v);
  return f;
}

function with_(params, changes) {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    p.delete(k);
    if (v !== undefined && v !== null && v !== '') p.set(k, v);
  }
  return p;
}

// ---------- API ----------

// The vector space every neighbour, walk and map request is computed in: the page URL's ?field= (a tuned space
// the train page links to), else the explorer's default. It lives outside the hash so that every view keeps it.
let currentField = new URLSearchParams(location.search).get('field') || '';

async function api(path, params) {
  const p = new URLSearchParams(params || '');
  if (currentField && !p.has('field')) p.set('field', currentField);
  const url = path + query(p);
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  let body;
  try { body = await response.json(); } catch (e) { body = {}; }
  if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status + ' for ' + path));
  return body;
}

function showError(err) {
  const box = document.getElementById('error');
  box.textContent = err && err.message ? err.message : String(err);
  box.hidden = false;
}

function clearError() {
  const box = document.getElementById('error');
  box.hidden = true;
  box.textContent = '';
}

// ---------- filters form (shared by search, artwork, walk, map) ----------

let facetsCache = null;

async function facets() {
  if (!facetsCache) facetsCache = (await api('/api/search', new URLSearchParams({ size: '1' }))).facets;
  return facetsCache;
}

function filterFields(params, f) {
  const artist = h('select', { name: 'artist', id: 'f-artist' }, h('option', { value: '' }, 'Any artist'),
    f.artists.map(a => h('option', { value: a.value, selected: params.get('artist') === a.value }, `${a.value} (${a.count})`)));
  const technique = h('select', { name: 'technique', id: 'f-technique' }, h('option', { value: '' }, 'Any technique'),
    f.techniques.map(t => h('option', { value: t.value, selected: params.get('technique') === t.value }, `${t.value} (${t.count})`)));
  const pd = h('select', { name: 'publicDomain', id: 'f-public-domain' },
    h('option', { value: '' }, 'Any rights'),
    h('option', { value: 'true', selected: params.get('publicDomain') === 'true' }, 'Public domain'),
    h('option', { value: 'false', selected: params.get('publicDomain') === 'false' }, 'Not public domain'));
  return h('fieldset', { class: 'filters' },
    h('label', {}, 'Artist', artist),
    h('label', {}, 'From year', h('input', { type: 'number', name: 'yearFrom', id: 'f-year-from', value: params.get('yearFrom') || '', placeholder: f.minYear ?? '', step: 1 })),
    h('label', {}, 'To year', h('input', { type: 'number', name: 'yearTo', id: 'f-year-to', value: params.get('yearTo') || '', placeholder: f.maxYear ?? '', step: 1 })),
    h('label', {}, 'Technique', technique),
    h('label', {}, 'Rights', pd));
}

function formParams(form) {
  const p = new URLSearchParams();
  for (const [k, v] of new FormData(form).entries()) if (String(v).trim() !== '') p.append(k, String(v).trim());
  return p;
}

function activeFilterNote(params) {
  const f = filterOf(params);
  if (![...f.keys()].length) return null;
  const parts = [];
  if (f.get('artist')) parts.push(f.get('artist'));
  if (f.get('yearFrom') || f.get('yearTo')) parts.push((f.get('yearFrom') || '…') + '–' + (f.get('yearTo') || '…'));
  if (f.get('technique')) parts.push(f.get('technique'));
  if (f.get('publicDomain')) parts.push(f.get('publicDomain') === 'true' ? 'public domain' : 'not public domain');
  return h('p', { class: 'active-filters' }, 'Filtered: ', parts.join(' · '), ' ',
    h('a', { href: location.hash.split('?')[0] + query(without(params, FILTER_KEYS)) }, 'clear filters'));
}

function without(params, keys) {
  const p = new URLSearchParams(params);
  keys.forEach(k => p.delete(k));
  return p;
}

// ---------- views ----------

async function searchView(view, params) {
  const f = await facets();
  const form = h('form', { class: 'search-form', id: 'search-form' },
    h('div', { class: 'search-line' },
      h('input', { type: 'search', name: 'q', id: 'q', value: params.get('q') || '', placeholder: 'Search titles, artists, techniques…', 'aria-label': 'Search' }),
      h('button', { type: 'submit' }, 'Search')),
    filterFields(params, f));
  form.addEventListener('submit', e => { e.preventDefault(); location.hash = '#/search' + query(formParams(form)); });
  form.addEventListener('change', e => { if (e.target.tagName === 'SELECT') form.requestSubmit(); });
  put(view, form, h('p', { class: 'loading' }, 'Searching…'));

  const from = Number(params.get('from') || 0);
  const page = await api('/api/search', with_(params, { size: '48', from: String(from) }));
  const grid = h('div', { class: 'grid', id: 'results' }, page.hits.map(a => tile(a, params)));
  const nav = h('div', { class: 'pager' },
    from > 0 ? h('a', { href: '#/search' + query(with_(params, { from: String(Math.max(0, from - 48)) })) }, '← previous') : null,
    from + page.hits.length < page.total ? h('a', { href: '#/search' + query(with_(params, { from: String(from + 48) })) }, 'next →') : null);
  const summary = h('p', { class: 'summary', id: 'result-count' },
    page.total === 0 ? 'No artworks match.' : `${page.total} artworks` + (page.total > page.hits.length ? `, ${from + 1}–${from + page.hits.length} shown` : ''));
  put(view, form, summary, page.total === 0 ? h('p', { class: 'empty' }, 'Try fewer filters.') : grid, nav);
}

async function artworkView(view, id, params) {
  const artwork = await api('/api/artworks/' + encodeURIComponent(id));
  document.title = artwork.title + ' · Latent Archive';
  const filters = filterOf(params);
  const rows = [
    ['Artist', artwork.artists.join('; ')],
    ['Nationality', artwork.nationality.join(', ')],
    ['Dating', artwork.dating.period || [artwork.dating.startYear, artwork.dating.endYear].filter(x => x != null).join('–')],
    ['Technique', artwork.techniques.join(', ')],
    ['Materials', artwork.materials.join(', ')],
    ['Object', artwork.objectNames.join(', ')],
    ['Collection', artwork.collection],
    ['Rights', artwork.publicDomain ? 'Public domain' : (artwork.rights || 'Rights reserved')],
    ['Object number', artwork.id],
    ['Source', artwork.source],
  ].filter(([, v]) => v);
  const colours = artwork.colors.filter(c => /^#[0-9a-fA-F]{3,8}$/.test(c));
  const image = h('img', { class: 'artwork-image', src: artwork.image, alt: artwork.title });
  image.addEventListener('error', () => { image.src = PLACEHOLDER; image.classList.add('missing'); });
  const walkFrom = h('a', { class: 'button', id: 'walk-from', href: '#/walk' + query(with_(filters, { from: artwork.id, to: sessionStorage.getItem('walkTo') })) }, 'Walk from here');
  const walkTo = h('a', { class: 'button', id: 'walk-to', href: '#/walk' + query(with_(filters, { to: artwork.id, from: sessionStorage.getItem('walkFrom') })) }, 'Walk to here');
  walkFrom.addEventListener('click', () => sessionStorage.setItem('walkFrom', artwork.id));
  walkTo.addEventListener('click', () => sessionStorage.setItem('walkTo', artwork.id));
  const info = h('section', { class: 'artwork-info' },
    h('h1', {}, artwork.title),
    h('dl', {}, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    colours.length ? h('div', { class: 'swatches', 'aria-label': 'colours' }, colours.map(c => {
      const sw = h('span', { class: 'swatch', title: c });
      sw.style.backgroundColor = c;
      return sw;
    })) : null,
    artwork.description ? h('p', { class: 'description' }, artwork.description) : null,
    h('div', { class: 'actions' }, walkFrom, walkTo,
      artwork.landingPage ? h('a', { class: 'button secondary', href: artwork.landingPage, rel: 'noopener noreferrer', target: '_blank' }, 'At the museum ↗') : null));
  const nearest = h('section', { class: 'neighbours', id: 'nearest' }, h('h2', {}, 'Nearest'), h('p', { class: 'loading' }, 'Looking…'));
  const farthest = h('section', { class: 'neighbours', id: 'farthest' }, h('h2', {}, 'Farthest'), h('p', { class: 'loading' }, 'Looking…'));
  put(view, h('article', { class: 'artwork' }, h('div', { class: 'artwork-picture' }, image), info),
    activeFilterNote(params), nearest, farthest);
  await Promise.all([['nearest', nearest], ['farthest', farthest]].map(async ([direction, section]) => {
    const result = await api('/api/artworks/' + encodeURIComponent(id) + '/neighbours', with_(filters, { direction, size: '12' }));
    put(section, h('h2', {}, direction === 'nearest' ? 'Nearest' : 'Farthest'),
      result.neighbours.length === 0
        ? h('p', { class: 'empty' }, 'No other artwork passes the filters.')
        : h('div', { class: 'strip' }, result.neighbours.map(n => tile(n.artwork, params, '#' + n.rank))));
  }));
}

async function walkView(view, params) {
  const from = params.get('from') || sessionStorage.getItem('walkFrom') || '';
  const to = params.get('to') || sessionStorage.getItem('walkTo') || '';
  const f = await facets();
  const select = (name, options, value) => h('select', { name, id: 'w-' + name },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  const form = h('form', { class: 'walk-form', id: 'walk-form' },
    h('div', { class: 'walk-ends' },
      h('label', {}, 'From (artwork id)', h('input', { name: 'from', id: 'w-from', value: from, required: true })),
      h('label', {}, 'To (artwork id)', h('input', { name: 'to', id: 'w-to', value: to, required: true })),
      h('button', { type: 'button', id: 'w-farthest', class: 'secondary', title: 'Set B to the artwork farthest from A' }, 'B = farthest from A')),
    h('div', { class: 'walk-options' },
      h('label', {}, 'Steps', h('input', { type: 'number', name: 'steps', id: 'w-steps', min: 1, max: 100, value: params.get('steps') || '9' })),
      h('label', {}, 'Pick', select('pick', [['nearest', 'nearest'], ['random_top_k', 'random among top k']], params.get('pick') || 'nearest')),
      h('label', {}, 'k', h('input', { type: 'number', name: 'k', id: 'w-k', min: 1, max: 50, value: params.get('k') || '5' })),
      h('label', {}, 'Seed', h('input', { type: 'number', name: 'seed', id: 'w-seed', min: 0, value: params.get('seed') || '0' })),
      h('label', {}, 'Interpolation', select('interpolation', [['linear', 'linear'], ['spherical', 'spherical']], params.get('interpolation') || 'linear')),
      h('label', {}, 'Layout', select('projection', [['pca', 'PCA'], ['umap', 'UMAP']], params.get('projection') || 'pca')),
      h('button', { type: 'submit', id: 'w-go' }, 'Walk')),
    filterFields(params, f));
  form.addEventListener('submit', e => { e.preventDefault(); location.hash = '#/walk' + query(formParams(form)); });
  form.querySelector('#w-farthest').addEventListener('click', async () => {
    const a = form.querySelector('#w-from').value.trim();
    if (!a) { showError(new Error('Set A first')); return; }
    try {
      const r = await api('/api/artworks/' + encodeURIComponent(a) + '/neighbours', with_(filterOf(formParams(form)), { direction: 'farthest', size: '1' }));
      if (r.neighbours.length) form.querySelector('#w-to').value = r.neighbours[0].artwork.id;
    } catch (err) { showError(err); }
  });
  put(view, h('h1', {}, 'Walk through the latent space'), form);
  if (!params.get('from') || !params.get('to')) {
    view.append(h('p', { class: 'hint' }, 'Pick two artworks (from an artwork page: “Walk from here”, “Walk to here”), then walk.'));
    return;
  }
  sessionStorage.setItem('walkFrom', params.get('from'));
  sessionStorage.setItem('walkTo', params.get('to'));
  const loading = h('p', { class: 'loading' }, 'Walking…');
  view.append(loading);
  const walk = await api('/api/walk', params);
  loading.remove();
  if (walk.path.length === 0) { view.append(h('p', { class: 'empty' }, 'The walk found no path.')); return; }
  const strip = h('div', { class: 'walk-strip', id: 'walk-path' }, walk.path.map(step =>
    tile(step.artwork, params, step.step === 0 ? 'A' : step.step === walk.path.length - 1 ? 'B' : `step ${step.step} · d ${step.distance.toFixed(3)}`)));
  view.append(h('p', { class: 'summary' }, `${walk.path.length} artworks, ${walk.took} ms in Elasticsearch`), strip,
    h('h2', {}, 'The path in 2-D (' + walk.projection.toUpperCase() + ' of its vectors)'), walkScatter(walk, params));
}

// A scatter of thumbnails: HTML images (lazy, with the placeholder on failure) placed in percent over an SVG
// layer for lines and arrows, so that the layout scales with the page.
function scatterBox(id, W, H, label) {
  const box = h('div', { class: 'scatter', id, role: 'img', 'aria-label': label });
  box.style.aspectRatio = `${W} / ${H}`;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'scatter-lines', preserveAspectRatio: 'none' });
  box.append(svg);
  return { box, svg };
}

function placeThumb(box, artwork, href, x, y, size, W, H, cls, colour) {
  const img = thumb(artwork);
  if (colour) img.style.borderColor = colour;
  const a = h('a', { class: 'point ' + (cls || ''), href, title: artwork.title, 'data-id': artwork.id }, img);
  a.style.left = ((x - size / 2) / W * 100) + '%';
  a.style.top = ((y - size / 2) / H * 100) + '%';
  a.style.width = (size / W * 100) + '%';
  a.style.height = (size / H * 100) + '%';
  box.append(a);
  return a;
}

function walkScatter(walk, params) {
  const W = 1000, H = 640, pad = 60, size = 70;
  const sx = scale(walk.path.map(p => p.x), pad, W - pad), sy = scale(walk.path.map(p => p.y), H - pad, pad);
  const pts = walk.path.map(p => [sx(p.x), sy(p.y)]);
  const { box, svg } = scatterBox('walk-scatter', W, H, 'walk path');
  svg.append(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 5, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' },
      s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#8c2f39' }))),
    s('polyline', { points: pts.map(p => p.join(',')).join(' '), fill: 'none', stroke: '#1f1d1a', 'stroke-width': 1.5, 'stroke-opacity': 0.55 }));
  // The prototype's arrows: a short arrow in the middle of each segment, pointing along the walk.
  for (let i = 0; i + 1 < pts.length; i++) {
    const [x1, y1] = pts[i], [x2, y2] = pts[i + 1];
    const len = Math.hypot(x2 - x1, y2 - y1) || 1, ux = (x2 - x1) / len, uy = (y2 - y1) / len;
    const cx = (x1 + x2) / 2, cy = (y1 + y2) / 2, a = Math.min(14, len / 4);
    svg.append(s('line', { x1: cx - a * ux, y1: cy - a * uy, x2: cx + a * ux, y2: cy + a * uy, stroke: '#8c2f39', 'stroke-width': 2.5, 'marker-end': 'url(#arrow)' }));
  }
  const last = walk.path.length - 1;
  walk.path.forEach((step, i) => {
    const end = i === 0 || i === last;
    const a = placeThumb(box, step.artwork, artworkLink(step.artwork, params), pts[i][0], pts[i][1], end ? size * 1.25 : size, W, H, end ? 'end' : '');
    a.append(h('span', { class: 'step-label' }, i === 0 ? 'A' : i === last ? 'B' : String(step.step)));
  });
  return box;
}

function scale(values, lo, hi) {
  const min = Math.min(...values), max = Math.max(...values);
  const span = max - min || 1;
  return v => lo + (v - min) / span * (hi - lo);
}

async function mapView(view, params) {
  const f = await facets();
  const select = (name, options, value) => h('select', { name, id: 'm-' + name },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  const mode = params.get('view') || 'scatter';
  const form = h('form', { class: 'map-form', id: 'map-form' },
    h('div', { class: 'walk-options' },
      h('label', {}, 'Clusters', h('input', { type: 'number', name: 'k', id: 'm-k', min: 2, max: 50, value: params.get('k') || '8' })),
      h('label', {}, 'Algorithm', select('algorithm', [['kmeans', 'k-means'], ['ward', 'Ward']], params.get('algorithm') || 'kmeans')),
      h('label', {}, 'Layout', select('projection', [['pca', 'PCA'], ['umap', 'UMAP']], params.get('projection') || 'pca')),
      h('label', {}, 'Show', select('view', [['scatter', 'scatter'], ['grid', 'grid'], ['dendrogram', 'dendrogram (Ward)']], mode)),
      h('label', {}, 'Artworks', h('input', { type: 'number', name: 'points', id: 'm-points', min: 10, max: 1000, value: params.get('points') || '300' })),
      h('input', { type: 'hidden', name: 'cluster', value: params.get('cluster') || '' }),
      h('button', { type: 'submit', id: 'm-go' }, 'Draw')),
    filterFields(params, f));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const p = formParams(form);
    p.delete('cluster');
    if (p.get('view') === 'dendrogram') p.set('algorithm', 'ward');
    location.hash = '#/map' + query(p);
  });
  put(view, h('h1', {}, 'Map of the collection'), form, h('p', { class: 'loading' }, 'Clustering…'));
  const request = with_(params, {});
  request.delete('view');
  request.delete('cluster');
  if (mode === 'dendrogram') request.set('algorithm', 'ward');
  const map = await api('/api/clusters', request);
  view.querySelector('.loading').remove();
  const selected = params.get('cluster');
  const colour = key => COLOURS[((key % COLOURS.length) + COLOURS.length) % COLOURS.length];
  const clusterHref = key => '#/map' + query(with_(params, { cluster: String(key) === selected ? null : String(key) }));
  const cards = h('div', { class: 'clusters', id: 'clusters' }, map.clusters.map(c => {
    const card = h('a', { class: 'cluster' + (String(c.key) === selected ? ' selected' : ''), href: clusterHref(c.key), 'data-key': c.key },
      h('div', { class: 'cluster-head' },
        h('span', { class: 'dot' }), h('strong', {}, `Cluster ${c.key + 1}`), h('span', { class: 'count' }, `${c.docCount} works`)),
      h('div', { class: 'reps' }, c.representatives.slice(0, 4).map(r => thumb(r.artwork))));
    card.querySelector('.dot').style.backgroundColor = colour(c.key);
    return card;
  }));
  const summary = h('p', { class: 'summary' }, `${map.total} artworks in ${map.clusters.length} clusters (${map.algorithm}); ${map.points.length} laid out by ${map.projection.toUpperCase()}.`);
  view.append(activeFilterNote(params) || '', summary, cards);

  const cluster = map.clusters.find(c => String(c.key) === selected);
  if (cluster) view.append(clusterDetail(cluster, params, colour));
  const points = cluster ? map.points.filter(p => p.cluster === cluster.key) : map.points;
  if (mode === 'grid') {
    const order = new Map(map.gridOrder.map((id, i) => [id, i]));
    const sorted = [...points].sort((a, b) => order.get(a.artwork.id) - order.get(b.artwork.id));
    view.append(h('div', { class: 'grid map-grid', id: 'map-grid' }, sorted.map(p => {
      const t = tile(p.artwork, params);
      t.style.borderColor = colour(p.cluster);
      return t;
    })));
  } else if (mode === 'dendrogram') {
    view.append(dendrogram(map, params, colour));
  } else {
    view.append(mapScatter(points, params, colour));
  }
}

function clusterDetail(cluster, params, colour) {
  const maxPeriod = Math.max(1, ...cluster.periods.map(p => p.count));
  const section = h('section', { class: 'cluster-detail', id: 'cluster-detail' },
    h('h2', {}, `Cluster ${cluster.key + 1}: ${cluster.docCount} works`),
    h('div', { class: 'facets' },
      h('div', {}, h('h3', {}, 'Top artists'),
        h('ol', { class: 'top-artists' }, cluster.topArtists.map(a => h('li', {}, `${a.value} (${a.count})`)))),
      h('div', {}, h('h3', {}, 'Periods'),
        h('div', { class: 'histogram' }, cluster.periods.map(p => {
          const bar = h('div', { class: 'bar', title: `${p.value}s: ${p.count}` }, h('span', {}, p.value));
          bar.style.height = (20 + 100 * p.count / maxPeriod) + 'px';
          bar.style.backgroundColor = colour(cluster.key);
          return bar;
        })))),
    h('h3', {}, 'Representatives (closest to the centre)'),
    h('div', { class: 'strip' }, cluster.representatives.map(r => tile(r.artwork, params, 'd ' + r.distance.toFixed(3)))));
  return section;
}

function mapScatter(points, params, colour) {
  const W = 1200, H = 800, pad = 36, size = 52;
  if (!points.length) return h('p', { class: 'empty' }, 'Nothing to lay out.');
  const sx = scale(points.map(p => p.x), pad, W - pad), sy = scale(points.map(p => p.y), H - pad, pad);
  const { box } = scatterBox('map-scatter', W, H, 'map of artworks');
  for (const p of points) placeThumb(box, p.artwork, artworkLink(p.artwork, params), sx(p.x), sy(p.y), size, W, H, '', colour(p.cluster));
  return box;
}

// Ward's merge tree over the clusters: leaves are clusters (ids below k), merge i has id k + i.
function dendrogram(map, params, colour) {
  if (!map.dendrogram.length) return h('p', { class: 'empty' }, 'No dendrogram: choose Ward.');
  const k = map.clusters.length;
  const byKey = new Map(map.clusters.map(c => [c.key, c]));
  const children = id => id < k ? [] : [map.dendrogram[id - k].left, map.dendrogram[id - k].right];
  const root = k + map.dendrogram.length - 1;
  const leaves = [];
  (function walk(id) { if (id < k) leaves.push(id); else children(id).forEach(walk); })(root);
  const rowH = 92, W = 1100, treeW = 520, H = leaves.length * rowH + 20;
  const maxD = Math.max(...map.dendrogram.map(m => m.distance)) || 1;
  const xOf = d => 20 + (1 - d / maxD) * (treeW - 40);
  const yOf = new Map();
  leaves.forEach((id, i) => yOf.set(id, 10 + i * rowH + rowH / 2));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'dendrogram', id: 'dendrogram', role: 'img', 'aria-label': 'Ward dendrogram' });
  function draw(id) {
    if (id < k) return [treeW - 20, yOf.get(id)];
    const m = map.dendrogram[id - k];
    const [x1, y1] = draw(m.left), [x2, y2] = draw(m.right);
    const x = xOf(m.distance), y = (y1 + y2) / 2;
    svg.append(s('path', { d: `M${x1},${y1} H${x} V${y2} H${x2}`, fill: 'none', stroke: '#444', 'stroke-width': 1.5 }));
    yOf.set(id, y);
    return [x, y];
  }
  draw(root);
  leaves.forEach(id => {
    const c = byKey.get(id), y = yOf.get(id);
    if (!c) return;
    const g = s('a', { href: '#/map' + query(with_(params, { cluster: String(id), view: 'dendrogram' })), class: 'leaf' },
      s('circle', { cx: treeW - 20, cy: y, r: 6, fill: colour(id) }),
      s('text', { x: treeW, y: y + 4, class: 'leaf-label' }, `Cluster ${id + 1} (${c.docCount})`));
    c.representatives.slice(0, 4).forEach((r, j) => {
      g.append(s('image', { href: r.artwork.thumbnail, x: treeW + 130 + j * 86, y: y - 40, width: 80, height: 80, preserveAspectRatio: 'xMidYMid slice' }));
    });
    svg.append(g);
  });
  return svg;
}

// ---------- router ----------

async function route() {
  clearError();
  const { view: name, arg, params } = parseHash();
  const view = document.getElementById('view');
  document.title = 'Latent Archive';
  document.querySelectorAll('[data-nav]').forEach(a => a.classList.toggle('active', a.dataset.nav === name || (name === 'artwork' && a.dataset.nav === 'search')));
  view.dataset.view = name;
  view.dataset.ready = 'false';
  // Browser tests wait for the count to move past the value they saw before acting.
  const render = Number(view.dataset.renders || 0) + 1;
  try {
    if (name === 'artwork' && arg) await artworkView(view, arg, params);
    else if (name === 'walk') await walkView(view, params);
    else if (name === 'map') await mapView(view, params);
    else await searchView(view, params);
  } catch (err) {
    view.querySelectorAll('.loading').forEach(el => el.remove());
    showError(err);
  } finally {
    view.dataset.renders = String(render);
    view.dataset.ready = 'true';
    window.scrollTo(0, 0);
  }
}

async function status() {
  try {
    const [st, spaces] = await Promise.all([api('/api/status'), api('/api/fields')]);
    document.getElementById('status').textContent = `${st.artworks} artworks`;
    spaceSelector(spaces);
  } catch (err) {
    showError(err);
  }
}

// One option per vector space of the index; choosing one recomputes the view in it and keeps it in the URL.
function spaceSelector(spaces) {
  const select = document.getElementById('field');
  const chosen = currentField.replace(/^vectors\./, '') || spaces.default;
  put(select, spaces.fields.map(f => h('option', {
    value: f.name, selected: f.name === chosen,
    title: [f.madeBy, `${f.artworks} artworks`, f.indexType].filter(Boolean).join(' · ')
  }, `${f.name} (${f.dims} d)`)));
  select.onchange = () => {
    const url = new URL(location.href);
    if (select.value === spaces.default) url.searchParams.delete('field'); else url.searchParams.set('field', select.value);
    history.replaceState(null, '', url);
    currentField = url.searchParams.get('field') || '';
    route();
  };
}

window.addEventListener('hashchange', route);
status();
route();
