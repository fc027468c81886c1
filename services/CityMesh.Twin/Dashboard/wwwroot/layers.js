// CityMesh operations center: the map's layers by domain. Each domain shows or hides its entity types (the same
// switches as the City objects list), and two draw what the twin's entities alone do not: the flood depth of the
// latest forecast (roads cut and homes flooded, by depth) and the air quality field between the stations.
'use strict';

window.CityMeshLayers = (() => {
  const map = window.CityMesh;
  const ops = window.CityMeshOps;
  const { el, escapeHtml } = map;
  const $ = (id) => document.getElementById(id);

  const DOMAINS = [
    { id: 'traffic', label: 'Traffic', types: ['RoadSegment', 'Intersection', 'TrafficSignal', 'TrafficFlowObserved'] },
    { id: 'flood', label: 'Flood depth', types: ['FloodGauge', 'FloodBarrier', 'DrainagePump', 'Shelter'], overlay: 'l-flood' },
    { id: 'air', label: 'Air quality', types: ['AirQualityObserved'], overlay: 'l-air' },
    { id: 'grid', label: 'Grid loading', types: ['Substation', 'ACLineSegment', 'BusbarSection', 'Switch', 'PowerTransformer', 'Feeder', 'EVChargingStation', 'PVSystem'] },
    { id: 'health', label: 'Hospitals & ambulances', types: ['Hospital', 'HospitalWard', 'AmbulanceStation', 'Vehicle', 'EmergencyCall'] },
    { id: 'water', label: 'Water network & leaks', types: ['WaterMain', 'Pipe', 'Junction', 'Tank', 'Reservoir', 'Pump', 'Valve', 'Device'] },
  ];

  // Water over a road deeper than 0.3 m stops cars (safety's closure threshold); the bands deepen from there.
  const DEPTH_BANDS = [[0.3, '#7dd3fc'], [0.5, '#38bdf8'], [1.0, '#0284c7'], [Infinity, '#1e3a8a']];
  const depthColour = (d) => DEPTH_BANDS.find(([upTo]) => d < upTo)?.[1] ?? '#1e3a8a';

  const flood = { forecast: null, drawnFor: null };

  function render() {
    $('domain-list').innerHTML = DOMAINS.map((d) => `<label><input type="checkbox" data-domain="${d.id}" checked>`
      + `<span>${escapeHtml(d.label)}</span><span class="count" id="domain-count-${d.id}"></span></label>`).join('');
  }

  function counts() {
    const byType = {};
    for (const e of map.state.entities.values()) byType[e.type] = (byType[e.type] ?? 0) + 1;
    for (const d of DOMAINS) {
      const n = d.types.reduce((a, t) => a + (byType[t] ?? 0), 0);
      const overlay = d.overlay ? $(d.overlay).childElementCount : 0;
      $(`domain-count-${d.id}`).textContent = d.id === 'flood' && overlay ? `${overlay} flooded` : n ? String(n) : '';
    }
  }

  $('domain-list').addEventListener('change', (ev) => {
    const domain = DOMAINS.find((d) => d.id === ev.target.dataset.domain);
    if (!domain) return;
    for (const t of domain.types) if (ev.target.checked) map.state.hiddenTypes.delete(t); else map.state.hiddenTypes.add(t);
    if (domain.overlay) $(domain.overlay).classList.toggle('hidden-layer', !ev.target.checked);
    map.applyHiddenTypes();
    map.renderLayers();
  });

  // ---------- flood depth: the latest forecast ----------

  async function refreshFlood() {
    let list;
    try { list = await ops.read('/safety/forecasts'); } catch { return; }
    const latest = [...list.forecasts].sort((a, b) => String(b.at).localeCompare(String(a.at)))[0];
    if (!latest) { $('flood-note').hidden = true; return; }
    if (flood.forecast?.id !== latest.id) {
      try { flood.forecast = await ops.read(`/safety/forecasts/${encodeURIComponent(latest.id)}`); } catch { return; }
    }
    drawFlood();
  }

  function drawFlood() {
    const f = flood.forecast;
    if (!f || !map.state.projection || flood.drawnFor === f.id + map.state.entities.size) return;
    flood.drawnFor = f.id + map.state.entities.size;
    const layer = $('l-flood');
    layer.replaceChildren();
    const start = new Date(f.at).getTime();
    for (const road of f.roadsCut ?? []) {
      const e = map.state.entities.get(road.id);
      if (e?.geometry?.type !== 'LineString') continue;
      const closes = Math.max(0, (new Date(road.closesAt).getTime() - start) / 60000);
      el('path', {
        d: map.pathOf(e.geometry.coordinates.map(map.project)), class: 'flood-road', stroke: depthColour(road.maxDepth),
        'data-id': road.id, 'data-depth': road.maxDepth.toFixed(2), 'data-closes-min': closes.toFixed(1),
      }, layer);
    }
    for (const b of f.buildings ?? []) {
      const [x, y] = map.project([b.longitude, b.latitude]);
      const arrives = b.arrivalSeconds == null ? 0 : b.arrivalSeconds / 60;
      el('circle', { cx: x, cy: y, r: 6 + 10 * Math.min(1, b.maxDepth), class: 'flood-home', fill: depthColour(b.maxDepth),
        'data-depth': b.maxDepth.toFixed(2), 'data-closes-min': arrives.toFixed(1) }, layer);
    }
    const note = $('flood-note');
    note.hidden = false;
    note.innerHTML = `Flood forecast ${escapeHtml(ops.at(f.at))}: ${f.roadsCut.length} roads cut, ${f.buildings.length} buildings flooded`
      + ` · <a href="/safety/forecasts/${encodeURIComponent(f.id)}/report.html" target="_blank" rel="noopener">report</a>`;
    counts();
    document.dispatchEvent(new CustomEvent('citymesh:flood', { detail: f }));
  }

  // ---------- air quality: the interpolated field ----------

  async function refreshAir() {
    let field;
    try { field = await ops.read('/safety/air/field.geojson'); } catch { return; }
    if (!map.state.projection) return;
    const layer = $('l-air');
    layer.replaceChildren();
    for (const cell of field.features ?? []) {
      if (!cell.properties?.colour || cell.geometry?.type !== 'Polygon') continue;
      el('path', { d: `${map.pathOf(cell.geometry.coordinates[0].map(map.project))}Z`, class: 'air-cell', fill: cell.properties.colour,
        'data-band': cell.properties.band ?? '' }, layer);
    }
    counts();
  }

  render();
  document.addEventListener('citymesh:drawn', () => { flood.drawnFor = null; drawFlood(); refreshAir(); counts(); });
  // Forecasts come every few city minutes in a storm: a light poll of the list, the forecast itself only when new.
  setInterval(refreshFlood, 4000);
  setInterval(refreshAir, 60000);
  document.addEventListener('citymesh:signed-in', refreshFlood);

  return { DOMAINS, latestForecast: () => flood.forecast, refreshFlood };
})();
