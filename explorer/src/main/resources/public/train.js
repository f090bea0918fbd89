// The training page: start a training on the curators' judgements, watch it epoch by epoch, read its mean-rank
// table, apply a saved model as a new vector space, compare spaces. Every text from the server goes in through
// textContent or attributes, never as HTML; the chart is built from SVG elements.

import { $, api, clearError, h, loadSpaces, mountHeader, requireCurator, s, setStatus, showError } from './ui.js';

const OPTIONS = ['hidden', 'epochs', 'margin', 'learningRate', 'weightDecay', 'batch', 'trainFraction', 'seed'];
const state = { job: null, timer: null };

const fmt = (x, digits = 3) => (x === null || x === undefined ? '–' : Number(x).toFixed(digits));

function meanRankTable(rows) {
  return h('table', { class: 'mean-rank' },
    h('thead', {}, h('tr', {}, h('th', {}, 'mean rank'), h('th', {}, 'lines'), h('th', {}, 'mean'), h('th', {}, 's.e.'))),
    h('tbody', {}, ...rows.map((r) => h('tr', {},
      h('td', {}, r.label), h('td', {}, String(r.lines)), h('td', {}, fmt(r.mean)), h('td', {}, fmt(r.standardError))))));
}

// ---------------------------------------------------------------- fields and curators

// The vector spaces (as the header's loadSpaces answers them) to train on and to compare.
function fillFields(spaces) {
  const select = $('train-field');
  const chosen = select.value || spaces.default;
  select.replaceChildren(...spaces.fields.map((f) => h('option', { value: f.name, selected: f.name === chosen },
    `${f.name} (${f.dims} dims, ${f.artworks} artworks)`)));
  const checked = new Set([...document.querySelectorAll('#evaluate-fields input:checked')].map((i) => i.value));
  if (checked.size === 0) checked.add(spaces.default);
  $('evaluate-fields').replaceChildren(h('legend', {}, 'Spaces to compare'),
    ...spaces.fields.map((f) => h('label', {}, h('input', { type: 'checkbox', name: 'field', value: f.name, checked: checked.has(f.name) }), f.name)));
}

async function countAnnotations() {
  const who = $('train-curator').value.trim();
  try {
    const listing = await api('/api/annotations?size=0' + (who ? '&curator=' + encodeURIComponent(who) : ''));
    const text = `${listing.total} annotation${listing.total === 1 ? '' : 's'} stored${who ? ' by ' + who : ''}`;
    $('annotation-count').textContent = text;
    setStatus(text);
  } catch (e) {
    showError(e);
  }
}

// ---------------------------------------------------------------- training

async function startTraining(event) {
  event.preventDefault();
  clearError();
  const form = new FormData($('train-form'));
  const body = { field: form.get('field') };
  const who = String(form.get('curator') || '').trim();
  if (who) body.curator = who;
  for (const name of OPTIONS) {
    const raw = String(form.get(name) || '').trim();
    if (raw !== '') body[name] = Number(raw);
  }
  try {
    const job = await api('/api/training', null, { json: body });
    watch(job);
  } catch (e) {
    showError(e);
  }
}

function watch(job) {
  state.job = job;
  render(job);
  clearTimeout(state.timer);
  if (!['done', 'failed', 'cancelled'].includes(job.state)) {
    state.timer = setTimeout(poll, 500);
  }
}

async function poll() {
  try {
    const job = await api('/api/training/' + encodeURIComponent(state.job.id));
    watch(job);
    if (job.state === 'done') await loadModels();
  } catch (e) {
    showError(e);
    state.timer = setTimeout(poll, 2000);
  }
}

async function cancelTraining() {
  if (!state.job) return;
  try {
    watch(await api('/api/training/' + encodeURIComponent(state.job.id), null, { method: 'DELETE' }));
  } catch (e) {
    showError(e);
  }
}

function render(job) {
  const running = !['done', 'failed', 'cancelled'].includes(job.state);
  $('progress').hidden = false;
  $('progress').dataset.state = job.state;
  $('progress').dataset.job = job.id;
  $('job-state').textContent = `Training ${job.id} on ${job.field}: ${job.state}${job.cancelRequested && running ? ' (stopping)' : ''}`;
  $('epoch-counter').textContent = `epoch ${job.epochsDone} of ${job.epochs}`
    + ` · ${job.usableLines} of ${job.annotationLines} annotation lines usable${job.curator ? ' (' + job.curator + ')' : ''}`;
  $('cancel').disabled = !running;
  $('start').disabled = running;
  drawChart(job.history, job.epochs);
  const result = $('job-result');
  if (job.state === 'done') {
    result.replaceChildren(h('p', { class: 'summary' }, `Saved as ${job.model}.`), meanRankTable(job.metrics));
  } else if (job.state === 'failed') {
    result.replaceChildren(h('p', { class: 'error' }, `Failed: ${job.error}`));
  } else if (job.state === 'cancelled') {
    result.replaceChildren(h('p', { class: 'summary' }, 'Cancelled; nothing was saved.'));
  } else {
    result.replaceChildren();
  }
}

// Training loss (left scale, from 0 to its largest value) and held-out mean rank (right scale, 1 to 8, chance
// dashed at 4.5), per epoch.
function drawChart(history, epochs) {
  const W = 600, H = 220, L = 44, R = 40, T = 12, B = 26;
  const x = (epoch) => L + (W - L - R) * (epochs <= 1 ? 1 : (epoch - 1) / (epochs - 1));
  const maxLoss = Math.max(1e-6, ...history.map((e) => e.trainLoss ?? 0));
  const yLoss = (v) => T + (H - T - B) * (1 - v / maxLoss);
  const yRank = (v) => T + (H - T - B) * ((8 - v) / 7);
  const parts = [
    s('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }),
    s('line', { class: 'axis', x1: L, y1: T, x2: L, y2: H - B }),
    s('line', { class: 'axis', x1: W - R, y1: T, x2: W - R, y2: H - B }),
    s('line', { class: 'chance', x1: L, y1: yRank(4.5), x2: W - R, y2: yRank(4.5) }),
    s('text', { x: W - R + 4, y: yRank(4.5) + 4 }, '4.5'),
    s('text', { x: W - R + 4, y: yRank(1) + 4 }, '1'),
    s('text', { x: W - R + 4, y: yRank(8) + 8 }, '8'),
    s('text', { x: 2, y: T + 8 }, fmt(maxLoss, 3)),
    s('text', { x: 2, y: H - B }, '0'),
    s('text', { x: L, y: H - 6 }, '1'),
    s('text', { x: W - R - 30, y: H - 6 }, `epoch ${epochs}`),
  ];
  const loss = history.filter((e) => e.trainLoss !== null).map((e) => `${x(e.epoch).toFixed(1)},${yLoss(e.trainLoss).toFixed(1)}`);
  const rank = history.filter((e) => e.heldOutMeanRank !== null).map((e) => `${x(e.epoch).toFixed(1)},${yRank(e.heldOutMeanRank).toFixed(1)}`);
  if (loss.length) parts.push(s('polyline', { class: 'loss', points: loss.join(' ') }));
  if (rank.length) parts.push(s('polyline', { class: 'rank', points: rank.join(' ') }));
  $('chart').replaceChildren(...parts);
}

// ---------------------------------------------------------------- models

async function loadModels() {
  try {
    const list = await api('/api/models');
    const cards = list.models.map((m) => {
      const actions = m.applied
        ? [h('span', { class: 'applied' }, `${m.field} is in the index`),
          h('a', { class: 'explore', href: '/?field=' + encodeURIComponent(m.name) }, 'explore with this field')]
        : [h('button', { type: 'button', class: 'apply', 'data-model': m.name }, `Apply: write ${m.field}`)];
      const o = m.options;
      return h('article', { class: 'model', 'data-model': m.name },
        h('h3', {}, m.name),
        h('p', { class: 'meta' }, `trained on ${m.sourceField}, ${m.created}; ${m.trainingLines} training lines,`
          + ` ${m.heldOutLines} held out; hidden ${o.hidden}, ${o.epochs} epochs, margin ${o.margin},`
          + ` learning rate ${o.learningRate}, seed ${o.seed}; ${fmt(m.trainingSeconds, 1)} s`),
        meanRankTable(m.metrics),
        h('p', {}, ...actions));
    });
    $('models').replaceChildren(...(cards.length ? cards : [h('p', { class: 'summary' }, `No model in ${list.folder} yet.`)]));
  } catch (e) {
    showError(e);
  }
}

async function applyModel(button) {
  const name = button.dataset.model;
  button.disabled = true;
  button.textContent = `Applying ${name}…`;
  try {
    const applied = await api('/api/models/' + encodeURIComponent(name) + '/apply', null, { method: 'POST' });
    clearError();
    await loadModels();
    fillFields(await loadSpaces());
    setStatus(`${applied.field} written for ${applied.artworks} artworks`);
  } catch (e) {
    showError(e);
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- evaluate

async function evaluate(event) {
  event.preventDefault();
  const params = new URLSearchParams();
  for (const input of document.querySelectorAll('#evaluate-fields input:checked')) params.append('field', input.value);
  const who = $('evaluate-curator').value.trim();
  if (who) params.set('curator', who);
  try {
    const result = await api('/api/evaluate', params);
    clearError();
    $('evaluation').replaceChildren(
      h('p', { class: 'summary' }, `${result.annotationLines} annotation lines${result.curator ? ' by ' + result.curator : ''}`),
      meanRankTable(result.rows));
  } catch (e) {
    showError(e);
  }
}

// ---------------------------------------------------------------- start

/** The form starts at the server's defaults (the prototype's hyper-parameters), so they live in one place. */
async function fillDefaults() {
  try {
    const defaults = await api('/api/training/defaults');
    for (const [name, value] of Object.entries(defaults)) {
      const input = $('train-form').elements.namedItem(name);
      if (input && input.value === '') input.value = value;
    }
  } catch (e) {
    showError(e);
  }
}

async function init() {
  $('train-form').addEventListener('submit', startTraining);
  $('cancel').addEventListener('click', cancelTraining);
  $('train-curator').addEventListener('change', countAnnotations);
  $('evaluate-form').addEventListener('submit', evaluate);
  $('models').addEventListener('click', (event) => {
    const button = event.target.closest('button.apply');
    if (button) applyModel(button);
  });
  const spaces = await mountHeader({ active: 'train' });
  await requireCurator();
  if (spaces) fillFields(spaces);
  await Promise.all([fillDefaults(), countAnnotations(), loadModels()]);
  // a training started earlier (from another tab, or before a reload) is shown again
  try {
    const jobs = await api('/api/training');
    if (jobs.length) watch(jobs[0]);
  } catch (e) {
    showError(e);
  }
}

init();
