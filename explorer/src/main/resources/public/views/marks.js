// Relevance feedback on any grid: mark artworks + (more like this) or − (less like this); "Refine" asks again with
// them. The marks live in the view's URL (like=a,b&unlike=c), so a refined view can be shared; marking rewrites the
// URL in place (no new query until Refine).

import { h } from '../ui.js';

function list(params, key) {
  return (params.get(key) || '').split(',').filter(Boolean);
}

export function marksOf(params) {
  return { like: list(params, 'like'), unlike: list(params, 'unlike') };
}

// The marks as parameters (absent when empty).
export function withMarks(params, marks) {
  const p = new URLSearchParams(params);
  p.delete('like');
  p.delete('unlike');
  if (marks.like.length) p.set('like', marks.like.join(','));
  if (marks.unlike.length) p.set('unlike', marks.unlike.join(','));
  return p;
}

// Live marks for one rendering of a grid: toggling keeps the URL's hash in step, and tells `onChange`.
export function markState(params, onChange) {
  const marks = marksOf(params);
  const state = {
    marks,
    of: id => marks.like.includes(id) ? 'like' : marks.unlike.includes(id) ? 'unlike' : null,
    toggle(id, kind) {
      const was = state.of(id);
      marks.like = marks.like.filter(x => x !== id);
      marks.unlike = marks.unlike.filter(x => x !== id);
      if (was !== kind) marks[kind].push(id);
      const [path] = location.hash.split('?');
      const qs = withMarks(new URLSearchParams(location.hash.split('?')[1] || ''), marks).toString();
      history.replaceState(null, '', location.pathname + location.search + path + (qs ? '?' + qs : ''));
      onChange && onChange(marks);
    },
  };
  return state;
}

// A tile with + and − buttons under it.
export function markable(tileEl, id, state) {
  const box = h('div', { class: 'markable', 'data-id': id });
  const plus = h('button', { type: 'button', class: 'mark mark-like', title: 'More like this', 'aria-pressed': 'false' }, '+');
  const minus = h('button', { type: 'button', class: 'mark mark-unlike', title: 'Less like this', 'aria-pressed': 'false' }, '−');
  const show = () => {
    const m = state.of(id);
    box.dataset.mark = m || '';
    plus.setAttribute('aria-pressed', String(m === 'like'));
    minus.setAttribute('aria-pressed', String(m === 'unlike'));
  };
  plus.addEventListener('click', () => { state.toggle(id, 'like'); show(); });
  minus.addEventListener('click', () => { state.toggle(id, 'unlike'); show(); });
  show();
  box.append(tileEl, h('div', { class: 'marks' }, plus, minus));
  return box;
}

// "Refine" with a count of the marks; disabled until something is marked as liked (or, with `hasQuery`, anything).
export function refineBar(state, onRefine, hasQuery) {
  const count = h('span', { class: 'mark-count', id: 'mark-count' });
  const button = h('button', { type: 'button', id: 'refine' }, 'Refine');
  const clear = h('button', { type: 'button', class: 'secondary', id: 'clear-marks' }, 'Clear marks');
  const update = () => {
    const { like, unlike } = state.marks;
    count.textContent = `${like.length} more like, ${unlike.length} less like`;
    button.disabled = !(like.length || (hasQuery && unlike.length));
  };
  button.addEventListener('click', () => onRefine(state.marks));
  clear.addEventListener('click', () => onRefine({ like: [], unlike: [] }));
  update();
  return { bar: h('div', { class: 'refine-bar' }, count, button, clear), update };
}
