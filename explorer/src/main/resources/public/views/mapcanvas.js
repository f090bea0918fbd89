// The map itself: every point of the subset drawn by deck.gl in WebGL (the vendored standalone bundle, loaded on
// the first map), coloured by cluster, with the clusters' labels over it; zoomed in far enough, each point becomes
// its thumbnail, cut from the atlases of what is in view only (one image per few hundred thumbnails). Hover names
// the artwork, a click opens it, and in the Box and Lasso modes a drag selects the points inside.
//
// World coordinates are the layout's [0,1] x [0,1] scaled by WORLD, y down (the contract's screen convention, and
// deck's OrthographicView with flipY).

import { h, put } from '../ui.js';
import { colour } from './clusters.js';

const WORLD = 1000;
const DECK_URL = '/vendor/deck.gl/dist.min.js';
// A thumbnail is drawn once it would be at least this many CSS pixels wide and the view is zoomed in from the
// overview (which shows the points, coloured by cluster, unless the subset is a handful)...
const THUMB_MIN_PX = 36;
const THUMB_MIN_ZOOM = 0.5;
const FEW = 50;
// ...and no more than this many are in view (further out, the points say more than a carpet of stamps).
const MAX_VISIBLE_THUMBS = 4000;
// Atlases kept as textures at once; the least recently seen go first.
const MAX_ATLASES = 32;
// Closer still, when an atlas cell would be drawn this much larger than it is and no more than DETAIL_MAX artworks are
// in view, each one's own thumbnail (the explorer's 360-px image) replaces its cell: sharp, and in its own proportions.
const DETAIL_SCALE = 1.5;
const DETAIL_MAX = 48;
const DETAIL_KEPT = 240;
export const BACKGROUND = [31, 29, 26];

let deckLoading = null;

// The vendored deck.gl, added as a script of the explorer's own (the Content-Security-Policy's script-src 'self').
export function loadDeck() {
  if (window.deck) return Promise.resolve(window.deck);
  if (!deckLoading) {
    deckLoading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = DECK_URL;
      script.onload = () => window.deck ? resolve(window.deck) : reject(new Error('The map library did not start'));
      script.onerror = () => {
        deckLoading = null;
        script.remove();
        reject(new Error(`The map library (${DECK_URL}) could not be loaded`));
      };
      document.head.append(script);
    });
  }
  return deckLoading;
}

const rgb = hex => [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));

/**
 * Draws `map` (from mapdata.fetchMap) into `root` and answers its controls. `layoutCount`: the points of the whole
 * layout (thumbnails are sized by its density, so a filtered subset keeps the overview's scale); `grid`: whether
 * the layout is the grid, whose cells the thumbnails fill. `onOpen(i)`,
 * `onSelect(indices)` and `onFirstDraw()` are called back; `atlasUrl(n)` names atlas n, `imageUrl(i)` point i's
 * own thumbnail.
 */
export function createMap(root, map, { layoutCount, grid, atlasUrl, imageUrl, onOpen, onSelect, onFirstDraw }) {
  const { Deck, OrthographicView, ScatterplotLayer, IconLayer, BitmapLayer } = window.deck;
  const n = map.n;
  const positions = new Float32Array(2 * n);
  const colours = new Uint8Array(4 * n);
  const palette = new Map();
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = map.x[i] * WORLD, y = map.y[i] * WORLD;
    positions[2 * i] = x;
    positions[2 * i + 1] = y;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    const c = map.cluster[i];
    if (!palette.has(c)) palette.set(c, rgb(colour(c)));
    colours.set(palette.get(c), 4 * i);
    colours[4 * i + 3] = 235;
  }
  const density = Math.max(1, layoutCount || n, n);
  // the grid's cells are known (ceil(sqrt(n)) columns, as the layout job lays them): a thumbnail nearly fills one
  const cell = grid ? Math.min(1 / Math.max(1, Math.ceil(Math.sqrt(density)) - 1),
    1 / Math.max(1, Math.ceil(density / Math.ceil(Math.sqrt(density))) - 1)) : 0;
  const thumbWorld = grid ? 0.94 * WORLD * cell : Math.min(60, 0.8 * WORLD / Math.sqrt(density));
  const radius = thumbWorld * 0.16;
  const minRadiusPx = n < 2000 ? 3.5 : n < 20000 ? 2 : 1.2;
  const atlas = map.header.atlas || { count: 0 };
  const perRow = atlas.size && atlas.cell ? Math.floor(atlas.size / atlas.cell) : 0;
  const slots = (atlas.count || 0) * (atlas.perAtlas || 0);
  const iconMapping = {};
  for (let c = 0; c < (atlas.perAtlas || 0); c++) {
    iconMapping[c] = { x: (c % perRow) * atlas.cell, y: Math.floor(c / perRow) * atlas.cell, width: atlas.cell, height: atlas.cell, mask: false };
  }

  const canvasBox = h('div', { class: 'map-canvas' });
  const overlay = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  overlay.setAttribute('class', 'map-overlay');
  const outline = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  outline.setAttribute('class', 'map-lasso');
  overlay.append(outline);
  const labelBox = h('div', { class: 'map-labels' });
  const tooltip = h('div', { class: 'map-tooltip', id: 'map-tooltip', hidden: true });
  root.append(canvasBox, overlay, labelBox, tooltip);

  const clusterLabels = (map.header.clusters || []).filter(c => c.size > 0).sort((a, b) => b.size - a.size).map(c => {
    const el = h('div', { class: 'map-label', 'data-cluster': c.cluster }, h('span', { class: 'dot' }), c.label || `Cluster ${c.cluster + 1}`);
    el.querySelector('.dot').style.backgroundColor = colour(c.cluster);
    labelBox.append(el);
    return { el, x: c.x * WORLD, y: c.y * WORLD, text: el.textContent, cluster: c.cluster };
  });

  let mode = 'pan';
  let labels = null;
  let selection = null;
  let selectionData = null;
  let thumbs = null;          // Map atlas -> point indices in view, or null when points are drawn alone
  let thumbsNote = '';
  const atlases = new Map();  // atlas -> { state: 'loading' | 'ready' | 'failed', image, seen }
  let details = null;         // the points in view drawn from their own thumbnails, or null
  const images = new Map();   // point -> { state, image, seen }: those thumbnails
  let seen = 0;
  let drawn = false;
  let disposed = false;

  const fitState = () => {
    const w = Math.max(1, canvasBox.clientWidth), hgt = Math.max(1, canvasBox.clientHeight);
    const bw = Math.max(maxX - minX, WORLD * 0.05), bh = Math.max(maxY - minY, WORLD * 0.05);
    const zoom = n ? Math.log2(Math.min(w / (bw * 1.08), hgt / (bh * 1.08))) : Math.log2(Math.min(w, hgt) / WORLD);
    const target = n ? [(minX + maxX) / 2, (minY + maxY) / 2, 0] : [WORLD / 2, WORLD / 2, 0];
    return { target, zoom, minZoom: zoom - 2, maxZoom: zoom + 14 };
  };
  let viewState = fitState();
  const fitZoom = viewState.zoom;

  const pointData = { length: n, attributes: { getPosition: { value: positions, size: 2 }, getFillColor: { value: colours, size: 4, normalized: true } } };

  function layers() {
    const list = [new ScatterplotLayer({
      id: 'points', data: pointData, radiusUnits: 'common', getRadius: radius, radiusMinPixels: minRadiusPx,
      radiusMaxPixels: 14, stroked: n <= 20000, getLineColor: [255, 255, 255, 150], lineWidthUnits: 'pixels',
      getLineWidth: 0.6, pickable: true, autoHighlight: true, highlightColor: [255, 255, 255, 200]
    })];
    let shown = 0;
    const sharp = new Set();
    if (details) {
      for (const i of details) {
        const entry = images.get(i);
        if (entry && entry.state === 'ready') sharp.add(i);
      }
    }
    if (thumbs) {
      for (const [a, all] of thumbs) {
        const entry = atlases.get(a);
        if (!entry || entry.state !== 'ready') continue;
        const indices = sharp.size ? all.filter(i => !sharp.has(i)) : all;
        shown += indices.length;
        list.push(new IconLayer({
          id: 'atlas-' + a, data: indices, iconAtlas: entry.image, iconMapping,
          getIcon: i => String(map.slot[i] % atlas.perAtlas), getPosition: i => [positions[2 * i], positions[2 * i + 1]],
          getSize: thumbWorld, sizeUnits: 'common', pickable: true, autoHighlight: true, highlightColor: [255, 255, 255, 60]
        }));
      }
    }
    for (const i of sharp) {
      const { image } = images.get(i);
      const aspect = image.naturalWidth / Math.max(1, image.naturalHeight);
      const w = aspect >= 1 ? thumbWorld : thumbWorld * aspect, hgt = aspect >= 1 ? thumbWorld / aspect : thumbWorld;
      const x = positions[2 * i], y = positions[2 * i + 1];
      // [left, bottom, right, top]: the image's top row at the smaller y, which is up on the screen
      list.push(new BitmapLayer({ id: 'image-' + i, image, bounds: [x - w / 2, y + hgt / 2, x + w / 2, y - hgt / 2], pickable: true }));
    }
    shown += sharp.size;
    if (selectionData) {
      list.push(new ScatterplotLayer({
        id: 'selected', data: selectionData, filled: false, stroked: true, getLineColor: [255, 214, 10, 255],
        lineWidthUnits: 'pixels', getLineWidth: 2, radiusUnits: 'common', getRadius: thumbs ? thumbWorld * 0.72 : radius * 1.8,
        radiusMinPixels: minRadiusPx + 2.5, radiusMaxPixels: 200
      }));
    }
    root.dataset.thumbnails = String(shown);
    // what is still on its way: the atlases and the images of what is in view
    let pending = 0;
    if (thumbs) for (const a of thumbs.keys()) if ((atlases.get(a) || {}).state === 'loading') pending++;
    if (details) for (const i of details) if ((images.get(i) || {}).state === 'loading') pending++;
    root.dataset.pending = String(pending);
    return list;
  }

  function redrawLayers() {
    if (!disposed) deckgl.setProps({ layers: layers() });
  }

  const deckgl = new Deck({
    parent: canvasBox,
    width: '100%',
    height: '100%',
    views: new OrthographicView({ id: 'map', flipY: true }),
    viewState,
    controller: { dragPan: true, scrollZoom: { smooth: false }, doubleClickZoom: true, inertia: false, keyboard: true },
    layers: layers(),
    pickingRadius: 3,
    getCursor: ({ isHovering, isDragging }) => mode !== 'pan' ? 'crosshair' : isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab',
    onViewStateChange: ({ viewState: next }) => {
      viewState = { ...next, minZoom: viewState.minZoom, maxZoom: viewState.maxZoom };
      deckgl.setProps({ viewState });
      scheduleThumbs();
      return viewState;
    },
    onHover: info => hover(info),
    onClick: info => {
      if (mode !== 'pan') return;
      const i = pointIndex(info);
      if (i >= 0) onOpen(i);
    },
    onAfterRender: afterRender,
  });

  function viewport() {
    const vps = deckgl.getViewports();
    return vps && vps.length ? vps[0] : null;
  }

  function afterRender() {
    const vp = viewport();
    if (!vp) return;
    // the larger clusters' labels first; one that would cover another already placed waits for a closer zoom
    const placed = [];
    for (const l of clusterLabels) {
      const [px, py] = vp.project([l.x, l.y]);
      l.el.style.transform = `translate(${px}px, ${py}px) translate(-50%, -50%)`;
      if (!l.w) { l.w = l.el.offsetWidth; l.h = l.el.offsetHeight; }
      const box = [px - l.w / 2 - 2, py - l.h / 2 - 2, px + l.w / 2 + 2, py + l.h / 2 + 2];
      const covers = placed.some(b => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]);
      l.el.style.visibility = covers ? 'hidden' : 'visible';
      if (!covers) placed.push(box);
    }
    const [x0, y0] = vp.unproject([0, 0]);
    const [x1, y1] = vp.unproject([vp.width, vp.height]);
    root.dataset.viewport = JSON.stringify({ x0: x0 / WORLD, y0: y0 / WORLD, x1: x1 / WORLD, y1: y1 / WORLD, width: vp.width, height: vp.height });
    root.dataset.zoom = (viewState.zoom - fitZoom).toFixed(2);
    if (!drawn) {
      drawn = true;
      onFirstDraw();
    }
  }

  // ---------- thumbnails ----------

  let thumbsPending = false;
  function scheduleThumbs() {
    if (thumbsPending) return;
    thumbsPending = true;
    requestAnimationFrame(() => { thumbsPending = false; updateThumbs(); });
  }

  function updateThumbs() {
    if (disposed) return;
    const vp = viewport();
    const before = thumbs;
    thumbs = null;
    details = null;
    thumbsNote = '';
    if (vp && slots && thumbWorld * 2 ** viewState.zoom >= THUMB_MIN_PX && (viewState.zoom >= fitZoom + THUMB_MIN_ZOOM || n <= FEW)) {
      const [ax, ay] = vp.unproject([0, 0]), [bx, by] = vp.unproject([vp.width, vp.height]);
      const x0 = Math.min(ax, bx) - thumbWorld, x1 = Math.max(ax, bx) + thumbWorld;
      const y0 = Math.min(ay, by) - thumbWorld, y1 = Math.max(ay, by) + thumbWorld;
      const inView = new Map();
      let count = 0;
      for (let i = 0; i < n; i++) {
        const x = positions[2 * i], y = positions[2 * i + 1];
        if (x < x0 || x > x1 || y < y0 || y > y1) continue;
        const s = map.slot[i];
        if (s >= slots) continue;
        const a = Math.floor(s / atlas.perAtlas);
        if (!inView.has(a)) inView.set(a, []);
        inView.get(a).push(i);
        count++;
      }
      if (count <= MAX_VISIBLE_THUMBS && inView.size <= MAX_ATLASES) {
        thumbs = inView;
        seen++;
        for (const a of inView.keys()) loadAtlas(a);
        evictAtlases();
        if (count <= DETAIL_MAX && thumbWorld * 2 ** viewState.zoom >= DETAIL_SCALE * atlas.cell) {
          details = [...inView.values()].flat();
          for (const i of details) loadImage(i);
          evictImages();
        }
      } else {
        thumbsNote = 'Zoom in further for the images';
      }
    }
    root.dataset.thumbnailsInView = thumbs ? String([...thumbs.values()].reduce((t, l) => t + l.length, 0)) : '0';
    if (before || thumbs) redrawLayers();
    notes();
  }

  function loadAtlas(a) {
    const known = atlases.get(a);
    if (known) { known.seen = seen; return; }
    const entry = { state: 'loading', image: null, seen };
    atlases.set(a, entry);
    const image = new Image();
    image.decoding = 'async';
    image.src = atlasUrl(a);
    image.decode().then(() => {
      entry.image = image;
      entry.state = 'ready';
      if (thumbs && thumbs.has(a)) redrawLayers();
    }, () => { entry.state = 'failed'; notes(); redrawLayers(); });
  }

  function loadImage(i) {
    const known = images.get(i);
    if (known) { known.seen = seen; return; }
    const entry = { state: 'loading', image: null, seen };
    images.set(i, entry);
    const image = new Image();
    image.decoding = 'async';
    image.src = imageUrl(i);
    image.decode().then(() => {
      entry.image = image;
      entry.state = 'ready';
      if (details && details.includes(i)) redrawLayers();
    }, () => { entry.state = 'failed'; redrawLayers(); });
  }

  function evictImages() {
    if (images.size <= DETAIL_KEPT) return;
    const inView = new Set(details || []);
    const old = [...images.entries()].filter(([i]) => !inView.has(i)).sort((p, q) => p[1].seen - q[1].seen);
    for (const [i] of old.slice(0, images.size - DETAIL_KEPT)) images.delete(i);
  }

  function evictAtlases() {
    if (atlases.size <= MAX_ATLASES) return;
    const old = [...atlases.entries()].filter(([a]) => !thumbs || !thumbs.has(a)).sort((p, q) => p[1].seen - q[1].seen);
    for (const [a] of old.slice(0, atlases.size - MAX_ATLASES)) atlases.delete(a);
  }

  const noteBox = h('div', { class: 'map-note', id: 'map-note', hidden: true });
  root.append(noteBox);
  function notes() {
    const failed = [...atlases.values()].some(e => e.state === 'failed');
    const text = [thumbsNote, failed ? 'Some images could not be loaded' : ''].filter(Boolean).join(' · ');
    noteBox.textContent = text;
    noteBox.hidden = !text;
  }

  // ---------- hover ----------

  function pointIndex(info) {
    if (!info || !info.layer || info.index < 0) return -1;
    if (info.layer.id === 'points') return info.index;
    if (info.layer.id.startsWith('atlas-')) return info.object;
    if (info.layer.id.startsWith('image-')) return Number(info.layer.id.slice(6));
    return -1;
  }

  function hover(info) {
    const i = mode === 'pan' ? pointIndex(info) : -1;
    if (i < 0) { tooltip.hidden = true; return; }
    const title = labels ? labels.titles[i] : map.ids[i];
    const artist = labels ? labels.artists[i] : '';
    put(tooltip, h('strong', {}, title || 'Untitled'), artist ? h('span', {}, artist) : null);
    tooltip.dataset.id = map.ids[i];
    tooltip.hidden = false;
    const flip = info.x > canvasBox.clientWidth - 260;
    tooltip.style.transform = `translate(${flip ? info.x - 12 : info.x + 14}px, ${info.y + 14}px)` + (flip ? ' translateX(-100%)' : '');
  }

  // ---------- box and lasso ----------

  let dragging = null;
  const local = e => {
    const r = canvasBox.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const polygonOf = d => d.kind === 'box'
    ? [[d.start[0], d.start[1]], [d.end[0], d.start[1]], [d.end[0], d.end[1]], [d.start[0], d.end[1]]]
    : d.points;
  function drawOutline(d) {
    const poly = d ? polygonOf(d) : [];
    outline.setAttribute('d', poly.length ? 'M' + poly.map(p => p[0].toFixed(1) + ',' + p[1].toFixed(1)).join(' L') + ' Z' : '');
  }
  function onDown(e) {
    if (mode === 'pan' || e.button !== 0) return;
    e.preventDefault();
    const p = local(e);
    dragging = { kind: mode, start: p, end: p, points: [p] };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
  }
  function onMove(e) {
    if (!dragging) return;
    const p = local(e);
    dragging.end = p;
    const last = dragging.points[dragging.points.length - 1];
    if (Math.hypot(p[0] - last[0], p[1] - last[1]) >= 2) dragging.points.push(p);
    drawOutline(dragging);
  }
  function onUp(e) {
    window.removeEventListener('pointermove', onMove);
    window.removeEventListener('pointerup', onUp);
    if (!dragging) return;
    onMove(e);
    const d = dragging;
    dragging = null;
    drawOutline(null);
    const poly = polygonOf(d);
    const xs = poly.map(p => p[0]), ys = poly.map(p => p[1]);
    if (Math.max(...xs) - Math.min(...xs) < 4 || Math.max(...ys) - Math.min(...ys) < 4) { select(null); return; }
    const vp = viewport();
    select(selectInside(poly.map(p => vp.unproject(p))));
  }
  root.addEventListener('pointerdown', onDown, true);

  // The points inside the polygon (world coordinates): its bounding box first, then an even-odd ray cast.
  function selectInside(poly) {
    let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
    for (const [x, y] of poly) { bx0 = Math.min(bx0, x); bx1 = Math.max(bx1, x); by0 = Math.min(by0, y); by1 = Math.max(by1, y); }
    const inside = [];
    for (let i = 0; i < n; i++) {
      const x = positions[2 * i], y = positions[2 * i + 1];
      if (x < bx0 || x > bx1 || y < by0 || y > by1) continue;
      let odd = false;
      for (let a = 0, b = poly.length - 1; a < poly.length; b = a++) {
        const [xa, ya] = poly[a], [xb, yb] = poly[b];
        if ((ya > y) !== (yb > y) && x < (xb - xa) * (y - ya) / (yb - ya) + xa) odd = !odd;
      }
      if (odd) inside.push(i);
    }
    return Uint32Array.from(inside);
  }

  function select(indices) {
    selection = indices && indices.length ? indices : null;
    if (selection) {
      const p = new Float32Array(2 * selection.length);
      selection.forEach((i, j) => { p[2 * j] = positions[2 * i]; p[2 * j + 1] = positions[2 * i + 1]; });
      selectionData = { length: selection.length, attributes: { getPosition: { value: p, size: 2 } } };
    } else {
      selectionData = null;
    }
    redrawLayers();
    onSelect(selection);
  }

  // ---------- controls ----------

  function setView(changes) {
    viewState = { ...viewState, ...changes };
    viewState.zoom = Math.min(viewState.maxZoom, Math.max(viewState.minZoom, viewState.zoom));
    deckgl.setProps({ viewState });
    scheduleThumbs();
  }

  return {
    setMode(next) {
      mode = next;
      deckgl.setProps({ controller: { dragPan: mode === 'pan', scrollZoom: { smooth: false }, doubleClickZoom: mode === 'pan', inertia: false, keyboard: true } });
      root.dataset.mode = mode;
      tooltip.hidden = true;
    },
    zoomBy(steps) { setView({ zoom: viewState.zoom + steps }); },
    fit() { setView({ ...fitState() }); },
    // Centres the layout point (x, y in [0,1]) `steps` zoom levels above the overview.
    zoomTo(x, y, steps) { setView({ target: [x * WORLD, y * WORLD, 0], zoom: fitZoom + steps }); },
    setLabels(l) { labels = l; },
    select,
    selection: () => selection,
    // The map as drawn (WebGL's buffer is preserved), on the map's background, with the clusters' labels.
    async png() {
      deckgl.redraw('export');
      const gl = deckgl.getCanvas();
      const out = document.createElement('canvas');
      out.width = gl.width;
      out.height = gl.height;
      const ctx = out.getContext('2d');
      ctx.fillStyle = `rgb(${BACKGROUND.join(',')})`;
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.drawImage(gl, 0, 0);
      const scale = gl.width / Math.max(1, canvasBox.clientWidth);
      const vp = viewport();
      ctx.font = `${Math.round(12.5 * scale)}px sans-serif`;
      ctx.textBaseline = 'middle';
      for (const l of clusterLabels.filter(c => c.el.style.visibility !== 'hidden')) {
        const [px, py] = vp.project([l.x, l.y]);
        const w = ctx.measureText(l.text).width + 22 * scale, x = px * scale - w / 2, y = py * scale;
        ctx.fillStyle = 'rgba(0,0,0,0.55)';
        ctx.fillRect(x, y - 10 * scale, w, 20 * scale);
        ctx.fillStyle = colour(l.cluster);
        ctx.beginPath();
        ctx.arc(x + 9 * scale, y, 4.5 * scale, 0, 2 * Math.PI);
        ctx.fill();
        ctx.fillStyle = '#fff';
        ctx.fillText(l.text, x + 17 * scale, y);
      }
      return new Promise((resolve, reject) => out.toBlob(b => b ? resolve(b) : reject(new Error('The map could not be drawn as PNG')), 'image/png'));
    },
    dispose() {
      disposed = true;
      root.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      deckgl.finalize();
      atlases.clear();
      images.clear();
    },
  };
}
