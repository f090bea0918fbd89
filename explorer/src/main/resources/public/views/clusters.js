// How the explorer shows a clustering (the JSON of GET /api/clusters and POST /api/clusters/selection): a card per
// cluster with its representatives, the chosen cluster's top artists, period histogram and representatives, and
// Ward's dendrogram over the clusters. The map's colours come from here too.

import { h, query, s } from '../ui.js';
import { with_ } from './filters.js';
import { thumb, tile } from './tiles.js';

export const COLOURS = ['#1b6ca8', '#d1495b', '#edae49', '#00798c', '#66a182', '#8d5a97', '#f26419', '#2e4057',
  '#9c6644', '#5c946e', '#b5179e', '#4361ee', '#7f5539', '#38b000', '#ff006e', '#3a0ca3'];

export const colour = key => COLOURS[((key % COLOURS.length) + COLOURS.length) % COLOURS.length];

// The cards, one per cluster. `hrefOf(key)` makes each a link (the Clusters tab keeps the chosen one in the URL);
// `onPick(cluster)` instead shows it in place (a selection's clusters, which live only in the page).
export function clusterCards(result, { id, selected, hrefOf, onPick }) {
  return h('div', { class: 'clusters', id }, result.clusters.map(c => {
    const card = h('a', {
      class: 'cluster' + (String(c.key) === String(selected) ? ' selected' : ''),
      href: hrefOf ? hrefOf(c.key) : '#', 'data-key': c.key
    },
    h('div', { class: 'cluster-head' },
      h('span', { class: 'dot' }), h('strong', {}, `Cluster ${c.key + 1}`), h('span', { class: 'count' }, `${c.docCount} works`)),
    h('div', { class: 'reps' }, c.representatives.slice(0, 4).map(r => thumb(r.artwork))));
    card.querySelector('.dot').style.backgroundColor = colour(c.key);
    if (onPick) {
      card.addEventListener('click', e => {
        e.preventDefault();
        card.parentElement.querySelectorAll('.cluster').forEach(el => el.classList.toggle('selected', el === card));
        onPick(c);
      });
    }
    return card;
  }));
}

export function clusterDetail(cluster, params, id = 'cluster-detail') {
  const maxPeriod = Math.max(1, ...cluster.periods.map(p => p.count));
  return h('section', { class: 'cluster-detail', id },
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
}

// Ward's merge tree over the clusters: leaves are clusters (ids below k), merge i has id k + i. `leafHref(key)`
// links a leaf (the Clusters tab); without it the leaves are not links.
export function dendrogram(result, { id = 'dendrogram', leafHref } = {}) {
  if (!result.dendrogram || !result.dendrogram.length) return h('p', { class: 'empty' }, 'No dendrogram: choose Ward.');
  const k = result.clusters.length;
  const byKey = new Map(result.clusters.map(c => [c.key, c]));
  const children = n => n < k ? [] : [result.dendrogram[n - k].left, result.dendrogram[n - k].right];
  const root = k + result.dendrogram.length - 1;
  const leaves = [];
  (function walk(n) { if (n < k) leaves.push(n); else children(n).forEach(walk); })(root);
  const rowH = 92, W = 1100, treeW = 520, H = leaves.length * rowH + 20;
  const maxD = Math.max(...result.dendrogram.map(m => m.distance)) || 1;
  const xOf = d => 20 + (1 - d / maxD) * (treeW - 40);
  const yOf = new Map();
  leaves.forEach((n, i) => yOf.set(n, 10 + i * rowH + rowH / 2));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'dendrogram', id, role: 'img', 'aria-label': 'Ward dendrogram' });
  function draw(n) {
    if (n < k) return [treeW - 20, yOf.get(n)];
    const m = result.dendrogram[n - k];
    const [x1, y1] = draw(m.left), [x2, y2] = draw(m.right);
    const x = xOf(m.distance), y = (y1 + y2) / 2;
    svg.append(s('path', { d: `M${x1},${y1} H${x} V${y2} H${x2}`, fill: 'none', stroke: '#444', 'stroke-width': 1.5 }));
    yOf.set(n, y);
    return [x, y];
  }
  draw(root);
  leaves.forEach(n => {
    const c = byKey.get(n), y = yOf.get(n);
    if (!c) return;
    const g = leafHref ? s('a', { href: leafHref(n), class: 'leaf' }) : s('g', { class: 'leaf' });
    g.append(s('circle', { cx: treeW - 20, cy: y, r: 6, fill: colour(n) }),
      s('text', { x: treeW, y: y + 4, class: 'leaf-label' }, `Cluster ${n + 1} (${c.docCount})`));
    c.representatives.slice(0, 4).forEach((r, j) => {
      g.append(s('image', { href: r.artwork.thumbnail, x: treeW + 130 + j * 86, y: y - 40, width: 80, height: 80, preserveAspectRatio: 'xMidYMid slice' }));
    });
    svg.append(g);
  });
  return svg;
}

// The Clusters tab's links keep the tab and its options in the URL.
export function clustersHref(params, changes) {
  return '#/map' + query(with_(params, { view: 'clusters', ...changes }));
}
