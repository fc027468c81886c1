// CityMesh dashboard, energy layers: the distribution grid drawn bus to bus and coloured by its live loading, the
// feeders' table, and roofs coloured by their solar potential. app.js owns the map, the view and the live feed; it
// hands this file the few helpers it needs, so the grid's rules live in one place.
'use strict';

window.CityMeshEnergy = ({ el, value, num, project, entities, add, drawIcon, layer }) => {
  // Loading, percent of rating: a cable is planned to 60 % so it can take a neighbour's load in an outage, so above
  // 60 % it has lost that margin, and above 100 % it is overloaded.
  const LOADING_BANDS = [
    { name: 'normal', colour: '#22c55e', label: '< 60 %' },
    { name: 'high', colour: '#f59e0b', label: '60–100 %' },
    { name: 'overload', colour: '#ef4444', label: '> 100 %' },
  ];
  const loadingBand = (percent) => percent == null ? null : percent < 60 ? LOADING_BANDS[0] : percent <= 100 ? LOADING_BANDS[1] : LOADING_BANDS[2];

  // The planning band at medium voltage, pu (the energy service raises violations outside it).
  const VOLTAGE_LOW = 0.95;
  const VOLTAGE_HIGH = 1.05;

  // Helsinki's solar atlas bands, kWh/m² a year on the roof; the energy service writes the class.
  const SOLAR_CLASSES = [
    { name: 'good', colour: '#fde047', label: 'good > 900' },
    { name: 'moderate', colour: '#c2700c', label: 'moderate 750–900' },
    { name: 'poor', colour: '#4b4540', label: 'poor < 750' },
  ];

  const GRID_TYPES = new Set(['BusbarSection', 'ACLineSegment', 'Switch', 'PowerTransformer', 'Feeder', 'EVChargingStation']);

  // A cable's drawn width, px, by its rating: 4.7 MVA (the smallest standard 10 kV cable) thin, parallel runs thickest.
  const widthOf = (kva) => Math.max(1, Math.min(4.5, 1 + 2.5 * ((kva ?? 4700) - 4000) / 4000));

  const busPoint = (id) => {
    const bus = entities().get(id);
    return bus?.geometry?.type === 'Point' ? project(bus.geometry.coordinates) : null;
  };

  // Lines, switches and transformers have no place of their own: they run between the buses they connect.
  function endsOf(e) {
    const a = busPoint(e.relationships?.startsAt);
    const b = busPoint(e.relationships?.endsAt);
    return a && b ? [a, b] : null;
  }

  const segment = ([a, b]) => `M${a[0].toFixed(2)},${a[1].toFixed(2)}L${b[0].toFixed(2)},${b[1].toFixed(2)}`;

  // A bus is a zero-length path with a round (or, critical, square) cap and a stroke that does not scale: a dot of
  // constant screen size that costs nothing when the map is zoomed, unlike icons, which are rescaled one by one.
  const dot = ([x, y]) => `M${x.toFixed(2)},${y.toFixed(2)}h0`;

  /** Draws the grid's elements (after the streets, before the icons); returns how many lines it drew. */
  function draw(all) {
    let lines = 0;
    for (const e of all) {
      if (e.type !== 'ACLineSegment' && e.type !== 'Switch') continue;
      const ends = endsOf(e);
      if (!ends) continue;
      const d = segment(ends);
      // A dark casing under each cable keeps it apart from the street it runs along, whose colour is traffic's.
      add(e.id, el('path', { d, class: 'grid-casing', 'stroke-width': `${(widthOf(num(e, 'ratedPower')) + 2).toFixed(1)}px`, 'data-id': e.id }, layer));
      const cls = e.type === 'Switch' ? 'grid-switch' : 'grid-line';
      add(e.id, el('path', { d, class: cls, 'stroke-width': `${widthOf(num(e, 'ratedPower')).toFixed(1)}px`, 'data-id': e.id }, layer));
      if (e.type === 'ACLineSegment') lines++;
    }
    for (const e of all) {
      if (e.type !== 'BusbarSection' || e.geometry?.type !== 'Point') continue;
      add(e.id, el('path', { d: dot(project(e.geometry.coordinates)), class: 'bus', 'data-id': e.id }, layer));
    }
    // A transformer sits at its substation (both its buses are there): a ring round the substation's icon.
    for (const e of all) {
      if (e.type !== 'PowerTransformer') continue;
      const ends = endsOf(e);
      if (ends) add(e.id, drawIcon(e, [(ends[0][0] + ends[1][0]) / 2, (ends[0][1] + ends[1][1]) / 2]));
    }
    return lines;
  }

  /** Restyles one energy entity's shapes from its live values; false when the type is not the grid's. */
  function restyle(e, shapes) {
    if (e.type === 'Building') {
      // The solar class rides on the roof's path; the layer's CSS colours it only while the layer is on.
      const cls = value(e, 'solarClass');
      for (const s of shapes) if (s.classList.contains('building')) { if (cls) s.dataset.solar = cls; else delete s.dataset.solar; }
      return true;
    }
    if (!GRID_TYPES.has(e.type)) return false;
    if (e.type === 'ACLineSegment' || e.type === 'PowerTransformer') {
      const loading = num(e, 'loading');
      const band = loadingBand(loading);
      const line = e.type === 'PowerTransformer' ? shapes[0]?.querySelector('.level') : shapes.find((s) => s.classList.contains('grid-line'));
      if (!line) return true;
      const out = value(e, 'inService') === false;
      if (e.type === 'ACLineSegment') {
        line.classList.toggle('out', out);
        line.style.stroke = out || !band ? '' : band.colour;
        if (loading == null) delete line.dataset.loading; else line.dataset.loading = loading.toFixed(1);
      } else {
        line.setAttribute('stroke', band?.colour ?? '#64748b');
      }
    } else if (e.type === 'Switch') {
      // Open (a normally-open point, or opened to isolate): dashed, no current; closed: a solid link.
      const line = shapes.find((s) => s.classList.contains('grid-switch'));
      line?.classList.toggle('open', value(e, 'open') !== false);
    } else if (e.type === 'BusbarSection') {
      const voltage = num(e, 'voltage');
      const off = value(e, 'supplyStatus') === 'shed' || value(e, 'energised') === false;
      const bus = shapes[0];
      bus.classList.toggle('critical', value(e, 'critical') === true);
      bus.classList.toggle('shed', off);
      bus.classList.toggle('low', !off && voltage != null && voltage < VOLTAGE_LOW);
      bus.classList.toggle('high', !off && voltage != null && voltage > VOLTAGE_HIGH);
    } else if (e.type === 'EVChargingStation') {
      shapes[0]?.querySelector('.level')?.setAttribute('fill', (num(e, 'power') ?? 0) > 0 ? '#22d3ee' : '#475569');
    }
    return true;
  }

  const ICONS = {
    // Drawn without a halo, so the substation inside it stays visible.
    PowerTransformer: (g) => {
      el('circle', { r: 15, class: 'level', fill: 'none', stroke: '#64748b', 'stroke-width': 3.5 }, g);
    },
    EVChargingStation: (g) => {
      el('rect', { x: -7, y: -9, width: 14, height: 18, rx: 3, class: 'level', fill: '#475569', stroke: '#0a0f16', 'stroke-width': 1.5 }, g);
      el('path', { d: 'M1,-6 L-4,1 H0 L-1,6 L4,-1 H0 Z', fill: '#0a0f16' }, g);
    },
  };

  const SWATCHES = {
    ACLineSegment: '<path d="M-11,4 L11,-4" stroke="#22c55e" stroke-width="3.5"/>',
    Switch: '<path d="M-11,0 H11" stroke="#cbd5e1" stroke-width="2.5" stroke-dasharray="4 3"/>',
    BusbarSection: '<circle r="4" fill="#e2e8f0"/>',
    PowerTransformer: '<circle r="8" fill="none" stroke="#f59e0b" stroke-width="3"/><circle r="3.5" fill="#facc15"/>',
    Feeder: '<rect x="-10" y="-8" width="20" height="4" rx="1" fill="#22c55e"/><rect x="-10" y="-2" width="20" height="4" rx="1" fill="#f59e0b"/><rect x="-10" y="4" width="20" height="4" rx="1" fill="#64748b"/>',
  };

  const fmt = (v, digits) => v == null ? '–' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

  /** The feeders' table, the most loaded first: load, loading and lowest voltage as the energy service last solved them. */
  function feederTable(cityName) {
    const feeders = [...entities().values()].filter((e) => e.type === 'Feeder')
      .sort((a, b) => (num(b, 'loading') ?? -1) - (num(a, 'loading') ?? -1) || String(value(a, 'name')).localeCompare(String(value(b, 'name'))));
    const over = feeders.filter((f) => (num(f, 'loading') ?? 0) > 100).length;
    const rows = feeders.map((f) => {
      const loading = num(f, 'loading');
      const lowest = num(f, 'lowestVoltage');
      const band = loadingBand(loading);
      const outside = lowest != null && (lowest < VOLTAGE_LOW || lowest > VOLTAGE_HIGH);
      // The city's name starts every substation's name here, and the column is narrow: it is left out.
      const name = String(value(f, 'name') ?? f.id);
      const short = cityName && name.startsWith(`${cityName} `) ? name.slice(cityName.length + 1) : name;
      return `<tr data-id="${escapeHtml(f.id)}"><td><button type="button" data-target="${escapeHtml(f.id)}" title="${escapeHtml(name)}">${escapeHtml(short)}</button></td>`
        + `<td>${fmt(num(f, 'load') == null ? null : num(f, 'load') / 1000, 2)}</td>`
        + `<td class="loading"${band ? ` data-band="${band.name}"` : ''}><i style="background:${band?.colour ?? '#64748b'}"></i>${fmt(loading, 0)}${loading == null ? '' : ' %'}</td>`
        + `<td${outside ? ' class="outside"' : ''}>${fmt(lowest, 3)}</td></tr>`;
    });
    return { count: feeders.length, over, rows: rows.join('') };
  }

  /** The lines a feeder supplies, to outline when the feeder is picked. */
  const linesOf = (feederId) => [...entities().values()].filter((e) => e.type === 'ACLineSegment' && e.relationships?.refFeeder === feederId).map((e) => e.id);

  // The legends and the roofs' fills read the colours from here, as CSS variables: one scale, defined once.
  for (const b of LOADING_BANDS) document.documentElement.style.setProperty(`--loading-${b.name}`, b.colour);
  for (const c of SOLAR_CLASSES) document.documentElement.style.setProperty(`--solar-${c.name}`, c.colour);

  return { GRID_TYPES, LOADING_BANDS, SOLAR_CLASSES, ICONS, SWATCHES, draw, restyle, feederTable, linesOf, loadingBand };
};
