// The supervisor's overview: the organisation summary, every counsellor in a sortable table,
// and the safety worklist (unresolved, escalated first).
import { api } from './api.js';
import { h, clear, fmt, pct } from './dom.js';
import { safetyWorklist } from './safety.js';

// Figures below this many active clients are marked: a figure over 3 clients is not one over 300.
// (The default minimum of domain.md; the API does not say per figure which are below it.)
const MINIMUM_CLIENTS = 10;

const COLUMNS = [
  ['allianceIndex', 'Alliance', v => fmt(v)],
  ['empathyIndex', 'Empathy', v => fmt(v)],
  ['allianceTrend', 'Trend', v => fmt(v, 2)],
  ['feedbackRate', 'Feedback rate', pct],
  ['activeClients', 'Active clients', v => v],
  ['sessionsEnded', 'Sessions ended', v => v],
  ['openRuptures', 'Open ruptures', v => v ?? '–'],
  ['safetyAlerts', 'Unresolved safety alerts', v => v ?? '–'],
  ['reliableImprovementRate', 'Reliably improved', pct],
  ['deteriorationRate', 'Deteriorated', pct],
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
      h('p', { class: 'status' }, `Figures resting on fewer than ${MINIMUM_CLIENTS} active clients are marked “few clients”.`),
      h('button', { type: 'button', class: 'secondary', onclick: () => load() }, 'Refresh'), table));

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
        const few = v.activeClients < MINIMUM_CLIENTS;
        return h('tr', { dataset: { counsellorId: v.counsellorId } },
          h('th', { scope: 'row' }, h('a', { href: `#/counsellor/${v.counsellorId}` }, v.counsellorId.slice(0, 8)),
            few ? h('div', { class: 'few' }, 'few clients') : null),
          COLUMNS.map(([k, , f]) => h('td', { class: 'num', dataset: { figure: k } }, f(v[k]))));
      }))));
  }

  load();
  return () => leaveSafety();
}
