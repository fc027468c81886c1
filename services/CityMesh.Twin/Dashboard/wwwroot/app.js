// CityMesh operator dashboard: draws the city from the twin's own geometry (WGS84, projected to local metres)
// and keeps it live from /dashboard/events (Server-Sent Events). No framework, no tiles, no external requests.
'use strict';

(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const ICON_PX = 20;

  const UNITS = {
    KMH: 'km/h', MTR: 'm', MTK: 'm²', KWT: 'kW', GQ: 'µg/m³', MQH: 'm³/h', KPA: 'kPa', SEC: 's', MMT: 'mm', P1: '%',
    KVT: 'kV', KVA: 'kVA', KWH: 'kWh', OHM: 'Ω', C62: 'pu',
  };

  // Drawing order and legend: what each entity type looks like.
  const KINDS = {
    RoadSegment: { label: 'Roads', one: 'Road segment', swatch: '#22c55e' },
    Intersection: { label: 'Intersections', one: 'Intersection', swatch: '#3b4658' },
    TrafficSignal: { label: 'Signals', one: 'Traffic signal', swatch: '#22c55e' },
    TrafficFlowObserved: { label: 'Detectors', one: 'Traffic detector', swatch: '#e2e8f0' },
    Building: { label: 'Buildings', one: 'Building', swatch: '#34507a' },
    Hospital: { label: 'Hospitals', one: 'Hospital', swatch: '#ef4444' },
    Substation: { label: 'Substations', one: 'Substation', swatch: '#facc15' },
    ACLineSegment: { label: 'Grid cables', one: 'Cable (10 kV)', swatch: '#22c55e' },
    BusbarSection: { label: 'Grid buses', one: 'Busbar', swatch: '#e2e8f0' },
    Switch: { label: 'Grid switches', one: 'Switch', swatch: '#cbd5e1' },
    PowerTransformer: { label: 'Transformers', one: 'Transformer', swatch: '#64748b' },
    Feeder: { label: 'Feeders', one: 'Feeder', swatch: '#22c55e' },
    EVChargingStation: { label: 'EV chargers', one: 'EV charger', swatch: '#22d3ee' },
    PVSystem: { label: 'Rooftop PV', one: 'Rooftop PV', swatch: '#38bdf8' },
    AirQualityObserved: { label: 'Air quality', one: 'Air quality station', swatch: '#a78bfa' },
    FloodGauge: { label: 'Flood gauges', one: 'Flood gauge', swatch: '#60a5fa' },
    WaterMain: { label: 'Water mains', one: 'Water main', swatch: '#1d6fa5' },
    Shelter: { label: 'Shelters', one: 'Emergency shelter', swatch: '#34d399' },
    AmbulanceStation: { label: 'Ambulance stations', one: 'Ambulance station', swatch: '#f97316' },
    Vehicle: { label: 'Ambulances', one: 'Ambulance', swatch: '#f8fafc' },
    EmergencyCall: { label: 'Emergency calls', one: 'Emergency call', swatch: '#dc2626' },
    HospitalWard: { label: 'Hospital wards', one: 'Hospital ward', swatch: '#fca5a5' },
    Incident: { label: 'Incidents', one: 'Incident', swatch: '#f43f5e' },
    Pipe: { label: 'Water pipes', one: 'Water pipe', swatch: '#0ea5e9' },
    Junction: { label: 'Water junctions', one: 'Water junction', swatch: '#0ea5e9' },
    Tank: { label: 'Water tanks', one: 'Water tank', swatch: '#0ea5e9' },
    Reservoir: { label: 'Reservoirs', one: 'Reservoir', swatch: '#0369a1' },
  };

  // An incident's colour is its severity (FIWARE Alert's scale).
  const SEVERITY = { informational: '#94a3b8', low: '#38bdf8', medium: '#facc15', high: '#f97316', critical: '#ef4444' };

  // Water pressure at a junction, m: under 20 m a tap runs weakly, under 10 m hardly at all.
  const pressureColour = (p) => p == null ? '#64748b' : p < 10 ? '#ef4444' : p < 20 ? '#f59e0b' : p < 70 ? '#0ea5e9' : '#a855f7';

  // An ambulance's colour says where it is in its call cycle.
  const AMBULANCE_STATUS = {
    available: '#22c55e', dispatched: '#f59e0b', atScene: '#ef4444', transporting: '#a855f7', atHospital: '#38bdf8', outOfService: '#64748b',
  };

  const state = {
    city: null,
    entities: new Map(),   // id -> entity as in city.json
    shapes: new Map(),     // id -> [SVG elements drawn for it]
    detectorOfRoad: new Map(),
    projection: null,
    view: { cx: 0, cy: 0, scale: 1 },   // centre in metres, pixels per metre
    home: null,
    selected: null,
    hiddenTypes: new Set(),
    updates: 0,
    clock: null,
    speedHistory: [],
    refetch: 0,
    solarRoofs: false,     // the solar roofs layer: off until asked for, as it recolours every building
    key: null,             // the key signed in with on this page, kept in memory for decisions (see signIn)
    caller: null,          // { name, role } of the session
  };

  const $ = (id) => document.getElementById(id);
  const svg = $('city');
  const layers = {
    mains: $('l-mains'), buildings: $('l-buildings'), roadbed: $('l-roadbed'),
    roads: $('l-roads'), nodes: $('l-nodes'), grid: $('l-grid'), icons: $('l-icons'),
  };

  // ---------- helpers ----------

  const el = (name, attrs = {}, parent = null) => {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  };

  const value = (entity, name) => entity?.properties?.[name]?.value;
  const num = (entity, name) => { const v = value(entity, name); return typeof v === 'number' ? v : null; };
  const nameOf = (e) => value(e, 'name') ?? e.id.split(':').slice(-1)[0];

  const fmt = (v, digits = 0) => v == null || Number.isNaN(v) ? '–'
    : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

  const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

  // Speed as a share of the limit, red (jammed) to green (free flow); matches the legend's ramp.
  const RAMP = [[0, [220, 38, 38]], [0.25, [239, 68, 68]], [0.4, [249, 115, 22]], [0.55, [250, 204, 21]], [0.7, [163, 230, 53]], [0.85, [34, 197, 94]]];
  function speedColour(ratio) {
    const r = Math.max(0, Math.min(1, ratio));
    for (let i = 1; i < RAMP.length; i++) {
      if (r <= RAMP[i][0]) {
        const [a, ca] = RAMP[i - 1];
        const [b, cb] = RAMP[i];
        const t = (r - a) / (b - a);
        return `rgb(${ca.map((c, k) => Math.round(c + (cb[k] - c) * t)).join(',')})`;
      }
    }
    return 'rgb(34,197,94)';
  }

  // A flood gauge by its level: blue below its alert line, amber over it, red over its critical line.
  const gaugeFill = (level, alert, critical) => level == null || !alert ? '#60a5fa' : level >= (critical ?? Infinity) ? '#ef4444' : level >= alert ? '#f59e0b' : '#60a5fa';

  // ---------- projection: local equirectangular metres around the city's centre ----------

  function makeProjection(bounds) {
    const lon0 = (bounds[0] + bounds[2]) / 2;
    const lat0 = (bounds[1] + bounds[3]) / 2;
    const kx = 111320 * Math.cos(lat0 * Math.PI / 180);
    const ky = 110574;
    // SVG y grows downwards, north upwards.
    return ([lon, lat]) => [(lon - lon0) * kx, (lat0 - lat) * ky];
  }

  const pathOf = (points) => points.map((p, i) => `${i ? 'L' : 'M'}${p[0].toFixed(2)},${p[1].toFixed(2)}`).join('');

  // A polyline moved sideways: to the right of travel when d > 0 (in SVG's y-down frame).
  function offsetLine(points, d) {
    return points.map((p, i) => {
      const a = points[Math.max(0, i - 1)];
      const b = points[Math.min(points.length - 1, i + 1)];
      const dx = b[0] - a[0];
      const dy = b[1] - a[1];
      const len = Math.hypot(dx, dy) || 1;
      return [p[0] - dy / len * d, p[1] + dx / len * d];
    });
  }

  function centroid(ring) {
    let x = 0; let y = 0;
    const n = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.length - 1 : ring.length;
    for (let i = 0; i < n; i++) { x += ring[i][0]; y += ring[i][1]; }
    return [x / n, y / n];
  }

  function anchorOf(e) {
    const g = e.geometry;
    if (!g) return null;
    if (g.type === 'Point') return state.projection(g.coordinates);
    if (g.type === 'Polygon') return centroid(g.coordinates[0].map(state.projection));
    if (g.type === 'LineString') { const pts = g.coordinates.map(state.projection); return pts[Math.floor(pts.length / 2)]; }
    return null;
  }

  // ---------- icons (drawn in a 24-unit box around 0,0, scaled to constant screen size) ----------

  const ICONS = {
    Hospital: (g) => {
      // The ring is the occupancy of its beds (restyle).
      el('rect', { x: -13, y: -13, width: 26, height: 26, rx: 7, class: 'level', fill: 'none', stroke: '#64748b', 'stroke-width': 3 }, g);
      el('rect', { x: -10, y: -10, width: 20, height: 20, rx: 5, fill: '#ef4444', stroke: '#0a0f16', 'stroke-width': 1.5 }, g);
      el('path', { d: 'M-2.5,-6.5h5v4h4v5h-4v4h-5v-4h-4v-5h4z', fill: '#fff' }, g);
    },
    Substation: (g) => {
      el('circle', { r: 10, fill: '#1f2937', stroke: '#facc15', 'stroke-width': 2 }, g);
      el('path', { d: 'M1.5,-7.5 L-5,1 H-0.5 L-2,7.5 L5,-1.5 H0.5 Z', fill: '#facc15' }, g);
    },
    PVSystem: (g) => {
      el('rect', { x: -6, y: -6, width: 12, height: 12, rx: 1.5, fill: '#0c4a6e', stroke: '#38bdf8', 'stroke-width': 1.4 }, g);
      el('path', { d: 'M-6,0H6M0,-6V6', stroke: '#38bdf8', 'stroke-width': 1 }, g);
    },
    AirQualityObserved: (g) => {
      el('circle', { r: 9, class: 'level', fill: '#a78bfa', stroke: '#0a0f16', 'stroke-width': 1.5 }, g);
      el('path', { d: 'M-5,-1.5q2.5,-3 5,0t5,0M-5,2.5q2.5,-3 5,0t5,0', fill: 'none', stroke: '#0a0f16', 'stroke-width': 1.6 }, g);
    },
    FloodGauge: (g) => {
      el('path', { d: 'M0,-10 C5,-3 8,1 8,4 A8,8 0 0 1 -8,4 C-8,1 -5,-3 0,-10 Z', class: 'level', fill: '#60a5fa', stroke: '#0a0f16', 'stroke-width': 1.5 }, g);
    },
    Shelter: (g) => {
      el('path', { d: 'M0,-10 L10,-1 V9 H-10 V-1 Z', fill: '#34d399', stroke: '#0a0f16', 'stroke-width': 1.5 }, g);
      el('rect', { x: -3, y: 2, width: 6, height: 7, fill: '#0a0f16' }, g);
    },
    TrafficSignal: (g) => {
      el('circle', { r: 6, class: 'level', fill: 'none', stroke: '#22c55e', 'stroke-width': 2.4 }, g);
    },
    AmbulanceStation: (g) => {
      el('path', { d: 'M0,-9 L9,-2 V8 H-9 V-2 Z', fill: '#1f2937', stroke: '#f97316', 'stroke-width': 2 }, g);
      el('path', { d: 'M-1.5,-3h3v3h3v3h-3v3h-3v-3h-3v-3h3z', fill: '#f97316' }, g);
    },
    Vehicle: (g) => {
      el('rect', { x: -9, y: -6, width: 18, height: 12, rx: 3, class: 'level', fill: '#22c55e', stroke: '#0a0f16', 'stroke-width': 1.5 }, g);
      el('path', { d: 'M-1.2,-4h2.4v2.8h2.8v2.4h-2.8v2.8h-2.4v-2.8h-2.8v-2.4h2.8z', fill: '#fff' }, g);
    },
    EmergencyCall: (g) => {
      el('path', { d: 'M0,-10 L9,7 H-9 Z', class: 'level', fill: '#dc2626', stroke: '#0a0f16', 'stroke-width': 1.5 }, g);
      el('path', { d: 'M0,-4V2M0,4.2V4.8', stroke: '#fff', 'stroke-width': 2, 'stroke-linecap': 'round' }, g);
    },
    TrafficFlowObserved: (g) => {
      el('circle', { r: 3, fill: '#e2e8f0', stroke: '#0a0f16', 'stroke-width': 1.2 }, g);
    },
    Incident: (g) => {
      el('path', { d: 'M0,-12 L12,0 L0,12 L-12,0 Z', class: 'level', fill: '#f43f5e', stroke: '#0a0f16', 'stroke-width': 1.5 }, g);
      el('path', { d: 'M0,-6V2M0,5V5.6', stroke: '#0a0f16', 'stroke-width': 2.6, 'stroke-linecap': 'round' }, g);
    },
    Junction: (g) => {
      el('circle', { r: 5, class: 'level', fill: '#64748b', stroke: '#0a0f16', 'stroke-width': 1.5 }, g);
    },
    Tank: (g) => {
      el('path', { d: 'M-8,-6 A8,3 0 0 1 8,-6 V7 A8,3 0 0 1 -8,7 Z', fill: '#0c4a6e', stroke: '#0ea5e9', 'stroke-width': 1.6 }, g);
      el('rect', { x: -8, y: 0, width: 16, height: 7, class: 'level', fill: '#0ea5e9' }, g);
    },
    Reservoir: (g) => {
      el('rect', { x: -10, y: -7, width: 20, height: 14, rx: 3, fill: '#0369a1', stroke: '#0a0f16', 'stroke-width': 1.5 }, g);
      el('path', { d: 'M-6,-1q3,-3 6,0t6,0M-6,3q3,-3 6,0t6,0', fill: 'none', stroke: '#e0f2fe', 'stroke-width': 1.4 }, g);
    },
  };

  // The energy layers (energy.js): the grid drawn from bus to bus, the feeders, the roofs' solar classes.
  const energy = window.CityMeshEnergy({
    el, value, num, project: (p) => state.projection(p), entities: () => state.entities,
    add: (id, node) => addShape(id, node), drawIcon: (e, at) => drawIcon(e, at), layer: layers.grid,
  });
  Object.assign(ICONS, energy.ICONS);

  function addShape(id, node) {
    if (!state.shapes.has(id)) state.shapes.set(id, []);
    state.shapes.get(id).push(node);
  }

  // Ambulances are the only vehicles drawn; closed calls are history, not on the map.
  function drawn(e) {
    if (e.type === 'Vehicle') return value(e, 'vehicleType') === 'ambulance';
    if (e.type === 'EmergencyCall') return value(e, 'status') !== 'closed';
    if (e.type === 'Incident') return value(e, 'status') === 'open';
    return true;
  }

  function drawIcon(e, at) {
    const g = el('g', { class: `icon ${e.type}`, 'data-id': e.id, 'data-type': e.type, 'data-x': at[0], 'data-y': at[1] }, layers.icons);
    if (!NO_HALO.has(e.type)) el('circle', { r: 12, class: 'halo' }, g);
    ICONS[e.type](g);
    return g;
  }

  // Rings and dots drawn round or on something else: a halo would hide it.
  const NO_HALO = new Set(['TrafficSignal', 'TrafficFlowObserved', 'PowerTransformer']);

  // Small, numerous things (rooftop PV, detectors) get smaller icons so they do not bury the streets.
  const ICON_SCALE = { PVSystem: 0.6, TrafficFlowObserved: 0.8, TrafficSignal: 0.9, Junction: 0.6, Incident: 1.25, EVChargingStation: 0.55 };

  function moveTo(e, geojson) {
    let g;
    try { g = typeof geojson === 'string' ? JSON.parse(geojson) : geojson; } catch { return; }
    if (!g || g.type !== 'Point') return;
    e.geometry = g;
    const at = anchorOf(e);
    const icon = (state.shapes.get(e.id) ?? []).find((s) => s.classList.contains('icon'));
    if (!at || !icon) return;
    icon.dataset.x = at[0];
    icon.dataset.y = at[1];
    const k = ICON_PX / 24 / state.view.scale * (ICON_SCALE[icon.dataset.type] ?? 1);
    icon.setAttribute('transform', `translate(${at[0]},${at[1]}) scale(${k.toFixed(4)})`);
  }

  function placeIcons() {
    const s = ICON_PX / 24 / state.view.scale;
    for (const g of layers.icons.children) {
      const k = s * (ICON_SCALE[g.dataset.type] ?? 1);
      g.setAttribute('transform', `translate(${g.dataset.x},${g.dataset.y}) scale(${k.toFixed(4)})`);
    }
  }

  // Streets keep their true width in metres when zoomed in, and a legible minimum in pixels when zoomed out,
  // where the two directions also stay apart so each shows its own speed.
  function sizeStreets() {
    const px = 1 / state.view.scale;
    for (const p of layers.roadbed.children) p.setAttribute('stroke-width', Math.max(+p.dataset.w, 8 * px).toFixed(2));
    for (const p of layers.roads.children) {
      const width = Math.max(+p.dataset.w, 2.6 * px);
      const offset = Math.max(+p.dataset.offset, 1.9 * px);
      p.setAttribute('stroke-width', width.toFixed(2));
      if (p.dataset.drawnOffset !== offset.toFixed(3)) {
        p.setAttribute('d', pathOf(offsetLine(centrelines.get(p), offset)));
        p.dataset.drawnOffset = offset.toFixed(3);
      }
    }
  }

  const centrelines = new WeakMap();

  // ---------- drawing ----------

  function draw(snapshot) {
    state.city = snapshot.city;
    state.entities = new Map(snapshot.entities.map((e) => [e.id, e]));
    state.shapes = new Map();
    state.detectorOfRoad = new Map();
    for (const layer of Object.values(layers)) layer.replaceChildren();
    $('city-name').textContent = `${snapshot.city.name}`;
    document.title = `CityMesh · ${snapshot.city.name}`;
    if (!snapshot.city.bounds) { renderPanel(); return; }

    const firstDraw = state.projection === null;
    state.projection = makeProjection(snapshot.city.bounds);
    const [x0, y0] = state.projection([snapshot.city.bounds[0], snapshot.city.bounds[3]]);
    const [x1, y1] = state.projection([snapshot.city.bounds[2], snapshot.city.bounds[1]]);
    state.home = { x0, y0, x1, y1 };

    const add = addShape;
    const entities = [...state.entities.values()];

    for (const e of entities) {
      if (e.type === 'TrafficFlowObserved' && e.relationships?.refRoadSegment) state.detectorOfRoad.set(e.relationships.refRoadSegment, e.id);
    }

    // Ground first, then streets, then what stands on them.
    for (const e of entities) {
      const g = e.geometry;
      if (!g) continue;
      if (e.type === 'WaterMain' && g.type === 'LineString') {
        add(e.id, el('path', { d: pathOf(g.coordinates.map(state.projection)), class: 'water-main', 'data-id': e.id }, layers.mains));
      } else if ((e.type === 'Pipe' || e.type === 'Pump' || e.type === 'Valve') && g.type === 'LineString') {
        // The water network's links: width by diameter, colour by the velocity the live hydraulics solved.
        const width = Math.max(0.6, Math.min(3, (num(e, 'diameter') ?? 150) / 150));
        add(e.id, el('path', { d: pathOf(g.coordinates.map(state.projection)), class: `pipe ${e.type}`, 'stroke-width': `${width}px`, 'data-id': e.id }, layers.mains));
      } else if (g.type === 'Polygon' && (e.type === 'Building' || e.type === 'Hospital' || !ICONS[e.type])) {
        const ring = g.coordinates[0].map(state.projection);
        const cls = e.type === 'Hospital' ? 'hospital-plot' : `building ${value(e, 'usage') ?? 'residential'}`;
        add(e.id, el('path', { d: `${pathOf(ring)}Z`, class: cls, 'data-id': e.id }, layers.buildings));
      }
    }
    // Rooftop PV is drawn as panels on its building's roof: the roof outline shrunk around its centre.
    for (const e of entities) {
      const roof = e.type === 'PVSystem' ? state.entities.get(e.relationships?.refBuilding) : null;
      if (roof?.geometry?.type !== 'Polygon') continue;
      const ring = roof.geometry.coordinates[0].map(state.projection);
      const [cx, cy] = centroid(ring);
      const panels = ring.map(([x, y]) => [cx + (x - cx) * 0.62, cy + (y - cy) * 0.62]);
      add(e.id, el('path', { d: `${pathOf(panels)}Z`, class: 'pv-panels', 'data-id': e.id }, layers.buildings));
    }
    for (const e of entities) {
      if (e.type !== 'RoadSegment' || e.geometry?.type !== 'LineString') continue;
      const pts = e.geometry.coordinates.map(state.projection);
      const width = num(e, 'width') ?? 7;
      add(e.id, el('path', { d: pathOf(pts), class: 'roadbed', 'data-w': (2 * width + 3).toFixed(1) }, layers.roadbed));
      // Each direction on its own side of the centreline (traffic keeps right), so both carry their own colour.
      const road = el('path', { class: 'road nodata', 'data-w': (width * 0.72).toFixed(1), 'data-offset': (width / 2).toFixed(2), 'data-id': e.id }, layers.roads);
      centrelines.set(road, pts);
      add(e.id, road);
    }
    for (const e of entities) {
      if (e.type !== 'Intersection' || e.geometry?.type !== 'Point') continue;
      const [x, y] = state.projection(e.geometry.coordinates);
      const r = Math.max(8, (num(e, 'width') ?? 10) + 1);
      const signalised = value(e, 'signalised') === true;
      add(e.id, el('circle', { cx: x, cy: y, r, class: `node${signalised ? ' signalised' : ''}`, 'data-id': e.id }, layers.nodes));
    }
    // The grid runs along the streets: drawn over them, under the icons.
    state.gridLines = energy.draw(entities);
    for (const e of entities) {
      // Rooftop PV already drawn as panels, and a transformer already ringed round its substation, need no icon.
      if (!ICONS[e.type] || !e.geometry || !drawn(e) || ((e.type === 'PVSystem' || e.type === 'PowerTransformer') && state.shapes.has(e.id))) continue;
      const at = anchorOf(e);
      if (at) add(e.id, drawIcon(e, at));
    }

    if (firstDraw) fit(); else applyView();
    for (const id of state.entities.keys()) restyle(id);
    applyHiddenTypes();
    renderPanel();
    if (state.selected && state.entities.has(state.selected)) select(state.selected); else if (state.selected) select(null);
    // The load time the operations center is held to: from navigation to the city on screen (read by the browser tests).
    if (firstDraw) performance.mark('citymesh:city-drawn');
    document.dispatchEvent(new CustomEvent('citymesh:drawn', { detail: snapshot }));
  }

  // Live values change colours: roads by their detector's speed, air by NO2, gauges by level, signals by phase.
  function restyle(id) {
    const e = state.entities.get(id);
    if (!e) return;
    if (e.type === 'TrafficFlowObserved') {
      const road = e.relationships?.refRoadSegment;
      if (road) restyle(road);
      return;
    }
    const shapes = state.shapes.get(id);
    if (!shapes) return;
    if (energy.restyle(e, shapes)) return;
    if (e.type === 'RoadSegment') {
      const detector = state.entities.get(state.detectorOfRoad.get(id));
      const speed = num(detector, 'averageVehicleSpeed');
      const limit = num(e, 'maxSpeed');
      const line = shapes.find((s) => s.classList.contains('road'));
      if (!line) return;
      if (speed == null || !limit) { line.classList.add('nodata'); line.style.stroke = ''; return; }
      line.classList.remove('nodata');
      line.style.stroke = speedColour(speed / limit);
      line.dataset.speed = speed.toFixed(1);
    } else if (e.type === 'AirQualityObserved') {
      const no2 = num(e, 'no2');
      const fill = no2 == null ? '#a78bfa' : no2 < 40 ? '#22c55e' : no2 < 80 ? '#facc15' : no2 < 180 ? '#fb923c' : '#ef4444';
      shapes[0].querySelector('.level')?.setAttribute('fill', fill);
    } else if (e.type === 'FloodGauge') {
      shapes[0].querySelector('.level')?.setAttribute('fill', gaugeFill(num(e, 'waterLevel'), num(e, 'alertLevel'), num(e, 'criticalLevel')));
    } else if (e.type === 'Hospital') {
      // Occupancy of its beds: under 85 % green, to 92 % amber, above red (the capacity alerts start at 92 %).
      const beds = num(e, 'bedCapacity');
      const occupied = num(e, 'bedsOccupied');
      const share = beds && occupied != null ? occupied / beds : null;
      const ring = share == null ? '#64748b' : share < 0.85 ? '#22c55e' : share < 0.92 ? '#f59e0b' : '#ef4444';
      // Its plot is drawn first; the ring is on its icon.
      shapes.find((s) => s.classList.contains('icon'))?.querySelector('.level')?.setAttribute('stroke', value(e, 'diversionStatus') === 'diverting' ? '#a855f7' : ring);
    } else if (e.type === 'Vehicle') {
      shapes[0].querySelector('.level')?.setAttribute('fill', AMBULANCE_STATUS[value(e, 'emergencyStatus')] ?? '#64748b');
    } else if (e.type === 'Junction') {
      shapes[0].querySelector('.level')?.setAttribute('fill', pressureColour(num(e, 'pressure')));
    } else if (e.type === 'Pipe' || e.type === 'Pump' || e.type === 'Valve') {
      // Flow speed, m/s: still water grey, a busy main bright.
      const v = num(e, 'velocity');
      shapes[0].style.stroke = v == null ? '' : `hsl(199, 89%, ${Math.round(28 + 40 * Math.min(1, Math.abs(v) / 1.5))}%)`;
    } else if (e.type === 'Tank') {
      const level = num(e, 'level');
      const max = num(e, 'maxLevel');
      const bar = shapes[0].querySelector('.level');
      if (bar && level != null && max) { const h = 13 * Math.max(0, Math.min(1, level / max)); bar.setAttribute('y', (7 - h).toFixed(1)); bar.setAttribute('height', h.toFixed(1)); }
    } else if (e.type === 'Incident') {
      const icon = shapes.find((s) => s.classList.contains('icon'));
      icon?.querySelector('.level')?.setAttribute('fill', SEVERITY[value(e, 'severity')] ?? '#f43f5e');
      if (icon) icon.classList.toggle('closed', value(e, 'status') !== 'open');
    } else if (e.type === 'TrafficSignal') {
      const phase = num(e, 'currentPhase');
      // CityFlow's phase 0 is the short clearance phase between greens.
      shapes[0].querySelector('.level')?.setAttribute('stroke', phase === 0 ? '#f59e0b' : phase == null ? '#64748b' : '#22c55e');
    }
  }

  // ---------- view: pan and zoom by rewriting the viewBox ----------

  function applyView() {
    const { width, height } = svg.getBoundingClientRect();
    const w = width / state.view.scale;
    const h = height / state.view.scale;
    svg.setAttribute('viewBox', `${state.view.cx - w / 2} ${state.view.cy - h / 2} ${w} ${h}`);
    placeIcons();
    sizeStreets();
    updateScaleBar();
  }

  function fit() {
    if (!state.home) return;
    const { width, height } = svg.getBoundingClientRect();
    const { x0, y0, x1, y1 } = state.home;
    // Leave room for the floating bars at the top and bottom.
    state.view.scale = Math.min(width / ((x1 - x0) * 1.08), (height - 150) / ((y1 - y0) * 1.04));
    state.view.cx = (x0 + x1) / 2;
    state.view.cy = (y0 + y1) / 2 - 8 / state.view.scale;
    applyView();
  }

  function zoomAt(factor, px, py) {
    const rect = svg.getBoundingClientRect();
    const before = toMap(px, py, rect);
    state.view.scale = Math.max(0.02, Math.min(40, state.view.scale * factor));
    const after = toMap(px, py, rect);
    state.view.cx += before[0] - after[0];
    state.view.cy += before[1] - after[1];
    applyView();
  }

  const toMap = (px, py, rect) => [
    state.view.cx + (px - rect.left - rect.width / 2) / state.view.scale,
    state.view.cy + (py - rect.top - rect.height / 2) / state.view.scale,
  ];

  function updateScaleBar() {
    const target = 110 / state.view.scale;
    const nice = [10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000].find((n) => n >= target * 0.6) ?? 5000;
    $('scale-bar').style.width = `${Math.round(nice * state.view.scale)}px`;
    $('scale-text').textContent = nice >= 1000 ? `${nice / 1000} km` : `${nice} m`;
  }

  svg.addEventListener('wheel', (ev) => { ev.preventDefault(); zoomAt(Math.exp(-ev.deltaY * 0.0015), ev.clientX, ev.clientY); }, { passive: false });
  let drag = null;
  svg.addEventListener('pointerdown', (ev) => { drag = { x: ev.clientX, y: ev.clientY, cx: state.view.cx, cy: state.view.cy, moved: false }; });
  window.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x;
    const dy = ev.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    drag.moved = true;
    svg.classList.add('panning');
    state.view.cx = drag.cx - dx / state.view.scale;
    state.view.cy = drag.cy - dy / state.view.scale;
    applyView();
  });
  window.addEventListener('pointerup', (ev) => {
    const clicked = drag && !drag.moved;
    drag = null;
    svg.classList.remove('panning');
    if (clicked) select(idAt(ev.target));
  });
  svg.addEventListener('dblclick', (ev) => zoomAt(2, ev.clientX, ev.clientY));
  $('zoom-in').onclick = () => { const r = svg.getBoundingClientRect(); zoomAt(1.5, r.left + r.width / 2, r.top + r.height / 2); };
  $('zoom-out').onclick = () => { const r = svg.getBoundingClientRect(); zoomAt(1 / 1.5, r.left + r.width / 2, r.top + r.height / 2); };
  $('zoom-fit').onclick = fit;
  window.addEventListener('resize', applyView);

  // ---------- hover and selection ----------

  const idAt = (target) => target?.closest?.('[data-id]')?.dataset.id ?? null;
  const tooltip = $('tooltip');
  let hovered = null;

  svg.addEventListener('pointermove', (ev) => {
    if (drag?.moved) return;
    const id = idAt(ev.target);
    if (id !== hovered) {
      for (const s of state.shapes.get(hovered) ?? []) s.classList.remove('hover');
      hovered = id;
      for (const s of state.shapes.get(id) ?? []) s.classList.add('hover');
    }
    if (!id) { tooltip.hidden = true; return; }
    tooltip.innerHTML = summary(state.entities.get(id));
    tooltip.hidden = false;
    const box = $('map').getBoundingClientRect();
    const x = Math.min(ev.clientX - box.left + 14, box.width - tooltip.offsetWidth - 8);
    const y = Math.min(ev.clientY - box.top + 14, box.height - tooltip.offsetHeight - 8);
    tooltip.style.left = `${x}px`;
    tooltip.style.top = `${y}px`;
  });
  svg.addEventListener('pointerleave', () => { tooltip.hidden = true; });

  // The few values that matter for each kind, for the hover card.
  const HEADLINE = {
    RoadSegment: ['maxSpeed', 'totalLaneNumber', 'length'],
    TrafficFlowObserved: ['intensity', 'averageVehicleSpeed', 'occupancy'],
    Building: ['usage', 'floorsAboveGround', 'height', 'solarClass', 'solarIrradiation', 'pvCapacityPotential'],
    Hospital: ['bedsOccupied', 'bedCapacity', 'icuBedsOccupied', 'icuBeds', 'edWaiting', 'diversionStatus'],
    HospitalWard: ['bedType', 'bedsOccupied', 'bedCapacity'],
    AmbulanceStation: ['vehicleCapacity'],
    Vehicle: ['emergencyStatus', 'fleetVehicleId'],
    EmergencyCall: ['status', 'priority', 'bedType'],
    Substation: ['load', 'capacity', 'voltage'],
    PVSystem: ['power', 'capacity'],
    AirQualityObserved: ['no2', 'pm25'],
    FloodGauge: ['waterLevel', 'alertLevel', 'criticalLevel'],
    WaterMain: ['flow', 'pressure', 'diameter'],
    Shelter: ['capacity'],
    Intersection: ['signalised', 'networkBoundary'],
    TrafficSignal: ['currentPhase', 'cycleLength'],
    Incident: ['category', 'severity', 'status', 'openedAt'],
    Junction: ['pressure', 'head', 'elevation'],
    Pipe: ['flow', 'velocity', 'diameter', 'length'],
    Tank: ['level', 'maxLevel'],
    ACLineSegment: ['loading', 'activePower', 'ratedPower', 'length', 'inService'],
    BusbarSection: ['voltage', 'load', 'peakDemand', 'critical', 'supplyStatus', 'energised'],
    Switch: ['open', 'normalOpen', 'ratedPower'],
    PowerTransformer: ['loading', 'activePower', 'ratedPower'],
    Feeder: ['load', 'loading', 'lowestVoltage', 'ratedPower'],
    EVChargingStation: ['power', 'ratedPower', 'chargeType'],
  };

  function summary(e) {
    if (!e) return '';
    const rows = [];
    if (e.type === 'RoadSegment') {
      const d = state.entities.get(state.detectorOfRoad.get(e.id));
      for (const k of ['averageVehicleSpeed', 'intensity', 'occupancy']) if (d?.properties?.[k]) rows.push([k, d.properties[k]]);
    }
    for (const k of HEADLINE[e.type] ?? Object.keys(e.properties ?? {}).slice(0, 4)) if (e.properties?.[k]) rows.push([k, e.properties[k]]);
    return `<div class="type">${escapeHtml(KINDS[e.type]?.one ?? e.type)}</div><h4>${escapeHtml(nameOf(e))}</h4>`
      + `<dl>${rows.map(([k, p]) => `<dt>${escapeHtml(label(k))}</dt><dd>${escapeHtml(show(k, p))}</dd>`).join('')}</dl>`;
  }

  const label = (k) => k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase()).replace('Pm25', 'PM2.5').replace('No2', 'NO₂')
    .replace(/^Pv /, 'PV ');

  function show(name, p) {
    const v = p.value;
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    if (typeof v === 'number') {
      if (name === 'occupancy') return `${fmt(v * 100, 1)} %`;
      if (name === 'intensity') return `${fmt(v)} veh/h`;
      // The energy service writes a roof's yearly irradiation without a unit code.
      if (name === 'solarIrradiation') return `${fmt(v)} kWh/m²·yr`;
      if (name === 'pvCapacityPotential') return `${fmt(v, 1)} kWp`;
      if (p.unitCode === 'C62') return `${fmt(v, 3)} pu`;
      const digits = Number.isInteger(v) ? 0 : Math.abs(v) < 10 ? 2 : 1;
      return `${fmt(v, digits)}${p.unitCode ? ` ${UNITS[p.unitCode] ?? p.unitCode}` : ''}`;
    }
    if (typeof v === 'object') return Array.isArray(v) && v.every((x) => typeof x === 'number') ? v.join(', ') + (p.unitCode ? ` ${UNITS[p.unitCode] ?? p.unitCode}` : '') : JSON.stringify(v);
    return String(v);
  }

  function select(id) {
    for (const n of svg.querySelectorAll('.selected-outline')) n.remove();
    state.selected = id;
    const e = id ? state.entities.get(id) : null;
    if (!e) {
      $('details').innerHTML = '<p class="hint">Hover over the map for a summary; click an object to pin its properties here.</p>';
      return;
    }
    // An incident outlines what it affects (a leak's candidate mains, a flood's roads) as well as itself.
    // A feeder has no shape of its own: its cables are outlined.
    const affected = e.type === 'Incident' ? [e.relationships?.refAffected ?? []].flat() : e.type === 'Feeder' ? energy.linesOf(id) : [];
    for (const s of [id, ...affected].flatMap((x) => state.shapes.get(x) ?? [])) {
      if (s.tagName === 'g') continue;
      const outline = s.cloneNode(false);
      outline.setAttribute('class', 'selected-outline');
      outline.removeAttribute('style');
      outline.removeAttribute('data-id');
      s.parentNode.appendChild(outline);
    }
    renderDetails(e);
  }

  function renderDetails(e, changed = new Set()) {
    const props = Object.entries(e.properties ?? {}).filter(([k]) => !(e.type === 'Incident' && k === 'timeline'));
    const rows = props.map(([k, p]) => {
      const big = typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value) || (Array.isArray(p.value) && p.value.some((x) => typeof x === 'object'));
      const shown = big ? `<pre>${escapeHtml(JSON.stringify(p.value, null, 1))}</pre>` : escapeHtml(show(k, p));
      const at = p.observedAt ? `<span class="at">${escapeHtml(cityClock(new Date(p.observedAt)).time)}</span>` : '';
      return `<tr><td>${escapeHtml(label(k))}</td><td${changed.has(k) ? ' class="flash"' : ''}>${shown}${at}</td></tr>`;
    });
    for (const [k, targets] of Object.entries(e.relationships ?? {})) {
      // A relationship names one entity, or several (an incident's affected entities).
      const links = (Array.isArray(targets) ? targets : [targets]).map((target) => {
        const t = state.entities.get(target);
        return `<a data-target="${escapeHtml(target)}">${escapeHtml(t ? nameOf(t) : target)}</a>`;
      });
      rows.push(`<tr><td>${escapeHtml(label(k))}</td><td>${links.join('<br>')}</td></tr>`);
    }
    if (e.type === 'RoadSegment' && state.detectorOfRoad.has(e.id)) {
      const d = state.detectorOfRoad.get(e.id);
      rows.push(`<tr><td>Detector</td><td><a data-target="${escapeHtml(d)}">${escapeHtml(nameOf(state.entities.get(d)))}</a></td></tr>`);
    }
    $('details').innerHTML = `<div class="type">${escapeHtml(KINDS[e.type]?.one ?? e.type)}</div><h3>${escapeHtml(nameOf(e))}</h3>`
      + `<div class="id">${escapeHtml(e.id)}${e.status ? ` · ${escapeHtml(e.status)}` : ''}</div><table>${rows.join('')}</table>`
      + (e.type === 'Incident' ? timelineHtml(value(e, 'timeline')) : '');
  }

  $('details').addEventListener('click', (ev) => {
    const target = ev.target.closest('a[data-target]')?.dataset.target;
    if (!target || !state.entities.has(target)) return;
    select(target);
    const at = anchorOf(state.entities.get(target));
    if (at) { state.view.cx = at[0]; state.view.cy = at[1]; applyView(); }
  });

  // An incident's timeline, newest first: what happened, who did it.
  function timelineHtml(timeline) {
    if (!Array.isArray(timeline) || !timeline.length) return '';
    const lines = [...timeline].reverse().map((l) => `<li><span class="at">${escapeHtml(cityClock(new Date(l.at)).time)}</span>`
      + `<b>${escapeHtml(l.kind)}</b> ${escapeHtml(l.text ?? '')}${l.actor ? ` <span class="actor">· ${escapeHtml(l.actor)}</span>` : ''}</li>`);
    return `<h4 class="timeline-title">Timeline</h4><ol class="timeline">${lines.join('')}</ol>`;
  }

  // ---------- side panel ----------

  // Open incidents, most severe and newest first; a click shows one on the map.
  function renderIncidents() {
    const rank = (e) => Object.keys(SEVERITY).indexOf(value(e, 'severity'));
    const open = ofType('Incident').filter((e) => value(e, 'status') === 'open')
      .sort((a, b) => rank(b) - rank(a) || String(value(b, 'openedAt')).localeCompare(String(value(a, 'openedAt'))));
    $('incident-count').textContent = open.length ? `${open.length} open` : '';
    $('incidents').innerHTML = open.length
      ? open.map((e) => {
        const timeline = value(e, 'timeline');
        const last = Array.isArray(timeline) && timeline.length ? timeline[timeline.length - 1] : null;
        const severity = value(e, 'severity') ?? 'medium';
        return `<li><button type="button" data-target="${escapeHtml(e.id)}">`
          + `<span class="severity" style="background:${SEVERITY[severity] ?? '#f43f5e'}">${escapeHtml(severity)}</span>`
          + `<span class="title">${escapeHtml(value(e, 'name') ?? e.id)}</span>`
          + `<span class="meta">${escapeHtml(value(e, 'category') ?? '')} · opened ${escapeHtml(value(e, 'openedAt') ? cityClock(new Date(value(e, 'openedAt'))).time : '')}`
          + `${last && last.kind !== 'opened' ? ` · ${escapeHtml(last.kind)}: ${escapeHtml(last.text ?? '')}` : ''}</span></button></li>`;
      }).join('')
      : '<li class="none">No open incidents.</li>';
  }

  $('incidents').addEventListener('click', (ev) => {
    const target = ev.target.closest('button[data-target]')?.dataset.target;
    if (!target || !state.entities.has(target)) return;
    select(target);
    const at = anchorOf(state.entities.get(target));
    if (at) { state.view.cx = at[0]; state.view.cy = at[1]; applyView(); }
  });

  function renderLayers() {
    const counts = {};
    for (const e of state.entities.values()) counts[e.type] = (counts[e.type] ?? 0) + 1;
    const types = [...Object.keys(KINDS).filter((t) => counts[t]), ...Object.keys(counts).filter((t) => !KINDS[t]).sort()];
    const item = (t) => `<li><label><input type="checkbox" data-type="${escapeHtml(t)}"${state.hiddenTypes.has(t) ? '' : ' checked'}>`
      + `<svg class="swatch" viewBox="-12 -12 24 24">${swatch(t)}</svg><span>${escapeHtml(KINDS[t]?.label ?? t)}</span>`
      + `<span class="count">${fmt(counts[t])}</span></label></li>`;
    // Solar roofs is a way of colouring the buildings, not a type of its own: its toggle follows theirs.
    const solar = '<li><label><input type="checkbox" data-layer="solar-roofs"' + (state.solarRoofs ? ' checked' : '') + '>'
      + '<svg class="swatch" viewBox="-12 -12 24 24"><rect x="-9" y="-9" width="18" height="9" fill="#fde047"/><rect x="-9" y="0" width="18" height="9" fill="#c2700c"/></svg>'
      + '<span>Solar roofs</span><span class="count" id="solar-count"></span></label></li>';
    $('layers').innerHTML = types.map((t) => item(t) + (t === 'Building' ? solar : '')).join('');
    $('total').textContent = `${fmt(state.entities.size)} in the twin`;
    renderSolarCount();
  }

  // Roofs the energy service has assessed; they arrive after the buildings, as live changes.
  function renderSolarCount() {
    const count = $('solar-count');
    if (count) count.textContent = fmt(ofType('Building').filter((b) => value(b, 'solarClass')).length);
  }

  function applySolarRoofs() {
    layers.buildings.classList.toggle('solar', state.solarRoofs);
    $('solar-legend').hidden = !state.solarRoofs;
  }

  function swatch(type) {
    // The grid's own swatches first: a transformer's ring round its substation is too big for the list.
    if (energy.SWATCHES[type]) return energy.SWATCHES[type];
    const g = document.createElementNS(SVG, 'g');
    if (ICONS[type]) { ICONS[type](g); return g.innerHTML; }
    if (type === 'RoadSegment') return '<path d="M-11,4 L11,-4" stroke="#22c55e" stroke-width="5"/>';
    if (type === 'WaterMain') return '<path d="M-11,0 H11" stroke="#1d6fa5" stroke-width="2.5" stroke-dasharray="4 3"/>';
    if (type === 'Intersection') return '<circle r="8" fill="#222c3a" stroke="#3b4658" stroke-width="2"/>';
    return `<rect x="-9" y="-9" width="18" height="18" rx="2" fill="${KINDS[type]?.swatch ?? '#64748b'}"/>`;
  }

  $('layers').addEventListener('change', (ev) => {
    if (ev.target.dataset.layer === 'solar-roofs') { state.solarRoofs = ev.target.checked; applySolarRoofs(); return; }
    const type = ev.target.dataset.type;
    if (!type) return;
    if (ev.target.checked) state.hiddenTypes.delete(type); else state.hiddenTypes.add(type);
    applyHiddenTypes();
    if (type === 'Feeder') renderFeeders();
  });

  function applyHiddenTypes() {
    for (const [id, shapes] of state.shapes) {
      const hidden = state.hiddenTypes.has(state.entities.get(id)?.type);
      for (const s of shapes) s.classList.toggle('hidden-layer', hidden);
    }
    $('grid-legend').hidden = !state.gridLines || state.hiddenTypes.has('ACLineSegment');
  }

  const ofType = (type) => [...state.entities.values()].filter((e) => e.type === type);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const values = (type, name) => ofType(type).map((e) => num(e, name)).filter((v) => v != null);

  function setKpi(id, text, level) {
    const node = $(id);
    node.textContent = text;
    const card = node.closest('.kpi');
    if (level) card.dataset.level = level; else delete card.dataset.level;
  }

  function renderKpis() {
    const speeds = values('TrafficFlowObserved', 'averageVehicleSpeed');
    const avgSpeed = speeds.length ? sum(speeds) / speeds.length : null;
    setKpi('kpi-speed', fmt(avgSpeed, 1), avgSpeed == null ? null : avgSpeed > 28 ? 'good' : avgSpeed > 20 ? 'warn' : 'bad');
    const flows = values('TrafficFlowObserved', 'intensity');
    setKpi('kpi-flow', flows.length ? fmt(sum(flows)) : '–');
    const detectors = ofType('TrafficFlowObserved');
    const congested = detectors.filter((d) => value(d, 'congested') === true).length;
    const observed = detectors.filter((d) => value(d, 'congested') != null).length;
    setKpi('kpi-congested', observed ? fmt(congested) : '–', !observed ? null : congested / observed > 0.25 ? 'bad' : congested > 0 ? 'warn' : 'good');
    $('kpi-congested-of').textContent = observed ? `of ${observed}` : '';

    const no2 = values('AirQualityObserved', 'no2');
    const pm = values('AirQualityObserved', 'pm25');
    const no2Avg = no2.length ? sum(no2) / no2.length : null;
    const pmAvg = pm.length ? sum(pm) / pm.length : null;
    // China's 24 h limits (GB 3095-2012, grade II): NO2 80 µg/m³, PM2.5 75 µg/m³.
    setKpi('kpi-no2', fmt(no2Avg, 1), no2Avg == null ? null : no2Avg < 40 ? 'good' : no2Avg < 80 ? 'warn' : 'bad');
    setKpi('kpi-pm25', fmt(pmAvg, 1), pmAvg == null ? null : pmAvg < 35 ? 'good' : pmAvg < 75 ? 'warn' : 'bad');

    const load = values('Substation', 'load');
    const capacity = sum(values('Substation', 'capacity'));
    const share = load.length && capacity ? sum(load) / capacity : null;
    setKpi('kpi-load', load.length ? fmt(sum(load) / 1000, 1) : '–', share == null ? null : share < 0.7 ? 'good' : share < 0.9 ? 'warn' : 'bad');
    $('kpi-load-share').textContent = share == null ? 'MW' : `MW · ${fmt(share * 100)} %`;
    const solar = values('PVSystem', 'power');
    setKpi('kpi-solar', solar.length ? fmt(sum(solar) / 1000, 2) : '–');

    const pressure = values('WaterMain', 'pressure');
    const minPressure = pressure.length ? Math.min(...pressure) : null;
    setKpi('kpi-pressure', fmt(minPressure), minPressure == null ? null : minPressure > 300 ? 'good' : minPressure > 250 ? 'warn' : 'bad');

    const gauges = ofType('FloodGauge').filter((g) => num(g, 'waterLevel') != null && num(g, 'alertLevel'));
    const worst = gauges.length ? Math.max(...gauges.map((g) => num(g, 'waterLevel') / num(g, 'alertLevel'))) : null;
    setKpi('kpi-flood', worst == null ? '–' : `${fmt(worst * 100)} %`, worst == null ? null : worst < 0.75 ? 'good' : worst < 1 ? 'warn' : 'bad');
    $('kpi-flood-note').textContent = 'of alert level';
    $('kpi-flood').closest('.kpi').title = worst == null ? '' : `Highest of ${gauges.length} gauges, as a share of its alert level`;

    const hospitals = ofType('Hospital');
    const beds = sum(values('Hospital', 'bedCapacity'));
    const occupiedBeds = hospitals.filter((h) => num(h, 'bedsOccupied') != null && num(h, 'bedCapacity'));
    const bedShare = occupiedBeds.length ? sum(occupiedBeds.map((h) => num(h, 'bedsOccupied'))) / sum(occupiedBeds.map((h) => num(h, 'bedCapacity'))) : null;
    setKpi('kpi-beds', bedShare == null ? (hospitals.length ? fmt(beds) : '–') : `${fmt(bedShare * 100)} %`,
      bedShare == null ? null : bedShare < 0.85 ? 'good' : bedShare < 0.92 ? 'warn' : 'bad');
    $('kpi-hospitals').textContent = !hospitals.length ? '' : bedShare == null ? `beds · ${hospitals.length} hospitals` : `of ${fmt(beds)} beds`;
    const ambulances = ofType('Vehicle').filter((v) => value(v, 'vehicleType') === 'ambulance');
    const free = ambulances.filter((a) => value(a, 'emergencyStatus') === 'available').length;
    setKpi('kpi-ambulances', ambulances.length ? fmt(free) : '–', !ambulances.length ? null : free / ambulances.length > 0.5 ? 'good' : free > 0 ? 'warn' : 'bad');
    $('kpi-ambulances-of').textContent = ambulances.length ? `free of ${ambulances.length}` : '';
    const shelters = ofType('Shelter');
    setKpi('kpi-shelter', shelters.length ? fmt(sum(values('Shelter', 'capacity'))) : '–');
    $('kpi-shelters').textContent = shelters.length ? `${shelters.length} shelters` : '';

    if (avgSpeed != null) {
      const now = Date.now();
      const last = state.speedHistory[state.speedHistory.length - 1];
      if (!last || now - last.t >= 1000) state.speedHistory.push({ t: now, v: avgSpeed });
      if (state.speedHistory.length > 120) state.speedHistory.shift();
      drawSparkline();
    }
  }

  function drawSparkline() {
    const pts = state.speedHistory;
    if (pts.length < 2) return;
    const vs = pts.map((p) => p.v);
    const lo = Math.min(...vs) - 0.5;
    const hi = Math.max(...vs) + 0.5;
    const line = pts.map((p, i) => `${(i / (pts.length - 1) * 120).toFixed(1)},${(26 - (p.v - lo) / (hi - lo) * 24).toFixed(1)}`).join(' ');
    $('spark-speed').querySelector('polyline').setAttribute('points', line);
  }

  function renderPanel() {
    renderLayers();
    renderKpis();
    renderIncidents();
    renderFeeders();
    applySolarRoofs();
  }

  // The feeders as the energy service last solved them; a click outlines a feeder's cables on the map.
  function renderFeeders() {
    const table = energy.feederTable(state.city?.name);
    // The feeders have no shape on the map: their toggle shows or hides this table.
    $('feeders-section').hidden = table.count === 0 || state.hiddenTypes.has('Feeder');
    $('feeder-count').textContent = table.count ? `${table.over ? `${table.over} overloaded · ` : ''}${table.count}` : '';
    $('feeders').innerHTML = table.rows;
  }

  $('feeders').addEventListener('click', (ev) => {
    const target = ev.target.closest('button[data-target]')?.dataset.target;
    if (target && state.entities.has(target)) select(target);
  });

  // ---------- clock ----------

  // Renders a UTC instant in the city's own time zone, whatever the browser's zone.
  function cityClock(date) {
    const offset = state.city?.utcOffsetMinutes ?? 0;
    const local = new Date(date.getTime() + offset * 60000);
    const pad = (n) => String(n).padStart(2, '0');
    return {
      time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`,
      date: `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} UTC${offset >= 0 ? '+' : '−'}${Math.abs(offset / 60)}`,
    };
  }

  function setClock(message) {
    const at = message.cityTime ?? message.time;
    if (!at) return;
    const c = cityClock(new Date(at));
    $('clock-time').textContent = c.time;
    $('clock-date').textContent = c.date;
    const speed = message.timeAcceleration;
    $('clock-speed').hidden = !(speed && speed !== 1);
    if (speed && speed !== 1) $('clock-speed').textContent = `×${fmt(speed)}`;
  }

  // ---------- live updates ----------

  function applyChanges(message) {
    setClock(message);
    let missing = false;
    const selectedChanged = new Set();
    let feeders = false;
    let roofs = false;
    for (const change of message.changes) {
      if (change.type === 'Feeder') feeders = true;
      if (change.type === 'Building' && change.attributes && 'solarClass' in change.attributes) roofs = true;
      const e = state.entities.get(change.id);
      if (change.change === 'deleted') {
        for (const s of state.shapes.get(change.id) ?? []) s.remove();
        state.shapes.delete(change.id);
        state.entities.delete(change.id);
        continue;
      }
      if (!e) { missing = true; continue; }
      if (change.change === 'created') missing = true;
      const observedAt = message.cityTime ?? message.time;
      for (const [name, v] of Object.entries(change.attributes ?? {})) {
        if (e.relationships && name in e.relationships) {
          // A change names a relationship's first target only: one of several targets is read again with the city.
          if (Array.isArray(e.relationships[name])) missing = true; else e.relationships[name] = v;
          continue;
        }
        // A vehicle's terminal reported where it is: move its icon (the change carries the GeoJSON point).
        if (name === 'location') { moveTo(e, v); continue; }
        e.properties ??= {};
        let parsed = v;
        if (typeof v === 'string' && (v.startsWith('{') || v.startsWith('['))) { try { parsed = JSON.parse(v); } catch { parsed = v; } }
        e.properties[name] = { ...(e.properties[name] ?? {}), value: parsed, observedAt };
        if (change.id === state.selected) selectedChanged.add(name);
      }
      restyle(change.id);
    }
    state.updates += message.changes.length;
    document.body.dataset.updates = String(state.updates);
    $('updates').textContent = `${fmt(state.updates)} updates`;
    renderKpis();
    renderIncidents();
    if (feeders) renderFeeders();
    if (roofs) renderSolarCount();
    if (state.selected && state.entities.has(state.selected) && selectedChanged.size) renderDetails(state.entities.get(state.selected), selectedChanged);
    document.dispatchEvent(new CustomEvent('citymesh:changes', { detail: message }));
    // New entities arrive without geometry in a change: fetch the city again, once things settle.
    if (missing) {
      clearTimeout(state.refetch);
      state.refetch = setTimeout(() => fetch('/dashboard/city.json').then((r) => r.json()).then(draw).catch(() => {}), 1000);
    }
  }

  function connect() {
    const source = new EventSource('/dashboard/events');
    source.addEventListener('snapshot', (ev) => {
      performance.mark('citymesh:snapshot-received');
      const snapshot = JSON.parse(ev.data);
      draw(snapshot);
      setClock(snapshot);
      document.body.dataset.state = 'live';
      $('status-text').textContent = 'Live';
    });
    source.addEventListener('changes', (ev) => applyChanges(JSON.parse(ev.data)));
    source.onopen = () => { document.body.dataset.state = 'live'; $('status-text').textContent = 'Live'; };
    source.onerror = () => {
      // EventSource reconnects by itself; the server starts every connection with a fresh snapshot.
      document.body.dataset.state = source.readyState === EventSource.CLOSED ? 'offline' : 'connecting';
      $('status-text').textContent = source.readyState === EventSource.CLOSED ? 'Offline' : 'Reconnecting';
    };
  }

  // Signing in: `citymesh up` prints the page's address with a viewer key after '#key='. The fragment never leaves
  // the browser; the key is exchanged once for a session cookie (HttpOnly, read-only) and dropped from the address.
  // The cookie only reads; a decision is a write, so the page keeps the key in memory (never in storage) to send it
  // as X-Api-Key, which no other site can make the browser send.
  async function signIn(key) {
    const r = await fetch('/dashboard/session', { method: 'POST', headers: { 'X-Api-Key': key } });
    if (!r.ok) throw new Error((await r.json().catch(() => ({}))).detail ?? `sign-in refused (${r.status})`);
    state.key = key;
  }

  function signedInAs(caller) {
    state.caller = caller;
    document.body.dataset.role = caller.role;
    $('caller').textContent = `${caller.name} · ${caller.role}`;
    document.dispatchEvent(new CustomEvent('citymesh:signed-in', { detail: caller }));
  }

  async function start() {
    const key = new URLSearchParams(location.hash.slice(1)).get('key');
    if (key) {
      history.replaceState(null, '', location.pathname + location.search);
      try { await signIn(key); } catch (e) { $('status-text').textContent = e.message; }
    }
    const probe = await fetch('/dashboard/session').catch(() => null);
    if (probe && probe.status === 401) {
      document.body.dataset.state = 'signed-out';
      $('status-text').textContent = 'Signed out';
      const entered = window.prompt('CityMesh needs a key to show the city (citymesh up prints one):');
      if (!entered) return;
      try { await signIn(entered.trim()); } catch (e) { $('status-text').textContent = e.message; return; }
    }
    // The city streams while the page learns who signed in: neither waits for the other.
    connect();
    const who = await fetch('/dashboard/session').then((r) => r.ok ? r.json() : null).catch(() => null);
    if (who) signedInAs(who);
  }

  // The operations center's files (layers.js, timeline.js, inbox.js, incidents.js, scenarios.js) work on this map:
  // they get this handle, and hear the live feed as DOM events (citymesh:drawn, citymesh:changes, citymesh:signed-in).
  window.CityMesh = {
    state, layers, svg, el, value, num, nameOf, fmt, escapeHtml, label, cityClock, select, restyle, applyHiddenTypes, renderLayers,
    speedColour, gaugeFill, ofType, anchorOf, pathOf: (pts) => pathOf(pts),
    project: (p) => state.projection(p),
    focusOn(id) {
      if (!state.entities.has(id)) return false;
      select(id);
      const at = anchorOf(state.entities.get(id));
      if (at) { state.view.cx = at[0]; state.view.cy = at[1]; applyView(); }
      return true;
    },
    key: () => state.key,
    setKey: (key) => { state.key = key; },
    caller: () => state.caller,
  };

  applyView();
  start();
})();
