// Search: text search and the filters, a page of 48 tiles at a time.

import { api, formParams, go, h, put, query } from '../ui.js';
import { facets, filterFields, with_ } from './filters.js';
import { tile } from './tiles.js';
import { markable, markState, refineBar, withMarks } from './marks.js';
import { imageDropZone } from './similar.js';

export async function searchView(view, params) {
  const f = await facets();
  const form = h('form', { class: 'search-form', id: 'search-form' },
    h('div', { class: 'search-line' },
      h('input', { type: 'search', name: 'q', id: 'q', value: params.get('q') || '', placeholder: 'Search titles, artists, techniques…', 'aria-label': 'Search' }),
      h('button', { type: 'submit' }, 'Search')),
    filterFields(params, f));
  form.addEventListener('submit', e => { e.preventDefault(); location.hash = '#/search' + query(formParams(form)); });
  form.addEventListener('change', e => { if (e.target.tagName === 'SELECT') form.requestSubmit(); });
  const drop = imageDropZone(params);
  put(view, form, drop, h('p', { class: 'loading' }, 'Searching…'));

  const from = Number(params.get('from') || 0);
  const page = await api('/api/search', with_(params, { size: '48', from: String(from) }));
  const state = markState(params, () => refine.update());
  const refine = refineBar(state, m => go('#/similar' + query(withMarks(with_(params, { q: '', from: '' }), m))), false);
  const grid = h('div', { class: 'grid', id: 'results' }, page.hits.map(a => markable(tile(a, params), a.id, state)));
  const nav = h('div', { class: 'pager' },
    from > 0 ? h('a', { href: '#/search' + query(with_(params, { from: String(Math.max(0, from - 48)) })) }, '← previous') : null,
    from + page.hits.length < page.total ? h('a', { href: '#/search' + query(with_(params, { from: String(from + 48) })) }, 'next →') : null);
  const summary = h('p', { class: 'summary', id: 'result-count' },
    page.total === 0 ? 'No artworks match.' : `${page.total} artworks` + (page.total > page.hits.length ? `, ${from + 1}–${from + page.hits.length} shown` : ''));
  put(view, form, drop, summary, page.total === 0 ? null : refine.bar, page.total === 0 ? h('p', { class: 'empty' }, 'Try fewer filters.') : grid, nav);
}
