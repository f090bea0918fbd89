// Map: the filtered subset clustered by the plugin, each cluster's representatives, top artists and periods, and
// the subset as a scatter, as a grid ordered by the projection, or as Ward's dendrogram.

import { api, formParams, h, inSpace, put, query, s } from '../ui.js';
import { activeFilterNote, facets, filterFields, with_ } from './filters.js';
import { artworkLink, placeThumb, scale, scatterBox, thumb, tile } from './tiles.js';

const COLOURS = ['#1b6ca8', '#d1495b', '#edae49', '#00798c', '#66a182', '#8d5a97', '#f26419', '#2e4057',
  '#9c6644', '#5c946e', '#b5179e', '#4361ee', '#7f5539', '#38b000', '#ff006e', '#3a0ca3'];

export async function mapView(view, params) {
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
  const map = await api('/api/clusters', inSpace(request));
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
