// The curators' sign-in: a name and password give a session cookie (HttpOnly, so this page never sees it) and
// the CSRF token the other pages send with every change; then back to the page that asked for it.

import { $, api, clearError, mountHeader, showError } from './ui.js';

// Only a page of this explorer: never a redirect to elsewhere.
function next() {
  const target = new URLSearchParams(location.search).get('next') || '/annotate.html';
  return target.startsWith('/') && !target.startsWith('//') ? target : '/annotate.html';
}

async function signIn(event) {
  event.preventDefault();
  clearError();
  const form = new FormData($('signin-form'));
  try {
    await api('/api/session', null, { json: { name: String(form.get('name') || '').trim(), password: String(form.get('password') || '') } });
    location.assign(next());
  } catch (e) {
    $('signin-password').value = '';
    showError(e);
  }
}

$('signin-form').addEventListener('submit', signIn);
mountHeader();
