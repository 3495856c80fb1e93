// A counsellor's view: figures for 30d / 90d / all, live from analytics-service's stream; their
// history from the series endpoint (a point per day), continued by the stream's changes; open
// rupture and deterioration alerts; the safety alerts of their clients.
import * as auth from './auth.js';
import { api, stream } from './api.js';
import { h, clear, fmt, pct, when } from './dom.js';
import { trendChart, barChart } from './chart.js';
import { safetyWorklist } from './safety.js';

const WINDOWS = [['30d', 'Last 30 days'], ['90d', 'Last 90 days'], ['all', 'All time']];
const MAX_POINTS = 200;

const FIGURES = [
  ['allianceIndex', 'Alliance (0–100)', v => fmt(v)],
  ['empathyIndex', 'Empathy (0–100)', v => fmt(v)],
  ['allianceTrend', 'Alliance trend (points / 30 days)', v => fmt(v, 2)],
  ['feedbackRate', 'Feedback rate', pct],
  ['sessionsEnded', 'Sessions ended', v => v],
  ['activeClients', 'Active clients', v => v],
  ['openRuptures', 'Open ruptures', v => v ?? '–'],
  ['repairRate', 'Ruptures repaired', pct],
  ['safetyAlerts', 'Unresolved safety alerts', v => v ?? '–'],
  ['safetyMinutesToAcknowledge', 'Minutes to acknowledge (median)', v => fmt(v, 0)],
];
const OUTCOMES = [
  ['reliableImprovementRate', 'Reliably improved since intake', pct],
  ['deteriorationRate', 'Reliably deteriorated since intake', pct],
  ['allianceOutcomeR', 'Early alliance vs outcome change (r, exploratory)', v => fmt(v, 2)],
];

export function counsellorPage(main, cfg, counsellorId) {
  const own = counsellorId === auth.subject();
  let windowName = '30d';
  let latest = null;
  // Per window: the days from GET .../series (loaded once per window), then the stream's changes.
  const history = { '30d': null, '90d': null, all: null };
  const historyState = { '30d': 'Loading the history…', '90d': 'Loading the history…', all: 'Loading the history…' };
  const live = { '30d': [], '90d': [], all: [] };
  const historyNote = h('p', { class: 'status', id: 'history-status' }, 'Loading the history…');
  const readings = h('div', { id: 'trend-readings' });

  const liveStatus = h('p', { class: 'status', id: 'live-status' }, 'Connecting…');
  const figures = h('dl', { class: 'figures', id: 'figures' });
  const outcomes = h('dl', { class: 'figures', id: 'outcomes' });
  const trend = h('div', { class: 'chart', id: 'trend-chart' });
  const bars = h('div', { class: 'chart', id: 'bgt-chart' });
  const alertsBox = h('div', { id: 'open-alerts' }, h('p', {}, 'Loading…'));
  const picker = h('fieldset', {}, h('legend', {}, 'Window'), h('div', { class: 'choices' },
    WINDOWS.map(([v, t]) => h('label', {},
      h('input', { type: 'radio', name: 'window', value: v, checked: v === windowName, onchange: () => { windowName = v; loadHistory(v); render(); } }), ` ${t}`))));

  const body = h('div', {},
    h('p', { class: 'status' }, own ? 'Your own figures.' : `Counsellor ${counsellorId}`),
    liveStatus, picker,
    h('section', { 'aria-labelledby': 'figures-heading' }, h('h2', { id: 'figures-heading' }, 'Figures'), figures),
    h('section', { 'aria-labelledby': 'trend-heading' },
      h('h2', { id: 'trend-heading' }, 'Alliance and empathy over time'),
      h('p', { class: 'status' }, 'A point per day with data: the window\u2019s figure at the end of that day; then every change while this page is open.'),
      historyNote,
      h('ul', { class: 'legend' }, h('li', {}, h('span', { class: 'swatch alliance' }), 'Alliance'),
        h('li', {}, h('span', { class: 'swatch empathy' }), 'Empathy (dashed)')),
      trend, readings),
    h('section', { 'aria-labelledby': 'bgt-heading' }, h('h2', { id: 'bgt-heading' }, 'Bond, goal and task (WAI-SR, 0–100)'), bars),
    h('section', { 'aria-labelledby': 'outcomes-heading' }, h('h2', { id: 'outcomes-heading' }, 'Outcome change from intake'), outcomes),
    h('section', { 'aria-labelledby': 'alerts-heading' }, h('h2', { id: 'alerts-heading' }, 'Open ruptures and alerts'), alertsBox));
  main.append(h('h1', {}, own ? 'My figures' : 'Counsellor figures'), body);

  function render() {
    if (!latest) return;
    const v = latest.windows[windowName] || {};
    clear(figures).append(...FIGURES.map(([k, label, f]) => h('div', {}, h('dt', {}, label), h('dd', { dataset: { figure: k } }, f(v[k])))));
    clear(outcomes).append(...OUTCOMES.map(([k, label, f]) => h('div', {}, h('dt', {}, label), h('dd', { dataset: { figure: k } }, f(v[k])))));
    historyNote.textContent = historyState[windowName];
    const points = chartPoints(windowName);
    clear(trend).append(trendChart('trend', points, `Alliance and empathy, ${windowName}`));
    const opened = readings.querySelector('details');
    clear(readings).append(readingsTable(points, opened !== null && opened.open));
    clear(bars).append(barChart('bgt', [{ name: 'Bond', value: v.bond }, { name: 'Goal', value: v.goal }, { name: 'Task', value: v.task }], `Bond, goal and task, ${windowName}`));
  }

  async function loadAlerts() {
    try {
      const list = await api(cfg.analyticsUrl, `/api/metrics/counsellors/${counsellorId}/alerts`);
      clear(alertsBox);
      if (!list.length) { alertsBox.append(h('p', {}, 'No open alert.')); return; }
      alertsBox.append(h('ul', {}, list.map(a => h('li', { dataset: { alertType: a.type } },
        h('strong', {}, a.type), ` — client ${a.clientRef}, ${a.instrumentId}, raised ${when(a.raisedAt)}`,
        a.causes && a.causes.length ? ` (${a.causes.join(', ')})` : '', a.status ? ` — ${a.status}` : ''))));
    } catch (e) {
      clear(alertsBox).append(h('p', { class: 'error' }, `Alerts could not be loaded: ${e.message}`));
    }
  }

  // The history ends where the live points begin: a change newer than its last day's point.
  function chartPoints(w) {
    const past = history[w] || [];
    const since = past.length ? past[past.length - 1].t : -Infinity;
    return past.concat(live[w].filter(p => p.t > since));
  }

  function readingsTable(points, open) {
    if (!points.length) return h('p', { class: 'status' }, 'No readings yet.');
    return h('details', { open }, h('summary', {}, `The ${points.length} readings as a table`),
      h('table', { class: 'readings' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Alliance'),
          h('th', { scope: 'col' }, 'Forms'), h('th', { scope: 'col' }, 'Empathy'), h('th', { scope: 'col' }, 'Forms'))),
        h('tbody', {}, points.slice().reverse().map(p => h('tr', {},
          h('td', {}, p.day ? p.day : when(new Date(p.t).toISOString())), h('td', { class: 'num' }, fmt(p.alliance)),
          h('td', { class: 'num' }, p.allianceForms ?? '–'), h('td', { class: 'num' }, fmt(p.empathy)),
          h('td', { class: 'num' }, p.empathyForms ?? '–'))))));
  }

  async function loadHistory(w) {
    if (history[w]) return;
    history[w] = [];
    try {
      const s = await api(cfg.analyticsUrl, `/api/metrics/counsellors/${counsellorId}/series?window=${w}`);
      const asOf = Date.parse(s.asOf);
      // A day's point is its end; today's (still going) is the series' instant.
      history[w] = s.points.map(p => ({
        t: Math.min(Date.parse(`${p.day}T00:00:00Z`) + 86399999, asOf), day: p.day,
        alliance: p.allianceIndex, empathy: p.empathyIndex, allianceForms: p.allianceForms, empathyForms: p.empathyForms,
      }));
      historyState[w] = s.points.length
        ? `History: ${s.points.length} day${s.points.length === 1 ? '' : 's'} with data${s.truncated ? ' (the oldest left out)' : ''}.`
        : 'No history in this window yet.';
    } catch (e) {
      history[w] = null; // picked again, it is asked again
      historyState[w] = e.status === 403 ? '' : `The history could not be loaded: ${e.message}`;
    }
    render();
  }

  let alertsTimer = null;
  loadHistory(windowName);
  const liveStream = stream(cfg.analyticsUrl, `/api/metrics/counsellors/${counsellorId}/stream`, {
    onData: metrics => {
      latest = metrics;
      for (const [w] of WINDOWS) {
        const v = metrics.windows[w];
        if (!v) continue;
        live[w].push({ t: Date.parse(metrics.asOf), alliance: v.allianceIndex, empathy: v.empathyIndex,
          allianceForms: v.allianceForms, empathyForms: v.empathyForms });
        if (live[w].length > MAX_POINTS) live[w].shift();
      }
      render();
      clearTimeout(alertsTimer);
      alertsTimer = setTimeout(loadAlerts, 300);
    },
    onError: e => {
      clear(body).append(h('p', { class: 'error', role: 'alert', id: 'refused' }, e.status === 403
        ? `You may not see this counsellor's figures: analytics-service refused (403). ${e.message}`
        : `The figures could not be loaded (${e.status}): ${e.message}`));
    },
    onState: s => { liveStatus.textContent = s === 'live' ? 'Live: the figures update as feedback arrives.' : s === 'reconnecting' ? 'Connection lost, reconnecting…' : ''; },
  });
  const leaveSafety = own && auth.hasRole('counsellor')
    ? safetyWorklist(body, cfg, { heading: 'Safety alerts of your clients' })
    : null;
  return () => { liveStream.close(); clearTimeout(alertsTimer); if (leaveSafety) leaveSafety(); };
}
