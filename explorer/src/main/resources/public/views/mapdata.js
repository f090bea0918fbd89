// The map's data: GET /api/map's binary body read into typed arrays (the layout as the explorer stores it, every
// point of the filtered subset), its labels for hover and export, and the exports themselves (CSV, JSON, PNG) as
// downloads.

import { query } from '../ui.js';

const MAGIC = 'LAMP';

// Answers { header, x, y, slot, cluster, ids, n } for the parameters (field, layout, the filters); a 4xx answer
// throws the server's reason.
export async function fetchMap(params) {
  const response = await fetch('/api/map' + query(params), { headers: { Accept: 'application/vnd.latent-archive.map' } });
  if (!response.ok) throw await failure(response, '/api/map');
  return parseMap(await response.arrayBuffer());
}

// The body as the contract lays it out, all little-endian: "LAMP", version 1, the header's length and its JSON,
// then (from a multiple of 4) Float32 x[N], Float32 y[N], Uint32 slot[N], Uint16 cluster[N], padding to 4, and the
// ids' byte length followed by the ids joined by "\n". The arrays are views on the one buffer, not copies.
export function parseMap(buffer) {
  const view = new DataView(buffer);
  const magic = String.fromCharCode(...new Uint8Array(buffer, 0, 4));
  if (magic !== MAGIC) throw new Error('GET /api/map did not answer a map (no LAMP header)');
  const version = view.getUint32(4, true);
  if (version !== 1) throw new Error(`GET /api/map answered version ${version} of the map format; this page reads 1`);
  const headerBytes = view.getUint32(8, true);
  const utf8 = new TextDecoder();
  const header = JSON.parse(utf8.decode(new Uint8Array(buffer, 12, headerBytes)));
  const n = header.total;
  let at = align4(12 + headerBytes);
  const x = new Float32Array(buffer, at, n); at += 4 * n;
  const y = new Float32Array(buffer, at, n); at += 4 * n;
  const slot = new Uint32Array(buffer, at, n); at += 4 * n;
  const cluster = new Uint16Array(buffer, at, n); at = align4(at + 2 * n);
  const idBytes = view.getUint32(at, true); at += 4;
  const ids = n === 0 ? [] : utf8.decode(new Uint8Array(buffer, at, idBytes)).split('\n');
  if (ids.length !== n) throw new Error(`GET /api/map sent ${ids.length} ids for ${n} points`);
  return { header, n, x, y, slot, cluster, ids };
}

const align4 = at => (at + 3) & ~3;

// Titles and artists in the map's order (GET /api/map/labels), checked against the map's ids.
export async function fetchLabels(params, map) {
  const response = await fetch('/api/map/labels' + query(params), { headers: { Accept: 'application/json' } });
  if (!response.ok) throw await failure(response, '/api/map/labels');
  const labels = await response.json();
  if (labels.ids.length !== map.n || labels.ids.some((id, i) => id !== map.ids[i])) {
    throw new Error('The map changed while it was drawn (its labels name other artworks): draw it again');
  }
  return labels;
}

async function failure(response, path) {
  let reason = `${path} answered ${response.status}`;
  try {
    const body = await response.json();
    if (body && body.error) reason = body.error;
  } catch (e) {
    // not JSON: the status says enough
  }
  return new Error(reason);
}

// ---------- exports ----------

// The rows of an export: id, title, artist, x, y, cluster for each index (every point when `indices` is absent).
export function exportRows(map, labels, indices) {
  const rows = [];
  const each = indices || map.ids.keys();
  for (const i of each) {
    rows.push({
      id: map.ids[i], title: labels.titles[i] ?? '', artist: labels.artists[i] ?? '',
      x: round(map.x[i]), y: round(map.y[i]), cluster: map.cluster[i]
    });
  }
  return rows;
}

const round = v => Math.round(v * 1e6) / 1e6;

const COLUMNS = ['id', 'title', 'artist', 'x', 'y', 'cluster'];

// RFC 4180: every text field quoted, quotes doubled, CRLF between records. A text field a spreadsheet would take
// for a formula (=, +, -, @, a tab or CR first) gets a leading apostrophe, as OWASP advises for CSV exports: the
// titles come from museums' metadata.
export function toCsv(rows) {
  const text = v => {
    let t = String(v);
    if (/^[=+\-@\t\r]/.test(t)) t = "'" + t;
    return '"' + t.replace(/"/g, '""') + '"';
  };
  const lines = [COLUMNS.join(',')];
  for (const r of rows) lines.push([text(r.id), text(r.title), text(r.artist), r.x, r.y, r.cluster].join(','));
  return lines.join('\r\n') + '\r\n';
}

export function toJson(map, rows) {
  return JSON.stringify({ field: map.header.field, layout: map.header.layout, version: map.header.version, total: rows.length, points: rows }, null, 1);
}

// A file the browser saves: a link to the blob, clicked, then let go.
export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
