// exectrace live execution page. Every piece of data goes into the page through textContent or SVG attributes
// set with setAttribute on numbers; nothing from the API is ever parsed as HTML.
(function () {
  'use strict';

  var SESSION = document.body.dataset.session;
  var GRAFANA = document.body.dataset.grafana;
  var TOKEN = new URLSearchParams(window.location.search).get('access_token');
  var EDGES = ['intent_to_order', 'order_to_ack', 'order_to_fill', 'intent_to_fill', 'fill_completion'];
  var MAX_ROWS = 2000;

  var events = [];
  var chains = [];
  var closedIds = {};        // chain_id -> true for every chain in `chains`
  var openChains = null;     // the open chains of the last answer or stream message; null before the first
  var openReceivedAt = 0;    // performance.now() when they came: their ages tick on from there
  var summary = null;
  var stageFilter = '';
  var symbolFilter = '';
  var lastId = null;
  var refreshTimer = null;

  function url(path, params) {
    var u = new URL(path, window.location.origin);
    Object.keys(params || {}).forEach(function (k) {
      if (params[k] !== null && params[k] !== undefined) { u.searchParams.set(k, params[k]); }
    });
    if (TOKEN) { u.searchParams.set('access_token', TOKEN); }
    return u.toString();
  }

  function sessionPath(suffix) {
    return '/api/sessions/' + encodeURIComponent(SESSION) + (suffix || '');
  }

  function getJson(path, params) {
    return fetch(url(path, params), { headers: { 'Accept': 'application/json' } }).then(function (r) {
      if (!r.ok) { var e = new Error('HTTP ' + r.status); e.status = r.status; throw e; }
      return r.json();
    });
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== null && text !== undefined) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function num(v, digits) {
    if (v === null || v === undefined || Number.isNaN(v)) { return ''; }
    return Number(v).toLocaleString('en-US', { maximumFractionDigits: digits === undefined ? 3 : digits });
  }

  function pct(v) {
    return v === null || v === undefined ? 'n/a' : (v * 100).toFixed(1) + ' %';
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  // ---- header links -------------------------------------------------------------------------------------------
  function setLinks() {
    document.getElementById('csv-timeline').href = url(sessionPath('/timeline'), { format: 'csv' });
    document.getElementById('csv-telemetry').href = url('/api/telemetry', { session_id: SESSION, format: 'csv' });
    document.getElementById('csv-chains').href = url(sessionPath('/chains'), { format: 'csv' });
    document.getElementById('csv-open').href = url(sessionPath('/chains'), { state: 'open', format: 'csv' });
    var mode = summary && summary.mode ? summary.mode : (events.length ? events[events.length - 1].mode : '');
    document.getElementById('grafana').href = GRAFANA.split('MODE').join(encodeURIComponent(mode || ''));
    document.getElementById('mode').textContent = 'mode ' + (mode || '?');
  }

  // ---- figures --------------------------------------------------------------------------------------------------
  function card(label, value, level) {
    var c = el('div', null, 'card' + (level ? ' ' + level : ''));
    c.appendChild(el('div', label, 'label'));
    c.appendChild(el('div', value, 'value'));
    return c;
  }

  function renderFigures() {
    var box = document.getElementById('figures');
    clear(box);
    var errors = events.filter(function (e) { return e.stage === 'error'; }).length;
    var errorRate = events.length ? errors / events.length : null;
    box.appendChild(card('events', num(events.length, 0)));
    box.appendChild(card('error rate', pct(errorRate), errorRate > 0.1 ? 'bad' : (errorRate > 0 ? 'warn' : 'ok')));
    if (summary) {
      box.appendChild(card('fill rate', pct(summary.fill_rate), summary.fill_rate === 0 ? 'bad' : 'ok'));
      box.appendChild(card('reject rate', pct(summary.reject_rate)));
      box.appendChild(card('parse errors', num(summary.parse_errors, 0), summary.parse_errors ? 'warn' : null));
      box.appendChild(card('open chains', num(openChains ? openChains.length : summary.open_chains, 0)));
      var p95 = summary.latency_ms && summary.latency_ms.intent_to_fill ? summary.latency_ms.intent_to_fill.p95 : null;
      box.appendChild(card('p95 intent→fill', p95 === null ? 'n/a' : num(p95, 1) + ' ms', p95 > 10000 ? 'bad' : null));
    }
    box.appendChild(card('chains', num(chains.length, 0)));
  }

  // ---- by symbol (the summary's by_symbol: totals and FIFO PnL of closed chains) -----------------------------------
  function renderSymbols() {
    var body = document.querySelector('#by-symbol tbody');
    clear(body);
    var bySymbol = summary && summary.by_symbol ? summary.by_symbol : {};
    Object.keys(bySymbol).sort().forEach(function (symbol) {
      var s = bySymbol[symbol];
      var tr = el('tr');
      tr.appendChild(el('td', symbol));
      tr.appendChild(el('td', num(s.fills, 0), 'num'));
      tr.appendChild(el('td', num(s.filled_quantity), 'num'));
      tr.appendChild(el('td', num(s.vwap, 2), 'num'));
      tr.appendChild(el('td', num(s.fees, 2), 'num'));
      tr.appendChild(el('td', num(s.realized_pnl, 2), 'num'));
      tr.appendChild(el('td', num(s.realized_pnl_net, 2), 'num'));
      tr.appendChild(el('td', num(s.position), 'num'));
      tr.appendChild(el('td', s.average_cost === null ? '–' : num(s.average_cost, 2), 'num'));
      tr.appendChild(el('td', num(s.pnl_pending_fills, 0), 'num pending'));
      tr.appendChild(el('td', num(s.pnl_skipped_fills, 0), 'num'));
      body.appendChild(tr);
    });
  }

  // ---- timeline ---------------------------------------------------------------------------------------------------
  function visible(e) {
    return (!stageFilter || e.stage === stageFilter) && (!symbolFilter || e.symbol === symbolFilter);
  }

  function timelineRow(e) {
    var tr = el('tr');
    tr.appendChild(el('td', e.ts));
    var stage = el('td');
    stage.appendChild(el('span', e.stage, 'stage stage-' + e.stage));
    tr.appendChild(stage);
    tr.appendChild(el('td', e.symbol || ''));
    tr.appendChild(el('td', e.side || ''));
    tr.appendChild(el('td', num(e.quantity), 'num'));
    tr.appendChild(el('td', num(e.price, 2), 'num'));
    tr.appendChild(el('td', e.intent_id || ''));
    tr.appendChild(el('td', e.order_id || ''));
    tr.appendChild(el('td', [e.gate, e.reason, e.message, e.status].filter(Boolean).join(' · ')));
    tr.dataset.id = e.id;
    return tr;
  }

  function renderFilters() {
    var stages = {};
    var symbols = {};
    events.forEach(function (e) { stages[e.stage] = true; if (e.symbol) { symbols[e.symbol] = true; } });
    var box = document.getElementById('stage-filters');
    clear(box);
    [''].concat(Object.keys(stages).sort()).forEach(function (s) {
      var b = el('button', s || 'all', s === stageFilter ? 'active' : '');
      b.type = 'button';
      b.addEventListener('click', function () { stageFilter = s; renderFilters(); renderTimeline(); });
      box.appendChild(b);
    });
    var select = document.getElementById('symbol-filter');
    var current = symbolFilter;
    clear(select);
    [''].concat(Object.keys(symbols).sort()).forEach(function (s) {
      var o = el('option', s || 'all');
      o.value = s;
      if (s === current) { o.selected = true; }
      select.appendChild(o);
    });
  }

  function renderTimeline() {
    var body = document.querySelector('#timeline tbody');
    clear(body);
    var shown = events.filter(visible);
    shown.slice(Math.max(0, shown.length - MAX_ROWS)).forEach(function (e) { body.appendChild(timelineRow(e)); });
    document.getElementById('event-count').textContent = shown.length + ' of ' + events.length + ' events';
  }

  function addEvent(e) {
    events.push(e);
    lastId = e.id;
    var stagesBefore = document.getElementById('stage-filters').childNodes.length;
    if (visible(e)) {
      var row = timelineRow(e);
      row.className = 'new';
      document.querySelector('#timeline tbody').appendChild(row);
    }
    var shown = events.filter(visible).length;
    document.getElementById('event-count').textContent = shown + ' of ' + events.length + ' events';
    if (stagesBefore === 0 || !Array.prototype.some.call(document.getElementById('stage-filters').childNodes,
        function (b) { return b.textContent === e.stage; })) {
      renderFilters();
    }
  }

  // ---- chains -------------------------------------------------------------------------------------------------------
  function setChains(list) {
    chains = list;
    closedIds = {};
    chains.forEach(function (c) { closedIds[c.chain_id] = true; });
  }

  // A chain closed (stream): true when it is new here. The stream starts with every chain already loaded.
  function addChain(c) {
    if (closedIds[c.chain_id]) { return false; }
    chains.push(c);
    closedIds[c.chain_id] = true;
    return true;
  }

  function renderChains(newChainId) {
    var body = document.querySelector('#chains tbody');
    clear(body);
    chains.forEach(function (c) {
      var tr = el('tr', null, c.chain_id === newChainId ? 'new' : null);
      tr.dataset.chain = c.chain_id;
      tr.appendChild(el('td', c.close_ts || ''));
      tr.appendChild(el('td', c.symbol || ''));
      tr.appendChild(el('td', c.side || ''));
      tr.appendChild(el('td', c.outcome, 'outcome-' + c.outcome));
      tr.appendChild(el('td', c.intent_id || ''));
      tr.appendChild(el('td', c.order_id || ''));
      tr.appendChild(el('td', num(c.quantity), 'num'));
      tr.appendChild(el('td', num(c.filled_quantity), 'num'));
      EDGES.forEach(function (edge) {
        var l = c.latency_ms || {};
        tr.appendChild(el('td', l[edge] === undefined ? '' : num(l[edge], 3), 'num'));
      });
      body.appendChild(tr);
    });
    document.getElementById('chain-count').textContent = chains.length + ' closed';
  }

  // ---- in flight ----------------------------------------------------------------------------------------------------
  function age(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) { return s + ' s'; }
    if (s < 3600) { return Math.floor(s / 60) + ' min ' + (s % 60) + ' s'; }
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }

  // The open chains of an answer, without those already shown as closed (the chains message may come first).
  function setOpen(answer) {
    openChains = (answer.chains || []).filter(function (c) { return !closedIds[c.chain_id]; });
    openReceivedAt = window.performance.now();
    renderOpen();
  }

  // Drops the open chains that are shown as closed by now (their ages keep ticking from the same start); true when
  // one was dropped.
  function pruneOpen() {
    if (!openChains) { return false; }
    var before = openChains.length;
    openChains = openChains.filter(function (c) { return !closedIds[c.chain_id]; });
    if (openChains.length === before) { return false; }
    renderOpen();
    return true;
  }

  function renderOpen() {
    var body = document.querySelector('#in-flight tbody');
    clear(body);
    (openChains || []).forEach(function (c) {
      var tr = el('tr', null, c.stuck ? 'stuck' : null);
      tr.dataset.chain = c.chain_id;
      tr.appendChild(el('td', c.first_ts || ''));
      var stage = el('td');
      stage.appendChild(el('span', c.stage + (c.end_reason ? ' (' + c.end_reason + ')' : ''), 'stage stage-' + c.stage));
      tr.appendChild(stage);
      tr.appendChild(el('td', c.symbol || ''));
      tr.appendChild(el('td', c.side || ''));
      tr.appendChild(el('td', c.intent_id || ''));
      tr.appendChild(el('td', c.order_id || ''));
      tr.appendChild(el('td', num(c.quantity), 'num'));
      tr.appendChild(el('td', num(c.filled_quantity), 'num'));
      // Wall-clock age since the first record arrived; the event-clock age where no arrival time is known.
      var ageCell = el('td', null, 'num age');
      if (c.age_arrival_ms !== null && c.age_arrival_ms !== undefined) {
        ageCell.dataset.ageMs = c.age_arrival_ms;
        ageCell.title = 'since its first record arrived at ' + c.first_arrival_at;
      } else {
        ageCell.textContent = age(c.age_event_ms) + ' (event time)';
      }
      tr.appendChild(ageCell);
      tr.appendChild(el('td', c.deadline_ts || ''));
      tr.appendChild(el('td', [c.stuck ? 'stuck' : '', c.waiting_for ? 'waits for its ' + c.waiting_for : '',
        c.settle_due_at ? 'settles by ' + c.settle_due_at : ''].filter(Boolean).join(' · ')));
      body.appendChild(tr);
    });
    document.getElementById('open-count').textContent = openChains === null ? '' : openChains.length + ' open';
    tickAges();
  }

  function tickAges() {
    var elapsed = window.performance.now() - openReceivedAt;
    Array.prototype.forEach.call(document.querySelectorAll('#in-flight td.age'), function (td) {
      if (td.dataset.ageMs !== undefined) { td.textContent = age(Number(td.dataset.ageMs) + elapsed); }
    });
  }

  // ---- histogram ----------------------------------------------------------------------------------------------------
  function svg(tag, attrs, text) {
    var n = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) { n.textContent = String(text); }
    return n;
  }

  function renderHistogram() {
    var chart = document.getElementById('histogram');
    clear(chart);
    var edge = document.getElementById('edge').value || 'intent_to_fill';
    var values = chains.map(function (c) { return (c.latency_ms || {})[edge]; })
      .filter(function (v) { return typeof v === 'number' && v >= 0; });
    var note = document.getElementById('latency-note');
    if (!values.length) {
      chart.appendChild(svg('text', { x: 20, y: 110 }, 'no ' + edge + ' latencies yet'));
      note.textContent = '';
      return;
    }
    var max = Math.max.apply(null, values);
    var bins = Math.min(20, Math.max(5, Math.ceil(Math.sqrt(values.length))));
    var width = max > 0 ? max / bins : 1;
    var counts = new Array(bins).fill(0);
    values.forEach(function (v) { counts[Math.min(bins - 1, Math.floor(v / width))]++; });
    var top = Math.max.apply(null, counts);
    var left = 40, bottom = 190, plotW = 940, plotH = 170, barW = plotW / bins;
    chart.appendChild(svg('line', { x1: left, y1: bottom, x2: left + plotW, y2: bottom, 'class': 'axis' }));
    chart.appendChild(svg('line', { x1: left, y1: bottom - plotH, x2: left, y2: bottom, 'class': 'axis' }));
    chart.appendChild(svg('text', { x: 4, y: bottom - plotH + 4 }, top));
    chart.appendChild(svg('text', { x: 4, y: bottom }, 0));
    counts.forEach(function (n, i) {
      var h = top ? n / top * plotH : 0;
      var bar = svg('rect', { x: left + i * barW + 1, y: bottom - h, width: Math.max(1, barW - 2), height: h, 'class': 'bar' });
      bar.appendChild(svg('title', {}, num(i * width, 1) + '–' + num((i + 1) * width, 1) + ' ms: ' + n));
      chart.appendChild(bar);
    });
    chart.appendChild(svg('text', { x: left, y: bottom + 16 }, '0 ms'));
    chart.appendChild(svg('text', { x: left + plotW - 60, y: bottom + 16 }, num(max, 1) + ' ms'));
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    // Nearest rank, as the API's percentiles: the ceil(q n)-th smallest; the 1e-9 keeps an integral q n that
    // binary arithmetic puts just above a whole number (0.07 * 100) on its rank.
    var p = function (q) {
      var rank = Math.ceil(q * sorted.length - 1e-9);
      return sorted[Math.max(1, Math.min(sorted.length, rank)) - 1];
    };
    note.textContent = values.length + ' chains · p50 ' + num(p(0.5), 1) + ' ms · p95 ' + num(p(0.95), 1)
      + ' ms · max ' + num(max, 1) + ' ms';
  }

  // ---- reconciliation (only when the summary has the section: reconciliation is on) -------------------------------
  var RESULTS = ['matched', 'qty_mismatch', 'price_mismatch', 'fee_mismatch', 'missing_at_venue', 'missing_in_ledger'];

  function differenceRow(d) {
    var tr = el('tr');
    var result = el('td');
    result.appendChild(el('span', d.result, 'result-' + d.result));
    tr.appendChild(result);
    var ours = d.ours || {};
    var venue = d.venue || {};
    tr.appendChild(el('td', d.venue_order_id || ''));
    tr.appendChild(el('td', d.client_order_id || ''));
    tr.appendChild(el('td', ours.ts || ''));
    tr.appendChild(el('td', num(ours.qty, 8), 'num'));
    tr.appendChild(el('td', num(ours.price, 8), 'num'));
    tr.appendChild(el('td', num(ours.fee, 8), 'num'));
    tr.appendChild(el('td', venue.trade_id || ''));
    tr.appendChild(el('td', num(venue.qty, 8), 'num'));
    tr.appendChild(el('td', num(venue.price, 8), 'num'));
    tr.appendChild(el('td', num(venue.fee, 8), 'num'));
    tr.appendChild(el('td', num(d.lag_s, 1), 'num'));
    return tr;
  }

  function renderReconciliation(answer) {
    var panel = document.getElementById('reconciliation');
    panel.hidden = false;
    document.getElementById('csv-reconciliation').href = url(sessionPath('/reconciliation'), { format: 'csv' });
    var box = document.getElementById('reconciliation-figures');
    clear(box);
    RESULTS.forEach(function (r) {
      var n = answer.counts ? answer.counts[r] || 0 : 0;
      box.appendChild(card(r.split('_').join(' '), num(n, 0), r === 'matched' ? (n ? 'ok' : null) : (n ? 'bad' : null)));
    });
    var lag = answer.lag || {};
    box.appendChild(card('lag max', lag.max_s === null || lag.max_s === undefined ? 'n/a' : num(lag.max_s, 1) + ' s'));
    document.getElementById('reconciliation-count').textContent = num(answer.decisions || 0, 0) + ' decided';
    var body = document.querySelector('#reconciliation-differences tbody');
    clear(body);
    (answer.differences || []).slice(0, MAX_ROWS).forEach(function (d) { body.appendChild(differenceRow(d)); });
    var notListed = answer.differences_not_listed || 0;
    document.getElementById('reconciliation-note').textContent = (answer.differences || []).length
      ? (notListed ? notListed + ' more differences counted but not listed' : '')
      : 'no difference: every decided fill matched';
  }

  function loadReconciliation() {
    if (!summary || !summary.reconciliation) {
      document.getElementById('reconciliation').hidden = true;
      return Promise.resolve();
    }
    return getJson(sessionPath('/reconciliation')).then(renderReconciliation, function (e) {
      document.getElementById('reconciliation-note').textContent = 'reconciliation not available (' + e.message + ')';
    });
  }

  // ---- loading and live updates -----------------------------------------------------------------------------------
  function loadSummary() {
    return getJson(sessionPath('')).then(function (s) { summary = s; }, function () { summary = null; });
  }

  function loadChains() {
    return getJson(sessionPath('/chains'), { limit: 10000 }).then(function (answer) {
      setChains(answer.chains || []);
      document.getElementById('chains-note').textContent = '';
    }, function (e) {
      setChains([]);
      document.getElementById('chains-note').textContent = 'chains not available (' + e.message + ')';
    });
  }

  function loadOpen() {
    return getJson(sessionPath('/chains'), { state: 'open' }).then(function (answer) {
      setOpen(answer);
      document.getElementById('open-note').textContent = '';
    }, function (e) {
      document.getElementById('open-note').textContent = 'open chains not available (' + e.message + ')';
    });
  }

  function refreshDerived() {
    refreshTimer = null;
    Promise.all([loadSummary(), loadChains()]).then(function () {
      pruneOpen();
      setLinks(); renderFigures(); renderSymbols(); renderChains(); renderHistogram();
      return loadReconciliation();
    });
  }

  function scheduleRefresh() {
    if (refreshTimer === null) { refreshTimer = window.setTimeout(refreshDerived, 1000); }
  }

  function loadTimeline(cursor) {
    return getJson(sessionPath('/timeline'), { limit: 10000, cursor: cursor }).then(function (page) {
      page.events.forEach(function (e) { events.push(e); lastId = e.id; });
      return page.next_cursor ? loadTimeline(page.next_cursor) : null;
    });
  }

  function openStream() {
    var source = new EventSource(url('/api/stream/sessions/' + encodeURIComponent(SESSION), { after: lastId }));
    var badge = document.getElementById('live');
    source.onopen = function () { badge.textContent = 'live'; badge.className = 'badge badge-live'; };
    source.onerror = function () { badge.textContent = 'reconnecting'; badge.className = 'badge badge-wait'; };
    source.addEventListener('event', function (message) {
      addEvent(JSON.parse(message.data));
      renderFigures();
      scheduleRefresh();
    });
    // A chain closed: it leaves the in-flight panel and joins the chains table.
    source.addEventListener('chain', function (message) {
      var c = JSON.parse(message.data);
      var added = addChain(c);
      var moved = pruneOpen();
      if (added) { renderChains(c.chain_id); renderHistogram(); }
      if (added || moved) { renderFigures(); }
    });
    source.addEventListener('open_chains', function (message) {
      setOpen(JSON.parse(message.data));
      renderFigures();
    });
  }

  EDGES.forEach(function (edge) {
    var o = el('option', edge.split('_').join(' '));
    o.value = edge;
    if (edge === 'intent_to_fill') { o.selected = true; }
    document.getElementById('edge').appendChild(o);
  });
  document.getElementById('edge').addEventListener('change', renderHistogram);
  document.getElementById('symbol-filter').addEventListener('change', function (ev) {
    symbolFilter = ev.target.value;
    renderTimeline();
  });

  loadTimeline(null).catch(function () { /* unknown yet: the stream starts from the beginning */ })
    .then(function () { return Promise.all([loadSummary(), loadChains()]); })
    .then(loadOpen)
    .then(loadReconciliation)
    .then(function () {
      setLinks(); renderFilters(); renderTimeline(); renderFigures(); renderSymbols(); renderChains(); renderHistogram();
      openStream();
      window.setInterval(tickAges, 1000);
      // Reconciliation decides on the wall clock too (a window passing), with no event of the session to say so.
      window.setInterval(loadReconciliation, 10000);
    });
}());
