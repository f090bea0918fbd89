// The filters the explorer's views share (artist, dating range, technique, public domain): the form's fields, what
// of the hash's parameters they are, and the note that says which are active.

import { api, h, query } from '../ui.js';

export const FILTER_KEYS = ['artist', 'yearFrom', 'yearTo', 'technique', 'publicDomain'];

export function filterOf(params) {
  const f = new URLSearchParams();
  for (const k of FILTER_KEYS) for (const v of params.getAll(k)) if (v !== '') f.append(k, v);
  return f;
}

// A copy of the parameters with each change set, or removed where its value is empty.
export function with_(params, changes) {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    p.delete(k);
    if (v !== undefined && v !== null && v !== '') p.set(k, v);
  }
  return p;
}

function without(params, keys) {
  const p = new URLSearchParams(params);
  keys.forEach(k => p.delete(k));
  return p;
}

let facetsCache = null;

// The artists and techniques of the whole collection and its range of years, read once per page load.
export async function facets() {
  if (!facetsCache) facetsCache = (await api('/api/search', new URLSearchParams({ size: '1' }))).facets;
  return facetsCache;
}

export function filterFields(params, f) {
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

export function activeFilterNote(params) {
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
