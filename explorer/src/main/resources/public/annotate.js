// The curator's annotation page: pick an anchor and its positive among nine artworks; order an earlier
// judgement's candidates again. Every text from the collection goes in through textContent, never as HTML.

import { $, api, clearError, currentCurator, formParams, h, markActive, mountHeader, requireCurator, setStatus, showError } from './ui.js';

const state = { draw: null, anchor: null, trial: null, order: [] };

// The signed-in curator: the server stores every judgement as theirs.
function curator() {
  return currentCurator() || '';
}

function pickButton(artwork, key, onPick) {
  return h('button', { type: 'button', class: 'pick', 'data-id': artwork.id, title: artwork.title || artwork.id, onclick: () => onPick(artwork.id) },
    h('img', { src: artwork.thumbnail, alt: artwork.title || artwork.id, decoding: 'async' }),
    h('span', { class: 'key' }, String(key)),
    h('span', { class: 'title' }, artwork.title || artwork.id));
}

// ---------------------------------------------------------------- annotate

async function drawNine() {
  clearError();
  try {
    state.draw = await api('/api/annotate/draw', formParams($('subset')));
  } catch (e) {
    showError(e);
    return;
  }
  state.anchor = null;
  const nine = $('nine');
  nine.replaceChildren(...state.draw.artworks.map((a, i) => pickButton(a, i + 1, pickInNine)));
  nine.dataset.seed = state.draw.seed;
  $('step').textContent = 'Pick the anchor.';
}

async function pickInNine(id) {
  if (!state.draw) return;
  if (state.anchor === null) {
    state.anchor = id;
    mark('nine', id, 'anchor-picked');
    $('step').textContent = 'Now pick the artwork that belongs with it.';
    return;
  }
  if (id === state.anchor) return;
  mark('nine', id, 'positive-picked');
  const ids = state.draw.artworks.map((a) => a.id);
  const body = {
    anchor: state.anchor, positive: id, others: ids.filter((x) => x !== state.anchor && x !== id),
    subset: state.draw.subset,
  };
  try {
    const stored = await api('/api/annotations', null, { json: body });
    $('step').textContent = `Stored: ${stored.anchor} with ${stored.positive}.`;
    document.body.dataset.lastStored = stored.id;
    await refreshLatest();
    await drawNine();
    $('step').textContent = `Stored: ${stored.anchor} with ${stored.positive}. Pick the next anchor.`;
  } catch (e) {
    showError(e);
  }
}

function mark(container, id, cls) {
  for (const b of $(container).querySelectorAll('.pick')) {
    if (b.dataset.id === id) b.classList.add(cls);
  }
}

function undoAnchor() {
  state.anchor = null;
  for (const b of $('nine').querySelectorAll('.pick')) b.classList.remove('anchor-picked');
  $('step').textContent = 'Pick the anchor.';
}

async function refreshLatest() {
  const who = curator();
  const listing = await api('/api/annotations?size=10' + (who ? '&curator=' + encodeURIComponent(who) : ''));
  setStatus(`${listing.total} annotation${listing.total === 1 ? '' : 's'}${who ? ' by ' + who : ''}`);
  $('latest').replaceChildren(...listing.latest.map((a) => h('li', {}, `${a.anchor},${a.positive},${a.others.join(',')}`)));
}

async function importFile(event) {
  event.preventDefault();
  const file = new FormData($('import')).get('file');
  if (!file || !file.size) {
    showError('choose an annotation file first');
    return;
  }
  try {
    const result = await api('/api/annotations/import', null, { text: await file.text() });
    clearError();
    $('import-result').textContent = `Imported ${result.imported} annotations.`;
    await refreshLatest();
  } catch (e) {
    showError(e);
  }
}

// ---------------------------------------------------------------- self-consistency

async function nextTrial() {
  clearError();
  $('rank-result').textContent = '';
  try {
    state.trial = await api('/api/annotations/consistency');
  } catch (e) {
    showError(e);
    return;
  }
  state.order = [];
  const a = state.trial.anchor;
  $('anchor').replaceChildren(h('img', { src: a.thumbnail, alt: a.title || a.id }), h('p', {}, a.title || a.id));
  $('eight').replaceChildren(...state.trial.candidates.map((c, i) => pickButton(c, i + 1, pickInEight)));
  $('submit-order').disabled = true;
}

function pickInEight(id) {
  if (!state.trial || state.order.includes(id)) return;
  state.order.push(id);
  // the last one left needs no click
  const rest = state.trial.candidates.map((c) => c.id).filter((x) => !state.order.includes(x));
  if (rest.length === 1) state.order.push(rest[0]);
  renderOrder();
}

function renderOrder() {
  for (const b of $('eight').querySelectorAll('.pick')) {
    b.querySelector('.order')?.remove();
    const position = state.order.indexOf(b.dataset.id);
    if (position >= 0) b.append(h('span', { class: 'order' }, String(position + 1)));
  }
  $('submit-order').disabled = state.order.length !== 8;
}

async function submitOrder() {
  try {
    const result = await api('/api/annotations/consistency', null,
      { json: { annotation: state.trial.annotation, order: state.order } });
    $('rank-result').textContent = `Your earlier choice ranked ${result.rank} of 8 this time. Self mean rank: `
      + `${result.selfMeanRank.toFixed(2)} over ${result.answers} answer${result.answers === 1 ? '' : 's'} (1 = perfectly consistent, 4.5 = chance).`;
    $('submit-order').disabled = true;
    state.trial = null;
  } catch (e) {
    showError(e);
  }
}

// ---------------------------------------------------------------- wiring

function mode() {
  return location.hash === '#consistency' ? 'consistency' : 'annotate';
}

function showMode() {
  const m = mode();
  $('annotate').hidden = m !== 'annotate';
  $('consistency').hidden = m !== 'consistency';
  markActive(m);
  if (m === 'annotate' && !state.draw) drawNine();
  if (m === 'consistency' && !state.trial) nextTrial();
}

document.addEventListener('keydown', (event) => {
  if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
  const digit = Number(event.key);
  if (mode() === 'annotate') {
    if (digit >= 1 && digit <= 9 && state.draw) pickInNine(state.draw.artworks[digit - 1].id);
    else if (event.key === 'Backspace') undoAnchor();
    else if (event.key === 'n' || event.key === 'N') drawNine();
  } else {
    if (digit >= 1 && digit <= 8 && state.trial) pickInEight(state.trial.candidates[digit - 1].id);
    else if (event.key === 'Backspace') { state.order.pop(); renderOrder(); }
  }
});

async function init() {
  await mountHeader({
    more: [{ label: 'Self-consistency', path: '/annotate.html', hash: '#consistency', nav: 'consistency' }], after: 'annotate',
  });
  $('curator').textContent = await requireCurator();
  showMode();
  refreshLatest().catch(showError);
}

$('subset').addEventListener('submit', (e) => { e.preventDefault(); drawNine(); });
$('import').addEventListener('submit', importFile);
$('submit-order').addEventListener('click', submitOrder);
$('next-trial').addEventListener('click', nextTrial);
window.addEventListener('hashchange', showMode);
init();
