// CityMesh operations center: a proposal's evidence as an operator reads it before deciding. The flood forecast behind
// safety's and the other domains' flood proposals shows as what it is (its depth map, its report, its hydrograph, the
// roads it cuts); any other evidence as figures, small charts of its series and tables of its rows.
'use strict';

window.CityMeshEvidence = (() => {
  const map = window.CityMesh;
  const ops = window.CityMeshOps;
  const { escapeHtml, fmt, label } = map;

  const number = (v) => Math.abs(v) >= 100 || Number.isInteger(v) ? fmt(v) : fmt(v, 2);

  // A line chart of one series, drawn in SVG (no chart library); the axis ends say the range.
  function lineChart(points, { title, xLabel, yLabel }) {
    if (points.length < 2) return '';
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
    const [y0, y1] = [Math.min(0, ...ys), Math.max(...ys) || 1];
    const W = 320;
    const H = 90;
    const line = points.map(([x, y]) => `${(((x - x0) / (x1 - x0 || 1)) * W).toFixed(1)},${(H - ((y - y0) / (y1 - y0 || 1)) * (H - 6)).toFixed(1)}`).join(' ');
    return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>`
      + `<svg viewBox="-2 -2 ${W + 4} ${H + 4}" role="img" aria-label="${escapeHtml(title)}"><polyline points="${line}"/></svg>`
      + `<div class="axis"><span>${escapeHtml(number(x0))} ${escapeHtml(xLabel)}</span><span>${escapeHtml(yLabel)} up to ${escapeHtml(number(y1))}</span><span>${escapeHtml(number(x1))} ${escapeHtml(xLabel)}</span></div></figure>`;
  }

  const table = (rows, columns) => `<table class="rows"><thead><tr>${columns.map((c) => `<th scope="col">${escapeHtml(label(c))}</th>`).join('')}</tr></thead>`
    + `<tbody>${rows.map((r) => `<tr>${columns.map((c) => `<td>${cell(c, r[c])}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

  function cell(key, v) {
    if (typeof v === 'string' && v.startsWith('urn:ngsi-ld:')) return ops.entityLink(v);
    if (typeof v === 'number') return escapeHtml(number(v));
    if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) return escapeHtml(ops.at(v));
    if (v == null) return '';
    return escapeHtml(typeof v === 'object' ? JSON.stringify(v) : String(v));
  }

  function figures(object) {
    const rows = Object.entries(object ?? {}).filter(([, v]) => v == null || typeof v !== 'object');
    return rows.length ? `<dl class="figures">${rows.map(([k, v]) => `<dt>${escapeHtml(label(k))}</dt><dd>${cell(k, v)}</dd>`).join('')}</dl>` : '';
  }

  // The flood forecast: the scenario run safety made of the coming flood on the twin's city.
  function forecast(f) {
    const id = encodeURIComponent(f.id);
    const hydrograph = (f.hydrograph ?? []).map((p) => [p.hour, p.cubicMetresPerSecond]);
    return `<section class="evidence-forecast"><h4>Flood forecast ${escapeHtml(f.id)}</h4>`
      + `<img class="evidence-map" src="/safety/forecasts/${id}/map.png" alt="Forecast flood depth over the city (${escapeHtml(f.id)})" width="320">`
      + `<p class="links"><a href="/safety/forecasts/${id}/report.html" target="_blank" rel="noopener">Open the forecast's report</a>`
      + ` · <a href="/safety/forecasts/${id}/evacuation.html" target="_blank" rel="noopener">evacuation report</a></p>`
      + lineChart(hydrograph, { title: 'River inflow the forecast ran with', xLabel: 'h', yLabel: 'm³/s' })
      + (f.kpis ? `<h5>Forecast KPIs</h5>${figures(f.kpis)}` : '')
      + (f.withAllDefences ? `<h5>With every barrier deployed and pump started</h5>${figures(f.withAllDefences)}` : '')
      + figures(Object.fromEntries(Object.entries(f).filter(([k]) => !['id', 'kpis', 'withAllDefences', 'hydrograph'].includes(k))))
      + '</section>';
  }

  function evidence(e) {
    if (!e || typeof e !== 'object') return '';
    const parts = [];
    if (e.forecast && typeof e.forecast === 'object') parts.push(forecast(e.forecast));
    parts.push(figures(e));
    for (const [k, v] of Object.entries(e)) {
      if (k === 'forecast' || !v || typeof v !== 'object') continue;
      if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'number')) {
        parts.push(lineChart(v.map((y, i) => [i, y]), { title: label(k), xLabel: '', yLabel: '' }));
      } else if (Array.isArray(v) && v.length && v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
        const columns = [...new Set(v.flatMap((x) => Object.keys(x).filter((c) => x[c] == null || typeof x[c] !== 'object')))].slice(0, 6);
        parts.push(`<h5>${escapeHtml(label(k))} <small>${v.length}</small></h5>${table(v.slice(0, 12), columns)}${v.length > 12 ? `<p class="hint">and ${v.length - 12} more</p>` : ''}`);
      } else if (Array.isArray(v) && v.length) {
        parts.push(`<h5>${escapeHtml(label(k))}</h5><p>${v.map((x) => cell(k, x)).join(', ')}</p>`);
      } else if (!Array.isArray(v)) {
        parts.push(`<h5>${escapeHtml(label(k))}</h5>${figures(v)}`);
      }
    }
    return parts.join('');
  }

  // What approving changes in the twin: each entity and the attributes written.
  function effect(patches) {
    if (!patches?.length) return '<p class="hint">No change to the twin (advice).</p>';
    return `<ul class="effect">${patches.slice(0, 20).map((p) => `<li>${ops.entityLink(p.entityId)}: ${escapeHtml(Object.entries(p.attributes ?? {})
      .map(([k, a]) => `${k} → ${a?.value ?? a?.object ?? JSON.stringify(a)}`).join(', '))}</li>`).join('')}</ul>`
      + (patches.length > 20 ? `<p class="hint">and ${patches.length - 20} more</p>` : '');
  }

  return { evidence, effect, figures, lineChart, table };
})();
