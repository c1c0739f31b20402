/*
 * Live dashboard of the load balancer: polls GET /substations and draws what the balancer believes.
 * Plain DOM and inline SVG, no libraries and no requests to anything but this balancer, so that it
 * works on a control-room network without internet access.
 */
(function () {
  'use strict';

  const POLL_INTERVAL_MS = 500;
  const REQUEST_TIMEOUT_MS = 2000;
  const HISTORY_MS = 5 * 60 * 1000;
  // Readings further apart than this are not joined by a line: the chart must show an outage, not hide it.
  const GAP_MS = 3000;
  const WARN_AT = 0.8;
  const HIGH_AT = 0.95;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  // Series colours live in dashboard.css (--series-0 …), one shade for dark and one for light pages.
  const PALETTE_SIZE = 8;

  const number = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
  const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const byId = new Intl.Collator('en', { numeric: true }).compare;

  /** id -> { id, color, el, fields, latest, history: [{ t, loadKw, demandKw, capacityKw, utilization, healthy }] } */
  const stations = new Map();
  const connection = { state: 'connecting', lastSuccess: null, lastFailure: null };

  const $ = (id) => document.getElementById(id);
  const cards = $('substations');
  const template = $('card-template');

  // ---------------------------------------------------------------- polling

  async function poll() {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch('substations', {
        cache: 'no-store',
        headers: { Accept: 'application/json' },
        signal: abort.signal,
      });
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      const body = await response.json();
      if (!Array.isArray(body)) {
        throw new Error('not a list of substations');
      }
      const now = Date.now();
      apply(body, now);
      connection.state = 'live';
      connection.lastSuccess = now;
    } catch (e) {
      // Keep the last figures on screen: stale but labelled as such beats an empty page.
      connection.state = 'lost';
      connection.lastFailure = Date.now();
    } finally {
      clearTimeout(timer);
      render();
      setTimeout(poll, POLL_INTERVAL_MS);
    }
  }

  function apply(list, now) {
    const seen = new Set();
    for (const raw of list) {
      if (!raw || typeof raw.id !== 'string' || raw.id === '' || seen.has(raw.id)) {
        continue;
      }
      seen.add(raw.id);
      const s = normalise(raw);
      let station = stations.get(s.id);
      if (!station) {
        station = createStation(s.id);
      }
      station.latest = s;
      station.history.push({ t: now, loadKw: s.loadKw, demandKw: s.demandKw, capacityKw: s.capacityKw, utilization: s.utilization, healthy: s.healthy });
      const oldest = now - HISTORY_MS - GAP_MS;
      while (station.history.length && station.history[0].t < oldest) {
        station.history.shift();
      }
    }
    // A substation the balancer no longer lists has left the grid: drop it and its history.
    for (const [id, station] of stations) {
      if (!seen.has(id)) {
        station.el.remove();
        stations.delete(id);
      }
    }
    const order = [...stations.keys()].sort(byId);
    order.forEach((id) => cards.appendChild(stations.get(id).el));
  }

  function normalise(raw) {
    const capacityKw = finite(raw.capacityKw);
    const loadKw = finite(raw.loadKw);
    // Capacity 0 means the balancer has never heard from the substation: its utilisation is unknown, not 0.
    let utilization = null;
    if (capacityKw !== null && capacityKw > 0) {
      utilization = finite(raw.utilization);
      if (utilization === null && loadKw !== null) {
        utilization = loadKw / capacityKw;
      }
    }
    const updated = raw.lastUpdated ? Date.parse(raw.lastUpdated) : NaN;
    // Demand is what the cars ask for; a balancer that does not report it leaves it unknown, never taken as the load.
    const demandKw = finite(raw.demandKw);
    const known = capacityKw !== null && capacityKw > 0;
    return {
      id: raw.id,
      url: typeof raw.url === 'string' ? raw.url : '',
      capacityKw: known ? capacityKw : null,
      loadKw,
      demandKw,
      demandRatio: known && demandKw !== null ? demandKw / capacityKw : null,
      waiting: finite(raw.waiting),
      activeSessions: finite(raw.activeSessions),
      utilization,
      healthy: raw.healthy === true,
      lastUpdated: Number.isFinite(updated) ? updated : null,
    };
  }

  function finite(value) {
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  }

  function createStation(id) {
    const el = template.content.firstElementChild.cloneNode(true);
    el.setAttribute('data-substation', id);
    el.id = 'substation-' + id;
    const fields = {};
    el.querySelectorAll('[data-field]').forEach((node) => { fields[node.getAttribute('data-field')] = node; });
    const station = { id, color: nextColor(), el, fields, latest: null, history: [] };
    el.style.setProperty('--series', station.color);
    fields.id.textContent = id;
    fields.meter.setAttribute('aria-label', 'Utilisation of ' + id);
    stations.set(id, station);
    return station;
  }

  function nextColor() {
    const used = new Set([...stations.values()].map((s) => s.color));
    const palette = Array.from({ length: PALETTE_SIZE }, (_, i) => 'var(--series-' + i + ')');
    return palette.find((c) => !used.has(c)) || palette[stations.size % PALETTE_SIZE];
  }

  // ---------------------------------------------------------------- rendering

  function render() {
    const now = Date.now();
    const list = [...stations.values()].sort((a, b) => byId(a.id, b.id));
    renderConnection(now);
    renderSummary(list, now);
    list.forEach((station) => renderCard(station, now));
    renderChart(list, now);
  }

  function renderConnection(now) {
    const el = $('connection');
    el.setAttribute('data-state', connection.state);
    document.body.setAttribute('data-connection', connection.state);
    let text;
    if (connection.state === 'live') {
      text = 'Live';
    } else if (connection.state === 'lost') {
      text = connection.lastSuccess === null
        ? 'Connection lost: balancer unreachable'
        : 'Connection lost: showing data from ' + clock.format(connection.lastSuccess);
    } else {
      text = 'Connecting…';
    }
    $('connection-text').textContent = text;

    const banner = $('stale-banner');
    banner.hidden = !(connection.state === 'lost' && connection.lastSuccess !== null);
    if (!banner.hidden) {
      banner.textContent = 'The balancer has not answered for ' + duration(now - connection.lastSuccess)
        + '. The figures below are the last ones received, at ' + clock.format(connection.lastSuccess)
        + ', and may no longer be true. Retrying every ' + POLL_INTERVAL_MS / 1000 + ' s.';
    }
  }

  function renderSummary(list, now) {
    let load = 0;
    let demand = 0;
    let capacity = 0;
    let sessions = 0;
    let waiting = 0;
    let waitlists = 0;
    let healthy = 0;
    for (const { latest } of list) {
      load += latest.loadKw || 0;
      demand += latest.demandKw || 0;
      capacity += latest.capacityKw || 0;
      sessions += latest.activeSessions || 0;
      waiting += latest.waiting || 0;
      waitlists += latest.waiting > 0 ? 1 : 0;
      healthy += latest.healthy ? 1 : 0;
    }
    const utilization = capacity > 0 ? load / capacity : null;
    $('total-load').textContent = list.length ? kw(load) : '–';
    $('total-capacity').textContent = list.length ? kw(capacity) : '–';
    $('total-utilization').textContent = utilization === null ? 'utilisation unknown' : percent(utilization) + ' of capacity in use';
    setBar($('total-bar'), utilization);
    $('total-sessions').textContent = list.length ? number.format(sessions) : '–';
    $('total-demand').textContent = !list.length ? '\u00a0'
      : 'demand ' + kw(demand) + (capacity > 0 ? ', ' + percent(demand / capacity) + ' of capacity' : '');

    $('total-waiting').textContent = list.length ? number.format(waiting) : '–';
    const waitingNote = $('waiting-note');
    waitingNote.textContent = !list.length ? '\u00a0' : waiting === 0 ? 'none on a waitlist'
      : 'on ' + waitlists + (waitlists === 1 ? ' substation\u2019s waitlist' : ' substations\u2019 waitlists');
    waitingNote.classList.toggle('stat-note--warn', waiting > 0);

    $('healthy-count').textContent = list.length || connection.lastSuccess !== null ? healthy + ' / ' + list.length : '–';
    const note = $('healthy-note');
    const unhealthy = list.length - healthy;
    note.textContent = list.length === 0 ? (connection.lastSuccess === null ? '\u00a0' : 'none registered')
      : unhealthy === 0 ? 'all healthy' : unhealthy + ' unhealthy';
    note.classList.toggle('stat-note--bad', unhealthy > 0);

    $('last-update').textContent = connection.lastSuccess === null ? 'never' : clock.format(connection.lastSuccess);
    const updateNote = $('last-update-note');
    updateNote.textContent = connection.state === 'lost'
      ? (connection.lastSuccess === null ? 'no reply from the balancer yet' : 'no reply for ' + duration(now - connection.lastSuccess))
      : 'polling every ' + POLL_INTERVAL_MS / 1000 + ' s';
    updateNote.classList.toggle('stat-note--bad', connection.state === 'lost');

    const empty = $('empty');
    empty.hidden = list.length > 0;
    empty.textContent = connection.lastSuccess === null
      ? (connection.state === 'lost' ? 'The balancer cannot be reached. Retrying…' : 'Waiting for the first reading from the balancer…')
      : 'No substations are registered with this balancer.';
  }

  function renderCard(station, now) {
    const s = station.latest;
    const f = station.fields;
    const el = station.el;
    el.setAttribute('data-healthy', String(s.healthy));
    el.setAttribute('data-utilization', s.utilization === null ? '' : String(s.utilization));
    const sharing = s.demandRatio !== null && s.demandRatio > 1 + 1e-9;
    el.setAttribute('data-sharing', String(sharing));

    f.status.setAttribute('data-status', s.healthy ? 'healthy' : 'unhealthy');
    f.status.textContent = s.healthy ? '\u2714\u00a0Healthy' : '\u2716\u00a0Unhealthy';
    f.url.textContent = s.url;
    f.url.title = s.url;

    f.utilization.textContent = s.utilization === null ? '–' : percent(s.utilization);
    setBar(f.bar, s.utilization);
    if (s.utilization === null) {
      f.meter.removeAttribute('aria-valuenow');
      f.meter.setAttribute('aria-valuetext', 'unknown');
    } else {
      f.meter.setAttribute('aria-valuenow', (s.utilization * 100).toFixed(1));
      f.meter.setAttribute('aria-valuetext', percent(s.utilization));
    }

    f.load.textContent = s.loadKw === null ? '–' : kw(s.loadKw);
    f.capacity.textContent = s.capacityKw === null ? 'unknown' : kw(s.capacityKw);
    f.headroom.textContent = s.capacityKw === null || s.loadKw === null ? '–' : kw(Math.max(0, s.capacityKw - s.loadKw));
    f.sessions.textContent = s.activeSessions === null ? '–' : number.format(s.activeSessions);
    f.demand.textContent = s.demandKw === null ? '–' : kw(s.demandKw);
    f.waiting.textContent = s.waiting === null ? '–' : number.format(s.waiting);
    f.waiting.classList.toggle('figure--warn', s.waiting > 0);

    f.demandRatio.textContent = s.demandRatio === null ? 'unknown' : percent(s.demandRatio) + ' of capacity';
    f.sharing.hidden = !sharing;
    setDemandBar(f.demandBar, s.demandRatio);
    f.demandMeter.setAttribute('aria-label', 'Demand of ' + station.id + ' against its capacity');
    if (s.demandRatio === null) {
      f.demandMeter.removeAttribute('aria-valuenow');
      f.demandMeter.setAttribute('aria-valuemax', '100');
      f.demandMeter.setAttribute('aria-valuetext', 'unknown');
    } else {
      f.demandMeter.setAttribute('aria-valuenow', (s.demandRatio * 100).toFixed(1));
      f.demandMeter.setAttribute('aria-valuemax', Math.max(100, s.demandRatio * 100).toFixed(1));
      f.demandMeter.setAttribute('aria-valuetext', percent(s.demandRatio) + ' of capacity' + (sharing ? ', power shared' : ''));
    }

    let reading;
    if (s.lastUpdated === null) {
      reading = 'Never reached: no reading yet';
    } else {
      const age = duration(Math.max(0, now - s.lastUpdated));
      reading = (s.healthy ? 'Last reading ' : 'Not responding · last reading ') + age + ' ago';
    }
    f.reading.textContent = reading;

    renderSpark(station, now);
  }

  function setBar(bar, utilization) {
    const width = utilization === null ? 0 : Math.min(1, Math.max(0, utilization)) * 100;
    bar.style.width = width.toFixed(2) + '%';
    bar.setAttribute('data-level', utilization === null ? 'none'
      : utilization >= HIGH_AT ? 'high' : utilization >= WARN_AT ? 'warn' : 'ok');
  }

  /** Demand against capacity: full at 100 %, and marked "over" beyond it, where the cars share the capacity. */
  function setDemandBar(bar, ratio) {
    const width = ratio === null ? 0 : Math.min(1, Math.max(0, ratio)) * 100;
    bar.style.width = width.toFixed(2) + '%';
    bar.setAttribute('data-level', ratio === null ? 'none' : ratio > 1 + 1e-9 ? 'over' : 'ok');
  }

  // ---------------------------------------------------------------- charts

  function renderChart(list, now) {
    const svg = $('utilization-chart');
    const width = svg.clientWidth || 960;
    const height = svg.clientHeight || 240;
    const m = { left: 46, right: 14, top: 10, bottom: 24 };
    const start = now - HISTORY_MS;
    let top = 1;
    for (const station of list) {
      for (const p of station.history) {
        if (p.t >= start && p.utilization !== null && p.utilization > top) {
          top = Math.min(2, Math.ceil(p.utilization * 4) / 4);
        }
      }
    }
    const x = (t) => m.left + ((t - start) / HISTORY_MS) * (width - m.left - m.right);
    const y = (u) => m.top + (1 - Math.min(u, top) / top) * (height - m.top - m.bottom);

    const nodes = [];
    for (let u = 0; u <= top + 1e-9; u += 0.25) {
      const yy = y(u);
      nodes.push(el('line', { class: Math.abs(u - 1) < 1e-9 ? 'limit-line' : 'grid-line', x1: m.left, x2: width - m.right, y1: yy, y2: yy }));
      nodes.push(el('text', { class: 'axis-label', x: m.left - 8, y: yy + 4, 'text-anchor': 'end' }, Math.round(u * 100) + ' %'));
    }
    // On a phone every minute's label would overlap its neighbours: label every other one.
    const step = width - m.left - m.right < 480 ? 2 : 1;
    for (let minute = 5; minute >= 0; minute--) {
      if (minute % step !== 0) {
        continue;
      }
      const xx = x(now - minute * 60000);
      const anchor = minute === 5 ? 'start' : minute === 0 ? 'end' : 'middle';
      nodes.push(el('text', { class: 'axis-label', x: xx, y: height - 6, 'text-anchor': anchor }, minute === 0 ? 'now' : '−' + minute + ' min'));
    }

    const legend = $('legend');
    const items = [];
    for (const station of list) {
      const segments = segmentsOf(station.history, start, (p) => p.healthy ? p.utilization : null, x, y);
      nodes.push(el('path', { class: 'series', d: linePath(segments), style: 'stroke:' + station.color, 'data-series': station.id }));
      const last = lastPoint(segments);
      if (last) {
        nodes.push(el('circle', { class: 'series-dot', cx: last[0], cy: last[1], r: 3.5, style: 'fill:' + station.color }));
      }
      const s = station.latest;
      items.push(legendItem(station, s.healthy ? (s.utilization === null ? '–' : percent(s.utilization)) : 'unhealthy', s.healthy));
    }
    if (!list.length) {
      nodes.push(el('text', { class: 'chart-empty', x: (width + m.left) / 2, y: height / 2, 'text-anchor': 'middle' }, 'No data yet'));
    }
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.replaceChildren(...nodes);
    legend.replaceChildren(...items);
  }

  function legendItem(station, value, healthy) {
    const li = document.createElement('li');
    li.setAttribute('data-healthy', String(healthy));
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = station.color;
    const name = document.createElement('span');
    name.textContent = station.id;
    const val = document.createElement('span');
    val.className = 'legend-value';
    val.textContent = value;
    li.append(swatch, name, val);
    return li;
  }

  function renderSpark(station, now) {
    const svg = station.fields.spark;
    const width = svg.clientWidth || 280;
    const height = svg.clientHeight || 64;
    const start = now - HISTORY_MS;
    const s = station.latest;
    let top = s.capacityKw || 0;
    for (const p of station.history) {
      if (p.t >= start && p.loadKw !== null && p.loadKw > top) {
        top = p.loadKw;
      }
      if (p.t >= start && p.demandKw !== null && p.demandKw > top) {
        top = p.demandKw;
      }
    }
    top = top > 0 ? top : 1;
    const pad = 2;
    const x = (t) => pad + ((t - start) / HISTORY_MS) * (width - 2 * pad);
    const y = (v) => pad + (1 - Math.min(v, top) / top) * (height - 2 * pad - 12);
    const base = y(0);
    const segments = segmentsOf(station.history, start, (p) => p.healthy ? p.loadKw : null, x, y);
    const demand = segmentsOf(station.history, start, (p) => p.healthy ? p.demandKw : null, x, y);
    const capacityY = s.capacityKw === null ? y(top) : y(s.capacityKw);
    const nodes = [
      el('line', { class: 'grid-line', x1: pad, x2: width - pad, y1: base, y2: base }),
      el('line', { class: 'limit-line', x1: pad, x2: width - pad, y1: capacityY, y2: capacityY }),
      el('text', { class: 'axis-label', x: pad, y: height - 1 }, 'load, demand dashed, last 5 min'),
      el('text', { class: 'axis-label', x: width - pad, y: height - 1, 'text-anchor': 'end' },
        s.capacityKw === null ? 'capacity unknown' : 'capacity ' + kw(s.capacityKw)),
      el('path', { class: 'series-area', d: areaPath(segments, base), style: 'fill:' + station.color }),
      el('path', { class: 'series-demand', d: linePath(demand), style: 'stroke:' + station.color, 'data-demand': station.id }),
      el('path', { class: 'series', d: linePath(segments), style: 'stroke:' + station.color, 'data-series': station.id }),
    ];
    const last = lastPoint(segments);
    if (last) {
      nodes.push(el('circle', { class: 'series-dot', cx: last[0], cy: last[1], r: 3, style: 'fill:' + station.color }));
    }
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('aria-label', 'Load and demand of ' + station.id + ' over the last 5 minutes, now '
      + (s.loadKw === null ? 'unknown' : kw(s.loadKw)) + ' of ' + (s.demandKw === null ? 'unknown' : kw(s.demandKw)) + ' asked for');
    svg.replaceChildren(...nodes);
  }

  /** Splits a history into runs of known values, breaking where a reading is missing or too old. */
  function segmentsOf(history, start, value, x, y) {
    const segments = [];
    let current = null;
    let previous = null;
    for (const p of history) {
      const v = p.t >= start ? value(p) : null;
      if (v === null || v === undefined) {
        current = null;
        previous = null;
        continue;
      }
      if (current === null || p.t - previous > GAP_MS) {
        current = [];
        segments.push(current);
      }
      current.push([x(p.t), y(v)]);
      previous = p.t;
    }
    return segments;
  }

  function linePath(segments) {
    return segments.map((seg) => seg.map(([px, py], i) => (i ? 'L' : 'M') + px.toFixed(1) + ' ' + py.toFixed(1)).join('')).join('');
  }

  function areaPath(segments, base) {
    return segments.filter((seg) => seg.length > 1).map((seg) => linePath([seg])
      + 'L' + seg[seg.length - 1][0].toFixed(1) + ' ' + base.toFixed(1)
      + 'L' + seg[0][0].toFixed(1) + ' ' + base.toFixed(1) + 'Z').join('');
  }

  function lastPoint(segments) {
    const seg = segments[segments.length - 1];
    return seg ? seg[seg.length - 1] : null;
  }

  function el(name, attributes, text) {
    const node = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attributes)) {
      node.setAttribute(key, typeof value === 'number' ? value.toFixed(1) : value);
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  // ---------------------------------------------------------------- formatting

  function kw(value) {
    return number.format(value) + '\u00a0kW';
  }

  function percent(ratio) {
    return (ratio * 100).toFixed(1) + '\u00a0%';
  }

  function duration(ms) {
    const seconds = ms / 1000;
    if (seconds < 60) {
      return seconds.toFixed(seconds < 10 ? 1 : 0) + '\u00a0s';
    }
    const minutes = Math.floor(seconds / 60);
    return minutes < 60 ? minutes + '\u00a0min ' + Math.floor(seconds % 60) + '\u00a0s' : Math.floor(minutes / 60) + '\u00a0h ' + (minutes % 60) + '\u00a0min';
  }

  let resizePending = false;
  window.addEventListener('resize', () => {
    if (!resizePending) {
      resizePending = true;
      requestAnimationFrame(() => { resizePending = false; render(); });
    }
  });

  render();
  poll();
})();
