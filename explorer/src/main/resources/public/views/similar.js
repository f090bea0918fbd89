// Search by an image of one's own (#/image) and "more like these, less like those" (#/similar): the hits of the
// query image and/or the marked artworks in the current space, with the active filters, nearest or (one click)
// farthest. The image is held by this page only, for as long as it is open; the URL carries the marks.

import { api, go, h, inSpace, put, query, showError } from '../ui.js';
import { activeFilterNote, filterOf, with_ } from './filters.js';
import { markable, markState, marksOf, refineBar, withMarks } from './marks.js';
import { tile } from './tiles.js';

let queryImage = null;
let queryImageUrl = null;

// The image of this page's image query, and its preview as a data: URL (the page's policy admits data: images,
// not blob: ones); null before any.
export function heldImage() {
  return queryImage ? { file: queryImage, url: queryImageUrl } : null;
}

function dataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(new Error('The image cannot be read.'));
    reader.readAsDataURL(file);
  });
}

// Keeps the image for the view and opens it: #/image, with the active filters.
export async function searchByImage(file, params) {
  if (!file || !(file.type || '').startsWith('image/')) throw new Error('That is not an image file.');
  queryImageUrl = await dataUrl(file);
  queryImage = file;
  go('#/image' + query(filterOf(params || new URLSearchParams())));
}

// A drop zone that takes a file from the picker, a drop, or a paste anywhere on the page.
export function imageDropZone(params) {
  const input = h('input', { type: 'file', id: 'image-file', accept: 'image/*' });
  const zone = h('div', { class: 'drop-zone', id: 'image-drop', tabindex: '0' },
    h('span', {}, 'Search by an image of your own: drop it here, paste it, or '),
    h('label', { class: 'file-label' }, 'choose a file', input));
  const take = file => searchByImage(file, params).catch(err => { zone.classList.add('refused'); zone.dataset.error = err.message; });
  input.addEventListener('change', () => input.files[0] && take(input.files[0]));
  zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', e => {
    e.preventDefault();
    zone.classList.remove('over');
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (file) take(file);
  });
  return zone;
}

// Paste an image anywhere on the search page.
export function pasteImages(getParams) {
  document.addEventListener('paste', e => {
    const item = [...(e.clipboardData ? e.clipboardData.items : [])].find(i => i.kind === 'file' && i.type.startsWith('image/'));
    if (item && (location.hash === '' || location.hash.startsWith('#/search') || location.hash.startsWith('#/image'))) {
      e.preventDefault();
      searchByImage(item.getAsFile(), getParams()).catch(showError);
    }
  });
}

function directionLinks(view, params) {
  const direction = params.get('direction') || 'nearest';
  const other = direction === 'nearest' ? 'farthest' : 'nearest';
  return h('a', { class: 'button secondary', id: 'toggle-direction', href: '#/' + view + query(with_(params, { direction: other === 'nearest' ? '' : other })) },
    other === 'farthest' ? 'Show the farthest' : 'Show the nearest');
}

// To the artwork chosen with "Walk to here", else to the farthest from the image.
function walkFromImage(params, result) {
  const button = h('button', { type: 'button', class: 'secondary', id: 'walk-from-image' }, 'Walk from this image');
  button.addEventListener('click', async () => {
    try {
      let to = sessionStorage.getItem('walkTo');
      if (!to) {
        const far = (params.get('direction') || 'nearest') === 'farthest' ? result
          : await api('/api/search/image', inSpace(with_(filterOf(params), { direction: 'farthest', size: '1' })), { blob: queryImage });
        to = far.hits.length ? far.hits[0].id : null;
      }
      if (to) location.hash = '#/walk' + query(with_(filterOf(params), { from: 'image', to }));
    } catch (err) { showError(err); }
  });
  return button;
}

function grid(hits, params, state) {
  return h('div', { class: 'grid', id: 'similar-results' }, hits.map(a => markable(tile(a, params, '#' + a.rank), a.id, state)));
}

export async function imageView(view, params) {
  if (!queryImage) {
    put(view, h('h1', {}, 'Search by image'),
      h('p', { class: 'empty' }, 'This view is of an image of your own, which the explorer never keeps: drop it again.'),
      imageDropZone(params));
    return;
  }
  const direction = params.get('direction') || 'nearest';
  const marks = marksOf(params);
  put(view, h('p', { class: 'loading' }, 'Looking at your image…'));
  const result = await api('/api/search/image', inSpace(with_(filterOf(params), {
    direction, size: '24', like: marks.like.join(','), unlike: marks.unlike.join(',') })), { blob: queryImage });
  const state = markState(params, () => refine.update());
  const refine = refineBar(state, m => go('#/image' + query(withMarks(params, m))), true);
  put(view,
    h('section', { class: 'query-image' },
      h('img', { src: queryImageUrl, alt: 'your image', id: 'query-image' }),
      h('div', {},
        h('h1', {}, direction === 'nearest' ? 'Artworks that look like your image' : 'Artworks least like your image'),
        marks.like.length || marks.unlike.length ? h('p', { class: 'summary', id: 'refined-note' },
          `Refined: more like ${marks.like.length}, less like ${marks.unlike.length} marked artworks.`) : null,
        h('div', { class: 'actions' }, directionLinks('image', params), walkFromImage(params, result), imageDropZone(params)))),
    activeFilterNote(params), refine.bar,
    result.hits.length ? grid(result.hits, params, state) : h('p', { class: 'empty' }, 'No artwork passes the filters.'));
}

export async function similarView(view, params) {
  const direction = params.get('direction') || 'nearest';
  const marks = marksOf(params);
  if (!marks.like.length) {
    put(view, h('h1', {}, 'More like these'), h('p', { class: 'empty' }, 'Mark artworks with + on any grid, then Refine.'));
    return;
  }
  put(view, h('p', { class: 'loading' }, 'Looking…'));
  const result = await api('/api/similar', inSpace(with_(filterOf(params), {
    direction, size: '24', like: marks.like.join(','), unlike: marks.unlike.join(',') })));
  const state = markState(params, () => refine.update());
  const refine = refineBar(state, m => go('#/similar' + query(withMarks(params, m))), false);
  put(view,
    h('h1', {}, direction === 'nearest' ? `More like ${marks.like.length}, less like ${marks.unlike.length} marked artworks`
      : `Farthest from ${marks.like.length} marked artworks`),
    h('div', { class: 'actions' }, directionLinks('similar', params)),
    activeFilterNote(params), refine.bar,
    result.hits.length ? grid(result.hits, params, state) : h('p', { class: 'empty' }, 'No artwork passes the filters.'));
}
