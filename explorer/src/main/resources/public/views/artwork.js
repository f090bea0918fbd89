// Artwork: the image and its metadata, the 12 nearest and 12 farthest artworks in the current space (honouring the
// active filters), and "walk from / to here".

import { api, go, h, inSpace, put, query } from '../ui.js';
import { activeFilterNote, filterOf, with_ } from './filters.js';
import { PLACEHOLDER, tile } from './tiles.js';
import { markable, markState, refineBar, withMarks } from './marks.js';

export async function artworkView(view, id, params) {
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
  // marks on the neighbours (and the artwork itself counts as liked): "Refine" shows more like these
  const state = markState(params, () => refine.update());
  const refine = refineBar(state, m => go('#/similar' + query(withMarks(filters, { like: [artwork.id, ...m.like.filter(x => x !== artwork.id)], unlike: m.unlike }))), true);
  put(view, h('article', { class: 'artwork' }, h('div', { class: 'artwork-picture' }, image), info),
    activeFilterNote(params), refine.bar, nearest, farthest);
  await Promise.all([['nearest', nearest], ['farthest', farthest]].map(async ([direction, section]) => {
    const result = await api('/api/artworks/' + encodeURIComponent(id) + '/neighbours', inSpace(with_(filters, { direction, size: '12' })));
    put(section, h('h2', {}, direction === 'nearest' ? 'Nearest' : 'Farthest'),
      result.neighbours.length === 0
        ? h('p', { class: 'empty' }, 'No other artwork passes the filters.')
        : h('div', { class: 'strip' }, result.neighbours.map(n => markable(tile(n.artwork, params, '#' + n.rank), n.artwork.id, state))));
  }));
}
