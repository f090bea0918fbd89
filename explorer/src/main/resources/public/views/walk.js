// Walk: from A to B through the current space in N steps, as a row of tiles and as a 2-D scatter with an arrow on
// each segment.

import { api, formParams, h, inSpace, put, query, s, showError } from '../ui.js';
import { facets, filterFields, filterOf, with_ } from './filters.js';
import { artworkLink, placeThumb, scale, scatterBox, tile } from './tiles.js';
import { heldImage } from './similar.js';

export async function walkView(view, params) {
  const from = params.get('from') || sessionStorage.getItem('walkFrom') || '';
  const to = params.get('to') || sessionStorage.getItem('walkTo') || '';
  const f = await facets();
  const select = (name, options, value) => h('select', { name, id: 'w-' + name },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  const form = h('form', { class: 'walk-form', id: 'walk-form' },
    h('div', { class: 'walk-ends' },
      h('label', {}, 'From (artwork id, or image)', h('input', { name: 'from', id: 'w-from', value: from, required: true })),
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
      const r = await api('/api/artworks/' + encodeURIComponent(a) + '/neighbours', inSpace(with_(filterOf(formParams(form)), { direction: 'farthest', size: '1' })));
      if (r.neighbours.length) form.querySelector('#w-to').value = r.neighbours[0].artwork.id;
    } catch (err) { showError(err); }
  });
  put(view, h('h1', {}, 'Walk through the latent space'), form);
  if (!params.get('from') || !params.get('to')) {
    view.append(h('p', { class: 'hint' }, 'Pick two artworks (from an artwork page: “Walk from here”, “Walk to here”), then walk.'));
    return;
  }
  if (params.get('from') !== 'image') sessionStorage.setItem('walkFrom', params.get('from'));
  sessionStorage.setItem('walkTo', params.get('to'));
  const loading = h('p', { class: 'loading' }, 'Walking…');
  view.append(loading);
  // "image": from the image of this page's image query (it is never stored, so a reloaded page has none)
  const held = heldImage();
  if (params.get('from') === 'image' && !held) {
    loading.remove();
    view.append(h('p', { class: 'empty' }, 'A walk from your image needs the image: search by it again, then “Walk from this image”.'));
    return;
  }
  const walk = params.get('from') === 'image'
    ? await api('/api/walk/image', inSpace(params), { blob: held.file })
    : await api('/api/walk', inSpace(params));
  walk.path.forEach(step => { if (!step.artwork.id) step.artwork.thumbnail = held.url; });
  loading.remove();
  if (walk.path.length === 0) { view.append(h('p', { class: 'empty' }, 'The walk found no path.')); return; }
  const strip = h('div', { class: 'walk-strip', id: 'walk-path' }, walk.path.map(step =>
    tile(step.artwork, params, step.step === 0 ? 'A' : step.step === walk.path.length - 1 ? 'B' : `step ${step.step} · d ${step.distance.toFixed(3)}`)));
  view.append(h('p', { class: 'summary' }, `${walk.path.length} artworks, ${walk.took} ms in Elasticsearch`), strip,
    h('h2', {}, 'The path in 2-D (' + walk.projection.toUpperCase() + ' of its vectors)'), walkScatter(walk, params));
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
