// CityMesh operations center: the inbox of proposed actions. Every domain's proposals wait here for a decision with their
// evidence; an operator approves, rejects or overrides with a reason (the server executes and audits it), a viewer
// reads the same but has no decision to make. The server refuses a viewer's decision anyway: hiding the buttons is
// courtesy, not the control.
'use strict';

window.CityMeshInbox = (() => {
  const map = window.CityMesh;
  const ops = window.CityMeshOps;
  const evidence = window.CityMeshEvidence;
  const { escapeHtml } = map;
  const $ = (id) => document.getElementById(id);
  const dialog = $('proposal-dialog');

  let filter = 'proposed';
  let shown = null;          // the action open in the dialog

  const domainOf = (type) => type.split('.')[0];
  const typeName = (type) => type.split('.').slice(1).join('.').replace(/-/g, ' ');

  async function refresh() {
    let actions;
    try {
      actions = await ops.read(filter === 'proposed' ? '/governance/actions?status=proposed&limit=200' : '/governance/actions?limit=200');
    } catch (e) {
      $('inbox').innerHTML = `<li class="none">${escapeHtml(e.message)}</li>`;
      return;
    }
    const waiting = filter === 'proposed' ? actions.length : actions.filter((a) => a.status === 'proposed').length;
    $('inbox-count').textContent = waiting ? String(waiting) : '';
    $('inbox-note').textContent = filter === 'proposed' ? `${actions.length} waiting` : `${actions.length} latest`;
    // Rebuilt only when something changed, so focus and scroll stay where the operator left them.
    const key = actions.map((a) => a.id + a.status).join('|');
    if ($('inbox').dataset.key === key) return;
    $('inbox').dataset.key = key;
    $('inbox').innerHTML = actions.length ? actions.map((a) => `<li><button type="button" class="proposal" data-action="${escapeHtml(a.id)}" data-type="${escapeHtml(a.proposal.type)}" data-status="${escapeHtml(a.status)}">`
      + `<span class="domain ${escapeHtml(domainOf(a.proposal.type))}">${escapeHtml(domainOf(a.proposal.type))}</span> ${ops.statusBadge(a.status)}`
      + `<span class="title">${escapeHtml(typeName(a.proposal.type))}</span>`
      + `<span class="meta">${escapeHtml(a.proposal.summary)}</span>`
      + `<span class="meta">proposed ${escapeHtml(ops.at(a.proposal.proposedAt))}${a.status === 'proposed' ? ` · expires ${escapeHtml(ops.at(a.proposal.expiresAt))}` : ''}</span>`
      + '</button></li>').join('') : `<li class="none">${filter === 'proposed' ? 'Nothing waiting for a decision.' : 'No actions yet.'}</li>`;
  }

  function renderAction(a) {
    const p = a.proposal;
    shown = a;
    dialog.dataset.action = a.id;
    dialog.dataset.status = a.status;
    $('proposal-body').innerHTML = `<div class="type">${escapeHtml(p.type)} · ${ops.statusBadge(a.status)}</div>`
      + `<h2 id="proposal-title">${escapeHtml(typeName(p.type))}</h2><p class="summary">${escapeHtml(p.summary)}</p>`
      + `<dl class="figures"><dt>Target</dt><dd>${ops.entityLink(p.target)}</dd>`
      + (p.incident ? `<dt>Incident</dt><dd><button type="button" class="link" data-incident="${escapeHtml(p.incident)}">${escapeHtml(p.incident.split(':').slice(-1)[0])}</button></dd>` : '')
      + `<dt>Autonomy</dt><dd>${escapeHtml(a.autonomy)}</dd><dt>Model</dt><dd>${escapeHtml(`${p.model?.name ?? ''} ${p.model?.version ?? ''}`)}</dd>`
      + `<dt>Proposed</dt><dd>${escapeHtml(ops.at(p.proposedAt))}</dd><dt>Expires</dt><dd>${escapeHtml(ops.at(p.expiresAt))}</dd></dl>`
      + (Object.keys(p.measures ?? {}).length ? `<h3>Measures</h3>${evidence.figures(p.measures)}` : '')
      + `<h3>Evidence</h3><div class="evidence">${evidence.evidence(p.evidence)}</div>`
      + `<h3>Effect${a.overridden ? ' (overridden)' : ''}</h3>${evidence.effect(a.effect?.length ? a.effect : p.effect)}`
      + (a.error ? `<p class="note bad">${escapeHtml(a.error)}</p>` : '')
      + `<h3>History</h3><ol class="timeline history">${a.history.map((s) => `<li data-kind="${escapeHtml(s.kind)}"><span class="at">${escapeHtml(ops.at(s.at))}</span>`
        + `<b>${escapeHtml(s.kind)}</b> ${escapeHtml(s.reason ?? '')} <span class="actor">· ${escapeHtml(s.actor)}</span></li>`).join('')}</ol>`;
    const decide = ops.canDecide() && a.status === 'proposed';
    $('decision').hidden = !decide;
    $('decision-viewer').hidden = ops.canDecide();
    // Opened without a key (a reload keeps the read-only session, not the key): ask for it with the decision.
    $('decision-key').hidden = $('decision-key-label').hidden = !decide || !!map.key();
  }

  async function openAction(id, opener) {
    try { renderAction(await ops.read(`/governance/actions/${encodeURIComponent(id)}`)); } catch (e) { $('proposal-body').innerHTML = `<p class="note bad">${escapeHtml(e.message)}</p>`; }
    $('decision-result').textContent = '';
    $('decision-reason').value = '';
    ops.open(dialog, opener);
    // Focus on the first thing to read, the title; the decision follows in the tab order.
    $('proposal-title')?.setAttribute('tabindex', '-1');
    $('proposal-title')?.focus();
  }

  async function decide(decision) {
    if (!shown) return;
    const reason = $('decision-reason').value.trim();
    const key = map.key() ?? ($('decision-key').value.trim() || null);
    const result = $('decision-result');
    result.textContent = `${decision}…`;
    const answer = await ops.write(`/governance/actions/${encodeURIComponent(shown.id)}/${decision}`, { reason: reason || null }, key);
    if (!answer.ok) {
      result.textContent = `Refused (${answer.status}): ${answer.answer.detail ?? answer.answer.title ?? ''}`;
      result.className = 'note bad';
      return;
    }
    if (key && !map.key()) map.setKey(key);
    renderAction(answer.answer);
    result.className = 'note good';
    result.textContent = `${decision === 'override' ? 'Overridden' : decision === 'approve' ? 'Approved' : 'Rejected'}: now ${answer.answer.status}.`;
    $('decision').hidden = false;
    for (const b of $('decision').querySelectorAll('button, textarea, input')) b.disabled = answer.answer.status !== 'proposed';
    refresh();
  }

  $('inbox').addEventListener('click', (ev) => {
    const button = ev.target.closest('button[data-action]');
    if (button) openAction(button.dataset.action, button);
  });
  $('decision').addEventListener('click', (ev) => {
    const button = ev.target.closest('button[data-decision]');
    if (button) decide(button.dataset.decision);
  });
  $('decision').addEventListener('submit', (ev) => ev.preventDefault());
  dialog.addEventListener('close', () => { for (const b of $('decision').querySelectorAll('button, textarea, input')) b.disabled = false; });
  $('proposal-body').addEventListener('click', (ev) => {
    const incident = ev.target.closest('button[data-incident]')?.dataset.incident;
    if (incident) { dialog.close(); window.CityMeshIncidents.open(incident); }
  });
  for (const b of document.querySelectorAll('#pane-inbox [data-filter]')) {
    b.addEventListener('click', () => {
      filter = b.dataset.filter;
      for (const o of document.querySelectorAll('#pane-inbox [data-filter]')) o.setAttribute('aria-pressed', String(o === b));
      refresh();
    });
  }

  document.addEventListener('citymesh:signed-in', refresh);
  document.addEventListener('citymesh:tab', (ev) => { if (ev.detail === 'inbox') refresh(); });
  // Proposals are not twin changes: a light poll keeps the inbox and its count current.
  setInterval(refresh, 3000);

  return { refresh, openAction };
})();
