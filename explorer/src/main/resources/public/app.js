// Latent Archive explorer: a small single-page app over the explorer's JSON API. This entry module routes the hash
// (#/search, #/artwork/{id}, #/walk, #/map, #/image, #/similar) to its view's module and fills the header.

import { api, clearError, markActive, mountHeader, setStatus, showError } from './ui.js';
import { artworkView } from './views/artwork.js';
import { mapView } from './views/map.js';
import { searchView } from './views/search.js';
import { imageView, pasteImages, similarView } from './views/similar.js';
import { walkView } from './views/walk.js';

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs] = raw.split('?');
  const parts = path.split('/').map(decodeURIComponent);
  return { view: parts[0] || 'search', arg: parts[1], params: new URLSearchParams(qs || '') };
}

async function route() {
  clearError();
  const { view: name, arg, params } = parseHash();
  const view = document.getElementById('view');
  document.title = 'Latent Archive';
  markActive(['artwork', 'image', 'similar'].includes(name) ? 'search' : name);
  view.dataset.view = name;
  view.dataset.ready = 'false';
  // Browser tests wait for the count to move past the value they saw before acting.
  const render = Number(view.dataset.renders || 0) + 1;
  try {
    if (name === 'artwork' && arg) await artworkView(view, arg, params);
    else if (name === 'walk') await walkView(view, params);
    else if (name === 'map') await mapView(view, params);
    else if (name === 'image') await imageView(view, params);
    else if (name === 'similar') await similarView(view, params);
    else await searchView(view, params);
  } catch (err) {
    view.querySelectorAll('.loading').forEach(el => el.remove());
    showError(err);
  } finally {
    view.dataset.renders = String(render);
    view.dataset.ready = 'true';
    window.scrollTo(0, 0);
  }
}

async function status() {
  try {
    setStatus(`${(await api('/api/status')).artworks} artworks`);
  } catch (err) {
    showError(err);
  }
}

// Another space recomputes the view in it.
mountHeader({ onSpace: route });
window.addEventListener('hashchange', route);
pasteImages(() => parseHash().params);
status();
route();
