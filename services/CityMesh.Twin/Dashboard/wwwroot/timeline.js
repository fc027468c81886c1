// CityMesh operations center: the time slider. Left of now it replays what this page saw of the streets' speeds and the
// flood gauges' levels (one frame a city minute, kept for the slider's hour); right of now it steps through the latest
// flood forecast, showing the roads and homes the water has reached by then. Live updates keep arriving and recording
// while the operator looks back; returning to now shows the live city again.
'use strict';

(() => {
  const map = window.CityMesh;
  const { num } = map;
  const $ = (id) => document.getElementById(id);
  const slider = $('time-slider');
  const frames = [];          // { at: city ms, minute, speeds: Map(road id -> speed / limit), gauges: Map(gauge id -> fill) }
  const KEEP_MS = 65 * 60000;
  let now = null;

  // From the twin's values, not the drawn colours, so recording goes on while the map shows the past.
  function record(at) {
    // One frame a city minute (the latest in it) is enough for steps of five.
    const minute = Math.floor(at / 60000);
    if (frames.length && frames[frames.length - 1].minute === minute) frames.pop();
    const speeds = new Map();
    for (const [road, detector] of map.state.detectorOfRoad) {
      const speed = num(map.state.entities.get(detector), 'averageVehicleSpeed');
      const limit = num(map.state.entities.get(road), 'maxSpeed');
      if (speed != null && limit) speeds.set(road, speed / limit);
    }
    const gauges = new Map();
    for (const g of map.ofType('FloodGauge')) gauges.set(g.id, map.gaugeFill(num(g, 'waterLevel'), num(g, 'alertLevel'), num(g, 'criticalLevel')));
    frames.push({ at, minute, speeds, gauges });
    while (frames.length && at - frames[0].at > KEEP_MS) frames.shift();
    document.body.dataset.frames = String(frames.length);
  }

  const minutes = () => +slider.value;
  const hhmm = (ms) => map.cityClock(new Date(ms)).time.slice(0, 5);

  function showFrame(frame) {
    for (const p of map.layers.roads.children) if (frame.speeds.has(p.dataset.id)) p.style.stroke = map.speedColour(frame.speeds.get(p.dataset.id));
    for (const g of map.layers.icons.querySelectorAll('g.FloodGauge')) {
      const fill = frame.gauges.get(g.dataset.id);
      if (fill) g.querySelector('.level')?.setAttribute('fill', fill);
    }
  }

  function showLive() {
    for (const e of map.state.entities.values()) if (e.type === 'RoadSegment' || e.type === 'FloodGauge') map.restyle(e.id);
  }

  function apply() {
    const t = minutes();
    document.body.dataset.time = String(t);
    const label = $('time-label');
    if (t < 0 && now != null) {
      // The recorded frame nearest the asked time; the oldest when the page has not seen that far back.
      const wanted = now + t * 60000;
      const frame = frames.filter((f) => f.at <= wanted).pop() ?? frames[0];
      if (frame) showFrame(frame);
      label.textContent = frame ? `${t} min · ${hhmm(frame.at)} recorded${frame.at > wanted + 60000 ? ' (earliest seen)' : ''}` : `${t} min · nothing recorded yet`;
    } else {
      showLive();
      label.textContent = t > 0 ? `+${t} min${now == null ? '' : ` · ${hhmm(now + t * 60000)}`} · flood forecast` : 'now · live';
    }
    // The forecast's water: what has arrived by the slider's time, the rest faint (at now, the whole forecast).
    for (const s of $('l-flood').children) s.classList.toggle('later', t > 0 && +s.dataset.closesMin > t);
  }

  slider.addEventListener('input', apply);
  document.addEventListener('citymesh:changes', (ev) => {
    const at = Date.parse(ev.detail.cityTime ?? ev.detail.time);
    if (Number.isNaN(at)) return;
    now = at;
    record(at);
    // The live feed has just redrawn what changed: a look back is drawn again over it.
    if (minutes() < 0) apply();
  });
  // A snapshot (the first, or a resync after the page fell behind) is a moment of the city too.
  document.addEventListener('citymesh:drawn', (ev) => {
    const at = Date.parse(ev.detail?.cityTime ?? ev.detail?.time);
    if (Number.isNaN(at)) return;
    now = at;
    record(at);
  });
  document.addEventListener('citymesh:flood', apply);
})();
