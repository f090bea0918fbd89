// Map: the whole filtered subset on one WebGL map (a stored layout: PCA, UMAP, t-SNE or grid), coloured by cluster,
// zoomable down to thumbnails; hover names an artwork, a click opens it, a box or lasso selects artworks to open,
// walk between, cluster or export. The Clusters tab clusters the subset with the plugin (k-means or Ward) and shows
// each cluster's representatives, top artists and periods, and Ward's dendrogram.

import { api, currentCurator, currentField, formParams, go, h, put, query, sessionReady, showError } from '../ui.js';
import { activeFilterNote, facets, filterFields, filterOf, with_ } from './filters.js';
import { clusterCards, clusterDetail, clustersHref, colour, dendrogram } from './clusters.js';
import { artworkLink, thumb, tile } from './tiles.js';
import { download, exportRows, fetchLabels, fetchMap, toCsv, toJson } from './mapdata.js';
import { createMap, loadDeck } from './mapcanvas.js';

// The layouts a space may have, the first present being the default.
const METHODS = ['umap', 'tsne', 'pca', 'grid'];
const METHOD_LABELS = { pca: 'PCA', umap: 'UMAP', tsne: 't-SNE', grid: 'grid' };
// The most artworks POST /api/clusters/selection takes.
const MAX_CLUSTERED = 10000;
const LISTED = 60;

let current = null;

// The map on screen lets go of its WebGL context when the view changes (the hash, or another space).
function dispose() {
  if (current) {
    current.dispose();
    current = null;
  }
}
window.addEventListener('hashchange', dispose);

let spacesCache = null;
async function defaultSpace() {
  if (!spacesCache) spacesCache = await api('/api/fields');
  return spacesCache.default;
}

const thumbUrl = id => '/images/' + encodeURIComponent(id) + '?size=thumb';

export async function mapView(view, params) {
  dispose();
  const clustersTab = params.get('view') === 'clusters';
  const [f, space] = await Promise.all([facets(), defaultSpace(), sessionReady()]);
  const field = currentField() || space;
  const tabs = h('nav', { class: 'tabs', id: 'map-tabs' },
    h('a', { href: '#/map' + query(with_(params, { view: null, k: null, algorithm: null, cluster: null })), class: clustersTab ? '' : 'active' }, 'Map'),
    h('a', { href: clustersHref(with_(params, { cluster: null }), {}), class: clustersTab ? 'active' : '', id: 'tab-clusters' }, 'Clusters'));
  if (clustersTab) return clustersView(view, params, f, tabs);

  const deckReady = loadDeck();
  deckReady.catch(() => {});
  const catalogue = await api('/api/layouts', new URLSearchParams({ field }));
  const computed = new Map(catalogue.layouts.map(l => [l.name, l]));
  const names = METHODS.filter(m => computed.has(m)).concat(catalogue.layouts.map(l => l.name).filter(m => !METHODS.includes(m)));
  const layout = computed.has(params.get('layout')) ? params.get('layout') : names[0];

  const form = h('form', { class: 'map-form', id: 'map-form' },
    h('div', { class: 'walk-options' },
      h('label', {}, 'Layout', h('select', { name: 'layout', id: 'm-layout', disabled: !names.length },
        names.length ? names.map(m => h('option', { value: m, selected: m === layout, title: computed.get(m).computedAt ? 'computed ' + computed.get(m).computedAt : null }, METHOD_LABELS[m] || m))
          : h('option', { value: '' }, 'none computed'))),
      h('label', { class: 'map-text' }, 'Text', h('input', { type: 'search', name: 'q', id: 'm-q', value: params.get('q') || '', placeholder: 'titles, artists, techniques…' })),
      h('button', { type: 'submit', id: 'm-go' }, 'Draw')),
    filterFields(params, f));
  form.addEventListener('submit', e => { e.preventDefault(); location.hash = '#/map' + query(formParams(form)); });
  form.addEventListener('change', e => { if (e.target.tagName === 'SELECT') form.requestSubmit(); });
  const root = h('div', { id: 'map-view', class: 'map-view', 'data-state': 'loading', role: 'region', tabindex: 0,
    'aria-label': 'Map of the artworks: the legend lists its clusters, Box or Lasso lists the artworks selected' });
  const compute = currentCurator() ? computePanel(field, names.length > 0) : null;

  if (!layout) {
    root.dataset.state = 'error';
    root.hidden = true;
    put(view, h('h1', {}, 'Map of the collection'), tabs, form,
      h('div', { class: 'notice', id: 'map-none' },
        h('p', {}, `No map layout has been computed for the space ${field} yet.`),
        currentCurator()
          ? h('p', {}, 'Compute them here (PCA, UMAP, t-SNE and the grid; UMAP and t-SNE take minutes on a large collection).')
          : h('p', {}, 'A curator computes them from this page once signed in, or the operator with ',
            h('code', {}, `./latent-archive layout --field vectors.${field.replace(/^vectors\./, '')}`), '.')),
      compute, root);
    return;
  }

  const request = with_(filterOf(params), { field, layout, q: params.get('q') });
  const summary = h('p', { class: 'summary', id: 'map-summary' }, 'Loading the map…');
  const legend = h('aside', { class: 'map-legend', id: 'map-legend' });
  const selectionBox = h('section', { class: 'map-selection', id: 'map-selection', hidden: true });
  put(view, h('h1', {}, 'Map of the collection'), tabs, form, activeFilterNote(params), summary,
    h('div', { class: 'map-layout' }, root, legend), selectionBox, compute);

  let map;
  try {
    [map] = await Promise.all([fetchMap(request), deckReady]);
  } catch (err) {
    root.dataset.state = 'error';
    summary.textContent = '';
    throw err;
  }
  if (!view.contains(root)) return;
  // the data and the library are here: what follows until "map-first-draw" is WebGL's own start and first frame
  performance.mark('map-data');

  let labels = null;
  let labelsLoading = null;
  const withLabels = () => {
    if (!labelsLoading) labelsLoading = fetchLabels(request, map).then(l => { labels = l; canvas.setLabels(l); return l; });
    return labelsLoading;
  };
  const artworkAt = i => ({
    id: map.ids[i], title: labels ? labels.titles[i] : map.ids[i], artists: labels && labels.artists[i] ? [labels.artists[i]] : [],
    dating: '', thumbnail: thumbUrl(map.ids[i])
  });
  const name = (what, count) => `${what}-${layout}-${count}`;

  const canvas = createMap(root, map, {
    layoutCount: computed.get(layout).count,
    grid: layout === 'grid',
    atlasUrl: n => '/api/map/atlas' + query(new URLSearchParams({ field: map.header.field || field, layout, n: String(n), v: map.header.version || '' })),
    imageUrl: i => thumbUrl(map.ids[i]),
    onOpen: i => go(artworkLink({ id: map.ids[i] }, params)),
    onSelect: indices => showSelection(indices),
    onFirstDraw: () => {
      performance.mark('map-first-draw');
      root.dataset.points = String(map.n);
      root.dataset.state = 'drawn';
      withLabels().catch(showError);
    },
  });
  current = canvas;

  const tool = (id, label, title, onclick) => h('button', { type: 'button', id, class: 'secondary', title, onclick }, label);
  const modes = ['pan', 'box', 'lasso'].map(m => tool('map-mode-' + m, { pan: 'Move', box: 'Box', lasso: 'Lasso' }[m],
    { pan: 'Drag to move, wheel to zoom, click a point to open it', box: 'Drag a box to select', lasso: 'Draw around artworks to select them' }[m],
    () => setMode(m)));
  function setMode(m) {
    canvas.setMode(m);
    modes.forEach(b => b.setAttribute('aria-pressed', String(b.id === 'map-mode-' + m)));
  }
  root.append(h('div', { class: 'map-tools' }, modes,
    tool('map-zoom-in', '+', 'Zoom in', () => canvas.zoomBy(1)),
    tool('map-zoom-out', '−', 'Zoom out', () => canvas.zoomBy(-1)),
    tool('map-fit', 'Fit', 'The whole subset', () => canvas.fit())));
  setMode('pan');
  // Escape lets go of the selection and goes back to moving
  root.addEventListener('keydown', e => { if (e.key === 'Escape') { canvas.select(null); setMode('pan'); } });

  const clusters = (map.header.clusters || []).filter(c => c.size > 0);
  summary.textContent = map.n === 0
    ? 'No artworks match: try fewer filters.'
    : `${map.n} artworks, laid out by ${METHOD_LABELS[layout] || layout} in ${map.header.field || field}, ${clusters.length} clusters. ` +
      'Wheel or + to zoom into the images; Box or Lasso to select.';

  const exportAll = async kind => {
    try {
      if (kind === 'png') { download(name('map', map.n) + '.png', await canvas.png()); return; }
      const rows = exportRows(map, await withLabels());
      download(name('map', map.n) + '.' + kind, kind === 'csv'
        ? new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' })
        : new Blob([toJson(map, rows)], { type: 'application/json' }));
    } catch (err) { showError(err); }
  };
  put(legend,
    h('div', { class: 'map-exports' }, h('h3', {}, 'Export the subset'),
      h('button', { type: 'button', class: 'secondary', id: 'map-export-csv', onclick: () => exportAll('csv') }, 'CSV'),
      h('button', { type: 'button', class: 'secondary', id: 'map-export-json', onclick: () => exportAll('json') }, 'JSON'),
      h('button', { type: 'button', class: 'secondary', id: 'map-export-png', onclick: () => exportAll('png') }, 'PNG')),
    h('h3', {}, 'Clusters'),
    h('ol', { class: 'legend-clusters' }, clusters.map(c => {
      const item = h('li', { class: 'legend-cluster', 'data-cluster': c.cluster, title: 'Select this cluster and go to it' },
        h('div', { class: 'cluster-head' }, h('span', { class: 'dot' }), h('strong', {}, c.label || `Cluster ${c.cluster + 1}`),
          h('span', { class: 'count' }, String(c.size))),
        h('div', { class: 'reps' }, (c.representatives || []).slice(0, 4).map(id => thumb({ id, title: '', thumbnail: thumbUrl(id) }))));
      item.querySelector('.dot').style.backgroundColor = colour(c.cluster);
      item.addEventListener('click', () => {
        const members = [];
        for (let i = 0; i < map.n; i++) if (map.cluster[i] === c.cluster) members.push(i);
        canvas.zoomTo(c.x, c.y, 1);
        canvas.select(Uint32Array.from(members));
      });
      return item;
    })));

  // ---------- the selection ----------

  async function showSelection(indices) {
    if (!indices) { selectionBox.hidden = true; put(selectionBox); return; }
    const count = indices.length;
    const list = h('div', { class: 'grid selection-grid', id: 'selection-list' });
    const walkEnds = new Set();
    const walkButton = h('button', { type: 'button', id: 'sel-walk', disabled: count !== 2, title: 'Tick two artworks below' }, 'Walk between the two');
    const updateWalk = () => { walkButton.disabled = !(count === 2 || walkEnds.size === 2); };
    walkButton.addEventListener('click', () => {
      const [a, b] = count === 2 ? [map.ids[indices[0]], map.ids[indices[1]]] : [...walkEnds];
      go('#/walk' + query(with_(filterOf(params), { from: a, to: b })));
    });
    const more = h('button', { type: 'button', class: 'secondary', id: 'sel-more', hidden: count <= LISTED }, 'Show more');
    const clusterK = h('input', { type: 'number', id: 'sel-k', min: 2, max: 20, value: Math.min(6, Math.max(2, Math.floor(count / 3))) });
    const clusterMethod = h('select', { id: 'sel-method' }, h('option', { value: 'kmeans' }, 'k-means'), h('option', { value: 'ward' }, 'Ward'));
    const clustered = h('div', { class: 'selection-clusters', id: 'selection-clusters' });
    const exportSel = async kind => {
      try {
        const rows = exportRows(map, await withLabels(), indices);
        download(name('selection', count) + '.' + kind, kind === 'csv'
          ? new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' })
          : new Blob([toJson(map, rows)], { type: 'application/json' }));
      } catch (err) { showError(err); }
    };
    const clusterSelection = async () => {
      put(clustered, h('p', { class: 'loading' }, 'Clustering the selection…'));
      try {
        const ids = Array.from(indices, i => map.ids[i]);
        const result = await api('/api/clusters/selection', null, { json: { field: map.header.field || field, ids, k: Number(clusterK.value), method: clusterMethod.value } });
        const detail = h('div', { id: 'selection-cluster-detail-box' });
        put(clustered,
          h('p', { class: 'summary' }, `${result.total ?? count} selected artworks in ${result.clusters.length} clusters (${result.algorithm || clusterMethod.value}).`),
          clusterCards(result, { id: 'selection-cluster-cards', onPick: c => put(detail, clusterDetail(c, params, 'selection-cluster-detail')) }),
          detail,
          clusterMethod.value === 'ward' ? dendrogram(result, { id: 'selection-dendrogram' }) : null);
      } catch (err) {
        put(clustered);
        showError(err);
      }
    };
    const tooMany = count > MAX_CLUSTERED;
    put(selectionBox,
      h('h2', {}, `${count} selected`),
      h('div', { class: 'actions selection-actions' },
        h('button', { type: 'button', id: 'sel-export-csv', onclick: () => exportSel('csv') }, 'Export CSV'),
        h('button', { type: 'button', id: 'sel-export-json', class: 'secondary', onclick: () => exportSel('json') }, 'Export JSON'),
        walkButton,
        h('span', { class: 'selection-cluster-form' },
          h('label', {}, 'Clusters', clusterK), h('label', {}, 'Method', clusterMethod),
          h('button', { type: 'button', id: 'sel-cluster', disabled: tooMany || count < 2, onclick: clusterSelection,
            title: tooMany ? `At most ${MAX_CLUSTERED} artworks` : null }, 'Cluster the selection')),
        h('button', { type: 'button', id: 'sel-clear', class: 'secondary', onclick: () => canvas.select(null) }, 'Clear')),
      list, more, clustered);
    selectionBox.hidden = false;
    try { await withLabels(); } catch (err) { showError(err); }
    const fill = upto => put(list, Array.from(indices.subarray(0, upto), i => {
      const a = artworkAt(i);
      const pick = h('input', { type: 'checkbox', class: 'walk-end', title: 'One end of a walk', 'data-id': a.id });
      pick.checked = walkEnds.has(a.id);
      pick.addEventListener('change', () => { if (pick.checked) walkEnds.add(a.id); else walkEnds.delete(a.id); updateWalk(); });
      return h('div', { class: 'selected-item' }, tile(a, params), h('label', { class: 'walk-pick' }, pick, 'walk end'));
    }));
    let listed = Math.min(count, LISTED);
    fill(listed);
    // a few hundred more at a time: a selection may hold the whole collection
    more.addEventListener('click', () => {
      listed = Math.min(count, listed + 4 * LISTED);
      fill(listed);
      more.hidden = listed >= count;
    });
  }
}

// A curator starts the layout job for the space (POST /api/layouts) and follows its progress; done, the map is
// drawn again with what it computed.
function computePanel(field, recompute) {
  const bar = h('progress', { max: 1, value: 0, id: 'layout-progress', hidden: true });
  const message = h('span', { class: 'hint', id: 'layout-message' });
  const button = h('button', { type: 'button', id: 'compute-layouts', class: recompute ? 'secondary' : null },
    recompute ? 'Compute the layouts again' : 'Compute layouts');
  button.addEventListener('click', async () => {
    button.disabled = true;
    bar.hidden = false;
    try {
      const job = await api('/api/layouts', null, { json: { field, methods: ['pca', 'umap', 'tsne', 'grid'] } });
      for (;;) {
        if (!document.body.contains(bar)) return;
        const state = await api('/api/layouts/jobs/' + encodeURIComponent(job.id));
        bar.value = state.progress || 0;
        message.textContent = `${state.state}${state.message ? ': ' + state.message : ''}`;
        if (state.state === 'done') { go(location.hash || '#/map'); return; }
        if (state.state === 'failed') throw new Error(state.message || 'The layout job failed');
        await new Promise(r => setTimeout(r, 1000));
      }
    } catch (err) {
      showError(err);
      button.disabled = false;
    }
  });
  return h('div', { class: 'compute', id: 'compute-panel' }, h('h3', {}, 'Layouts (curators)'), button, bar, message);
}

// ---------- the Clusters tab ----------

async function clustersView(view, params, f, tabs) {
  const select = (name, options, value) => h('select', { name, id: 'm-' + name },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  const form = h('form', { class: 'map-form', id: 'clusters-form' },
    h('input', { type: 'hidden', name: 'view', value: 'clusters' }),
    h('div', { class: 'walk-options' },
      h('label', {}, 'Clusters', h('input', { type: 'number', name: 'k', id: 'm-k', min: 2, max: 50, value: params.get('k') || '8' })),
      h('label', {}, 'Algorithm', select('algorithm', [['kmeans', 'k-means'], ['ward', 'Ward (with dendrogram)']], params.get('algorithm') || 'kmeans')),
      h('button', { type: 'submit', id: 'm-go' }, 'Cluster')),
    filterFields(params, f));
  form.addEventListener('submit', e => { e.preventDefault(); location.hash = '#/map' + query(formParams(form)); });
  put(view, h('h1', {}, 'Clusters of the collection'), tabs, form, h('p', { class: 'loading' }, 'Clustering…'));
  const request = with_(params, { view: null, cluster: null, points: '10' });
  const field = currentField();
  if (field) request.set('field', field);
  const result = await api('/api/clusters', request);
  view.querySelector('.loading').remove();
  const selected = params.get('cluster');
  view.append(activeFilterNote(params) || '',
    h('p', { class: 'summary' }, `${result.total} artworks in ${result.clusters.length} clusters (${result.algorithm}).`),
    clusterCards(result, { id: 'clusters', selected, hrefOf: key => clustersHref(params, { cluster: String(key) === selected ? null : String(key) }) }));
  const cluster = result.clusters.find(c => String(c.key) === selected);
  if (cluster) view.append(clusterDetail(cluster, params));
  if (result.dendrogram && result.dendrogram.length) {
    view.append(h('h2', {}, 'Dendrogram (Ward)'), dendrogram(result, { leafHref: key => clustersHref(params, { cluster: String(key) }) }));
  }
}
