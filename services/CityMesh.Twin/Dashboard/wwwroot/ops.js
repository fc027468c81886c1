// CityMesh operations center, shared: how its parts read the APIs (with the page's read-only session cookie), how a
// decision is sent (with the operator's key, see app.js signIn), and the few formats they all use.
'use strict';

window.CityMeshOps = (() => {
  const map = window.CityMesh;
  const { escapeHtml } = map;

  // Reads carry the session cookie; a 401 or 403 is an answer to show (a viewer may not read the audit), not a crash.
  async function read(url) {
    const r = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!r.ok) {
      const problem = await r.json().catch(() => ({}));
      const error = new Error(problem.detail ?? problem.title ?? `${r.status} ${r.statusText}`);
      error.status = r.status;
      throw error;
    }
    return r.json();
  }

  // A write: the key the page was signed in with goes as X-Api-Key; the server decides whether the role may.
  async function write(url, body, key = map.key()) {
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (key) headers['X-Api-Key'] = key;
    const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body ?? {}) });
    const answer = await r.json().catch(() => ({}));
    return { ok: r.ok, status: r.status, answer };
  }

  const canDecide = () => ['operator', 'admin'].includes(map.caller()?.role);

  // City time as the map's clock shows it.
  const at = (iso) => {
    if (!iso) return '';
    const c = map.cityClock(new Date(iso));
    return `${c.date} ${c.time}`;
  };

  const STATUS_LEVEL = { proposed: 'warn', approved: 'good', executed: 'good', overridden: 'good', rejected: 'muted', expired: 'muted', failed: 'bad' };
  const statusBadge = (status) => `<span class="status-badge ${STATUS_LEVEL[status] ?? ''}" data-status="${escapeHtml(status)}">${escapeHtml(status)}</span>`;

  // An entity id as a link that shows it on the map (when the map holds it), its name when known.
  const entityLink = (id) => {
    const e = map.state.entities.get(id);
    return `<a href="#" class="entity" data-target="${escapeHtml(id)}">${escapeHtml(e ? map.nameOf(e) : id.split(':').slice(-1)[0])}</a>`;
  };

  // Clicking an entity link anywhere in the operations center shows it on the map and closes the dialog over it.
  document.addEventListener('click', (ev) => {
    const link = ev.target.closest('a.entity[data-target]');
    if (!link) return;
    ev.preventDefault();
    if (map.focusOn(link.dataset.target)) link.closest('dialog')?.close();
  });

  // Opening a dialog moves focus into it; closing it (Escape, the ✕ or a decision) gives focus back to what opened it.
  function open(dialog, opener) {
    dialog.returnTo = opener ?? document.activeElement;
    if (!dialog.open) dialog.showModal();
    dialog.addEventListener('close', () => dialog.returnTo?.focus?.(), { once: true });
  }

  return { read, write, canDecide, at, statusBadge, entityLink, open };
})();
