// CityMesh operations center: scenario results. The flood scenarios the twin ran on its own live state (each of safety's
// forecasts is a flood run with its baseline and defence variants, its KPIs and report): list them, open one's report,
// and compare two side by side, KPI by KPI with the difference, their depth maps next to each other.
'use strict';

window.CityMeshScenarios = (() => {
  const map = window.CityMesh;
  const ops = window.CityMeshOps;
  const { escapeHtml, fmt, label } = map;
  const $ = (id) => document.getElementById(id);
  const ticked = new Set();

  const number = (v) => v == null ? '–' : Math.abs(v) >= 100 || Number.isInteger(v) ? fmt(v) : fmt(v, 2);

  async function refresh() {
    let list;
    try { list = await ops.read('/safety/forecasts'); } catch (e) { $('scenarios').innerHTML = `<li class="none">${escapeHtml(e.message)}</li>`; return; }
    const runs = [...list.forecasts].sort((a, b) => String(b.at).localeCompare(String(a.at)));
    $('scenario-count').textContent = `${runs.length}${list.forecasting ? ' · one running' : ''}`;
    const key = runs.map((r) => r.id + (r.shareSheltered ?? '')).join('|');
    if ($('scenarios').dataset.key === key) return;
    $('scenarios').dataset.key = key;
    for (const id of [...ticked]) if (!runs.some((r) => r.id === id)) ticked.delete(id);
    $('scenarios').innerHTML = runs.length ? runs.map((r) => `<li class="scenario" data-scenario="${escapeHtml(r.id)}">`
      + `<label><input type="checkbox" data-compare="${escapeHtml(r.id)}"${ticked.has(r.id) ? ' checked' : ''}> <span class="title">Flood ${escapeHtml(r.id)}</span></label>`
      + `<span class="meta">${escapeHtml(ops.at(r.at))} · gauge ${escapeHtml(r.gauge.split(':').slice(-1)[0])} at ${number(r.waterLevel)} m · rain ${number(r.rainMillimetresPerHour)} mm/h</span>`
      + `<span class="meta">${r.roadsCut} roads cut · ${r.buildingsFlooded} buildings · ${number(r.peopleAffected)} people · ${r.hospitalsFlooded} hospitals</span>`
      + `<button type="button" class="link" data-report="${escapeHtml(r.reportUrl)}" data-title="Flood ${escapeHtml(r.id)}">Open report</button></li>`).join('')
      : '<li class="none">No scenario has run yet: the twin forecasts a flood when a gauge passes its alert line.</li>';
    $('compare').disabled = ticked.size !== 2;
  }

  function openReport(url, title, opener) {
    $('report-title').textContent = title;
    $('report-frame').src = url;
    ops.open($('report-dialog'), opener);
  }

  async function compare(opener) {
    const [a, b] = await Promise.all([...ticked].map((id) => ops.read(`/safety/forecasts/${encodeURIComponent(id)}`)));
    const [older, newer] = String(a.at) <= String(b.at) ? [a, b] : [b, a];
    const headline = (f) => ({ roadsCut: f.roadsCut.length, buildingsFlooded: f.buildings.length, peopleAffected: f.peopleAffected,
      rainMillimetresPerHour: f.rainMillimetresPerHour, peakInflow: Math.max(...f.hydrograph.map((p) => p.cubicMetresPerSecond)), ...f.kpis });
    const [ha, hb] = [headline(older), headline(newer)];
    const names = [...new Set([...Object.keys(ha), ...Object.keys(hb)])];
    const column = (f) => `<figure><figcaption>Flood ${escapeHtml(f.id)} · ${escapeHtml(ops.at(f.at))}</figcaption>`
      + `<img src="/safety/forecasts/${encodeURIComponent(f.id)}/map.png" alt="Flood depth of ${escapeHtml(f.id)}" width="300">`
      + `<button type="button" class="link" data-report="${escapeHtml(`/safety/forecasts/${encodeURIComponent(f.id)}/report.html`)}" data-title="Flood ${escapeHtml(f.id)}">Open report</button></figure>`;
    $('compare-body').innerHTML = `<h2 id="compare-title" tabindex="-1">Flood ${escapeHtml(older.id)} and ${escapeHtml(newer.id)}, side by side</h2>`
      + `<div class="side-by-side">${column(older)}${column(newer)}</div>`
      + `<table class="rows compare"><thead><tr><th scope="col">KPI</th><th scope="col">${escapeHtml(older.id)}</th><th scope="col">${escapeHtml(newer.id)}</th><th scope="col">Change</th></tr></thead><tbody>`
      + names.map((n) => {
        const d = ha[n] != null && hb[n] != null ? hb[n] - ha[n] : null;
        return `<tr data-kpi="${escapeHtml(n)}"><th scope="row">${escapeHtml(label(n))}</th><td>${number(ha[n])}</td><td>${number(hb[n])}</td>`
          + `<td class="${d > 0 ? 'up' : d < 0 ? 'down' : ''}">${d == null ? '' : `${d > 0 ? '+' : ''}${number(d)}`}</td></tr>`;
      }).join('') + '</tbody></table>';
    ops.open($('compare-dialog'), opener);
    $('compare-title').focus();
  }

  $('scenarios').addEventListener('change', (ev) => {
    const id = ev.target.dataset.compare;
    if (!id) return;
    if (ev.target.checked) ticked.add(id); else ticked.delete(id);
    $('compare').disabled = ticked.size !== 2;
  });
  for (const host of [$('scenarios'), $('compare-body')]) {
    host.addEventListener('click', (ev) => {
      const button = ev.target.closest('button[data-report]');
      if (!button) return;
      if (host === $('compare-body')) $('compare-dialog').close();
      openReport(button.dataset.report, button.dataset.title, button);
    });
  }
  $('compare').addEventListener('click', (ev) => compare(ev.currentTarget));
  $('report-dialog').addEventListener('close', () => { $('report-frame').src = 'about:blank'; });

  document.addEventListener('citymesh:signed-in', refresh);
  document.addEventListener('citymesh:tab', (ev) => { if (ev.detail === 'scenarios') refresh(); });
  setInterval(refresh, 10000);

  return { refresh };
})();
