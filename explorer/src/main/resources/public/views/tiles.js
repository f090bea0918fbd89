// How the explorer's views show artworks: thumbnails (the placeholder where an image fails), tiles that link to the
// artwork page, and scatters of thumbnails.

import { h, query, s } from '../ui.js';
import { filterOf } from './filters.js';

export const PLACEHOLDER = '/placeholder.svg';

export function thumb(artwork, attrs = {}) {
  const img = h('img', { src: artwork.thumbnail, alt: artwork.title, loading: 'lazy', decoding: 'async', ...attrs });
  img.addEventListener('error', () => {
    if (!img.src.endsWith(PLACEHOLDER)) { img.src = PLACEHOLDER; img.classList.add('missing'); }
  }, { once: false });
  return img;
}

// The artwork's page, keeping the active filters (its neighbours honour them).
export function artworkLink(artwork, params) {
  return '#/artwork/' + encodeURIComponent(artwork.id) + query(filterOf(params));
}

export function tile(artwork, params, extra) {
  return h('a', { class: 'tile', href: artworkLink(artwork, params), title: artwork.title, 'data-id': artwork.id },
    h('div', { class: 'frame' }, thumb(artwork)),
    h('div', { class: 'caption' },
      h('span', { class: 'title' }, artwork.title),
      h('span', { class: 'meta' }, [artwork.artists.join(', '), artwork.dating].filter(Boolean).join(' · ')),
      extra ? h('span', { class: 'extra' }, extra) : null));
}

// A scatter of thumbnails: HTML images (lazy, with the placeholder on failure) placed in percent over an SVG
// layer for lines and arrows, so that the layout scales with the page.
export function scatterBox(id, W, H, label) {
  const box = h('div', { class: 'scatter', id, role: 'img', 'aria-label': label });
  box.style.aspectRatio = `${W} / ${H}`;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'scatter-lines', preserveAspectRatio: 'none' });
  box.append(svg);
  return { box, svg };
}

export function placeThumb(box, artwork, href, x, y, size, W, H, cls, colour) {
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

// A linear map of the values' range onto [lo, hi].
export function scale(values, lo, hi) {
  const min = Math.min(...values), max = Math.max(...values);
  const span = max - min || 1;
  return v => lo + (v - min) / span * (hi - lo);
}
