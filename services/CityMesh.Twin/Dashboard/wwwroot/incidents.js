// CityMesh operations center: incidents. The list of what the city is responding to (open first); opening one shows its
// timeline, the twin entities it affects (each a link to the map), the actions proposed under it, and the audit trail
// of those actions: the hash-chained records governance wrote, checked end to end. The audit log is for operators and
// auditors; a viewer reads the incident's timeline, which carries the same decisions in words.
'use strict';

window.CityMeshIncidents = (() => {
  const map = window.CityMesh;
  const ops = window.CityMeshOps;
  const { escapeHtml } = map;
  const $ = (id) => document.getElementById(id);
  const dialog = $('incident-dialog');
  const SEVERITY_RANK = ['informational', 'low', 'medium', 'high', 'critical'];

  async function refresh() {
    let incidents;
    try { incidents = await ops.read('/safety/incidents'); } catch (e) { $('incident-book').innerHTML = `<li class="none">${escapeHtml(e.message)}</li>`; return; }
    incidents.sort((a, b) => (b.status === 'open') - (a.status === 'open') || SEVERITY_RANK.indexOf(b.severity) - SEVERITY_RANK.indexOf(a.severity)
      || String(b.openedAt).localeCompare(String(a.openedAt)));
    const open = incidents.filter((i) => i.status === 'open').length;
    $('incident-book-count').textContent = `${open} open · ${incidents.length} in all`;
    const key = incidents.map((i) => i.id + i.status + i.timeline.length).join('|');
    if ($('incident-book').dataset.key === key) return;
    $('incident-book').dataset.key = key;
    $('incident-book').innerHTML = incidents.length ? incidents.map((i) => `<li><button type="button" data-incident="${escapeHtml(i.id)}" data-status="${escapeHtml(i.status)}">`
      + `<span class="severity ${escapeHtml(i.severity)}">${escapeHtml(i.severity)}</span> <span class="title">${escapeHtml(i.title)}</span>`
      + `<span class="meta">${escapeHtml(i.kind)} · ${escapeHtml(i.status)} · opened ${escapeHtml(ops.at(i.openedAt))} · ${i.timeline.length} events · ${i.affected.length} affected</span>`
      + '</button></li>').join('') : '<li class="none">No incidents.</li>';
  }

  const timeline = (events) => `<ol class="timeline">${[...events].reverse().map((e) => `<li data-kind="${escapeHtml(e.kind)}"${e.ref ? ` data-ref="${escapeHtml(e.ref)}"` : ''}>`
    + `<span class="at">${escapeHtml(ops.at(e.at))}</span><b>${escapeHtml(e.kind)}</b> ${escapeHtml(e.text ?? '')}${e.actor ? ` <span class="actor">· ${escapeHtml(e.actor)}</span>` : ''}</li>`).join('')}</ol>`;

  // The audit log is read in pages from the start; an incident's trail is the records about its actions.
  async function auditOf(actionIds) {
    const wanted = new Set(actionIds);
    const records = [];
    for (let after = 0; ;) {
      const page = await ops.read(`/governance/audit?after=${after}&limit=1000`);
      records.push(...page.filter((r) => wanted.has(r.subject)));
      if (page.length < 1000) break;
      after = page[page.length - 1].sequence;
    }
    return records;
  }

  async function auditHtml(actions) {
    if (!actions.length) return '<p class="hint">No actions under this incident yet.</p>';
    let records;
    let verified;
    try {
      [records, verified] = await Promise.all([auditOf(actions.map((a) => a.id)), ops.read('/governance/audit/verify')]);
    } catch (e) {
      if (e.status === 401 || e.status === 403) return '<p class="note" id="audit-restricted">The audit log is for operators and auditors; the timeline above carries the same decisions.</p>';
      return `<p class="note bad">${escapeHtml(e.message)}</p>`;
    }
    const check = verified.ok
      ? `<p class="note good" id="audit-verified">Chain verified: ${verified.count} records, head ${escapeHtml(String(verified.head?.hash ?? '').slice(0, 12))}…</p>`
      : `<p class="note bad" id="audit-verified">Chain broken: ${escapeHtml(verified.problems.map((p) => `#${p.sequence} ${p.message}`).join('; '))}</p>`;
    return check + `<table class="rows audit"><thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Action</th><th scope="col">Hash</th></tr></thead><tbody>`
      + records.map((r) => `<tr data-kind="${escapeHtml(r.kind)}" data-subject="${escapeHtml(r.subject)}"><td>${r.sequence}</td><td>${escapeHtml(ops.at(r.at))}</td>`
        + `<td>${escapeHtml(r.actor)}</td><td>${escapeHtml(r.kind)}</td><td><button type="button" class="link" data-action="${escapeHtml(r.subject)}">${escapeHtml(r.subject)}</button></td>`
        + `<td><code>${escapeHtml(r.hash.slice(0, 10))}</code></td></tr>`).join('') + '</tbody></table>';
  }

  async function open(id, opener) {
    let incident;
    let actions;
    try {
      [incident, actions] = await Promise.all([ops.read(`/safety/incidents/${encodeURIComponent(id)}`), ops.read(`/governance/actions?incident=${encodeURIComponent(id)}&limit=500`)]);
    } catch (e) {
      $('incident-body').innerHTML = `<p class="note bad">${escapeHtml(e.message)}</p>`;
      ops.open(dialog, opener);
      return;
    }
    dialog.dataset.incident = id;
    $('incident-body').innerHTML = `<div class="type">${escapeHtml(incident.kind)} · <span class="severity ${escapeHtml(incident.severity)}">${escapeHtml(incident.severity)}</span> · ${escapeHtml(incident.status)}</div>`
      + `<h2 id="incident-title" tabindex="-1">${escapeHtml(incident.title)}</h2>`
      + `<p class="hint">Opened ${escapeHtml(ops.at(incident.openedAt))} by ${escapeHtml(incident.openedBy)}${incident.closedAt ? ` · closed ${escapeHtml(ops.at(incident.closedAt))}` : ''}</p>`
      + `<h3>Linked entities <small>${incident.affected.length}</small></h3><p class="linked">${incident.affected.map(ops.entityLink).join(' ') || '–'}</p>`
      + `<h3>Actions <small>${actions.length}</small></h3><ul class="incident-actions">${actions.map((a) => `<li><button type="button" class="link" data-action="${escapeHtml(a.id)}">`
        + `${escapeHtml(a.proposal.type)}</button> ${ops.statusBadge(a.status)} <span class="meta">${escapeHtml(a.proposal.summary)}</span></li>`).join('')}</ul>`
      + `<h3>Audit trail</h3><div id="incident-audit"><p class="hint">Reading the audit log…</p></div>`
      + `<h3>Timeline</h3>${timeline(incident.timeline)}`;
    ops.open(dialog, opener);
    $('incident-title').focus();
    $('incident-audit').innerHTML = await auditHtml(actions);
    dialog.dataset.audit = 'read';
  }

  $('incident-book').addEventListener('click', (ev) => {
    const button = ev.target.closest('button[data-incident]');
    if (button) open(button.dataset.incident, button);
  });
  $('incident-body').addEventListener('click', (ev) => {
    const action = ev.target.closest('button[data-action]')?.dataset.action;
    if (action) { dialog.close(); window.CityMeshInbox.openAction(action); }
  });

  document.addEventListener('citymesh:signed-in', refresh);
  document.addEventListener('citymesh:tab', (ev) => { if (ev.detail === 'incidents') refresh(); });
  // Incidents are also twin entities: when one changes, the list is read again.
  document.addEventListener('citymesh:changes', (ev) => { if (ev.detail.changes.some((c) => c.type === 'Incident')) refresh(); });
  setInterval(refresh, 10000);

  return { open, refresh };
})();
