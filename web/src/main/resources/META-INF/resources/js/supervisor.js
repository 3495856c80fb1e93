// The supervisor's overview: the organisation summary, every counsellor in a sortable table,
// and the safety worklist (unresolved, escalated first).
import { api } from './api.js';
import { h, clear, fmt, pct } from './dom.js';
import { safetyWorklist } from './safety.js';

// Each figure with the count of clients it rests on (the view's own count fields). A figure that
// analytics lists in the view's belowMinimum (fewer clients than its minimum for comparisons) is
// marked: a figure over 3 clients is not one over 300.
const COLUMNS = [
  ['allianceIndex', 'Alliance', v => fmt(v), 'allianceClients'],
  ['empathyIndex', 'Empathy', v => fmt(v), 'empathyClients'],
  ['allianceTrend', 'Trend', v => fmt(v, 2), 'allianceClients'],
  ['feedbackRate', 'Feedback rate', pct, 'activeClients'],
  ['activeClients', 'Active clients', v => v],
  ['sessionsEnded', 'Sessions ended', v => v],
  ['openRuptures', 'Open ruptures', v => v ?? '–'],
  ['safetyAlerts', 'Unresolved safety alerts', v => v ?? '–'],
  ['reliableImprovementRate', 'Reliably improved', pct, 'outcomeClients'],
  ['deteriorationRate', 'Deteriorated', pct, 'outcomeClients'],
];
const SUMMARY = [
  ['counsellors', 'Counsellors', v => v], ['activeClients', 'Active clients', v => v],
  ['sessionsEnded', 'Sessions ended', v => v], ['feedbackRate', 'Feedback rate', pct],
  ['allianceIndex', 'Alliance (0–100)', v => fmt(v)], ['empathyIndex', 'Empathy (0–100)', v => fmt(v)],
  ['openRuptures', 'Open ruptures', v => v ?? '–'], ['safetyAlerts', 'Unresolved safety alerts', v => v ?? '–'],
  ['reliableImprovementRate', 'Reliably improved', pct], ['allianceOutcomeR', 'Alliance–outcome r (exploratory)', v => fmt(v, 2)],
];

export function supervisorPage(main, cfg) {
  let windowName = '30d';
  let sort = '-allianceIndex';
  const summary = h('dl', { class: 'figures', id: 'summary' });
  const table = h('div', { id: 'counsellors' });
  const picker = h('fieldset', {}, h('legend', {}, 'Window'), h('div', { class: 'choices' },
    [['30d', 'Last 30 days'], ['90d', 'Last 90 days'], ['all', 'All time']].map(([v, t]) => h('label', {},
      h('input', { type: 'radio', name: 'window', value: v, checked: v === windowName, onchange: () => { windowName = v; load(); } }), ` ${t}`))));
  const body = h('div', {});
  main.append(h('h1', {}, 'Organisation and safety'), body);
  const leaveSafety = safetyWorklist(body, cfg, { heading: 'Safety worklist' });
  body.append(picker,
    h('section', { 'aria-labelledby': 'summary-heading' }, h('h2', { id: 'summary-heading' }, 'Organisation'), summary),
    h('section', { 'aria-labelledby': 'counsellors-heading' }, h('h2', { id: 'counsellors-heading' }, 'Counsellors'),
      h('p', { class: 'status' }, 'Under each figure, the clients it rests on. Figures resting on fewer clients than '
        + 'the minimum for comparisons are marked “few clients”: read them beside others with care.'),
      h('button', { type: 'button', class: 'secondary', id: 'refresh-table', onclick: () => load() }, 'Refresh'), table));

  async function load() {
    try {
      const [org, page] = await Promise.all([
        api(cfg.analyticsUrl, `/api/metrics/summary?window=${windowName}`),
        api(cfg.analyticsUrl, `/api/metrics/counsellors?window=${windowName}&sort=${encodeURIComponent(sort)}&size=100`),
      ]);
      clear(summary).append(...SUMMARY.map(([k, label, f]) => h('div', {}, h('dt', {}, label), h('dd', { dataset: { figure: k } }, f(org[k])))));
      renderTable(page);
    } catch (e) {
      clear(table).append(h('p', { class: 'error', role: 'alert' }, `The figures could not be loaded: ${e.message}`));
    }
  }

  function header(key, label) {
    const active = sort === key || sort === `-${key}`;
    const descending = sort === `-${key}`;
    return h('th', { scope: 'col', 'aria-sort': active ? (descending ? 'descending' : 'ascending') : null },
      h('button', { type: 'button', onclick: () => { sort = active && !descending ? `-${key}` : key; load(); } },
        label, active ? (descending ? ' ▼' : ' ▲') : ''));
  }

  function renderTable(page) {
    clear(table).append(h('table', { id: 'counsellor-table' },
      h('caption', {}, `${page.total} counsellors, sorted by ${sort.replace(/^-/, '')} ${sort.startsWith('-') ? 'descending' : 'ascending'}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Counsellor'), COLUMNS.map(([k, label]) => header(k, label)))),
      h('tbody', {}, page.items.map(v => {
        const below = new Set(v.belowMinimum || []);
        return h('tr', { dataset: { counsellorId: v.counsellorId } },
          h('th', { scope: 'row' }, h('a', { href: `#/counsellor/${v.counsellorId}` }, v.counsellorId.slice(0, 8))),
          COLUMNS.map(([k, , f, count]) => h('td', { class: below.has(k) ? 'num below' : 'num', dataset: { figure: k, below: below.has(k) } },
            f(v[k]),
            count && v[k] !== null && v[k] !== undefined ? h('div', { class: 'count' }, `${v[count]} client${v[count] === 1 ? '' : 's'}`) : null,
            below.has(k) ? h('div', { class: 'few' }, 'few clients') : null)));
      }))));
  }

  load();
  return () => leaveSafety();
}
