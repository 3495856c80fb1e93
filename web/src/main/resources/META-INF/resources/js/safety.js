// The safety worklist: unresolved safety alerts (escalated first, then the oldest), live from
// feedback-service's stream, with acknowledge and resolve.
import { api, stream } from './api.js';
import { h, clear, when } from './dom.js';

const OUTCOMES = [
  ['NO_CURRENT_RISK', 'No current risk'], ['SAFETY_PLAN', 'Safety plan made'],
  ['REFERRED_CRISIS_TEAM', 'Referred to the crisis team'], ['EMERGENCY_SERVICES', 'Emergency services called'],
  ['UNABLE_TO_CONTACT', 'Unable to contact'],
];

function order(a, b) {
  const ea = a.escalatedAt ? 0 : 1, eb = b.escalatedAt ? 0 : 1;
  return ea - eb || String(a.raisedAt).localeCompare(String(b.raisedAt));
}

/** Renders into container; returns a clean-up function. counsellorFilter: only that counsellor's alerts (null: all). */
export function safetyWorklist(container, cfg, { heading, counsellorFilter = null }) {
  const alerts = new Map();
  const status = h('p', { class: 'status', id: 'safety-status' }, 'Loading…');
  const announce = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { id: 'safety-worklist' });
  container.append(h('section', { 'aria-labelledby': 'safety-heading' },
    h('h2', { id: 'safety-heading' }, heading), status, announce, body));

  const wanted = a => !counsellorFilter || a.counsellorId === counsellorFilter;

  function render() {
    clear(body);
    const open = [...alerts.values()].filter(a => a.status !== 'RESOLVED' && wanted(a)).sort(order);
    if (!open.length) { body.append(h('p', { id: 'safety-empty' }, 'No unresolved safety alert.')); return; }
    body.append(h('table', {},
      h('caption', { class: 'visually-hidden' }, 'Unresolved safety alerts, escalated first'),
      h('thead', {}, h('tr', {}, ['Raised', 'Status', 'Client', 'Instrument, item: answer', 'Actions'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, open.map(row))));
  }

  function row(a) {
    const select = h('select', { id: `outcome-${a.id}` }, OUTCOMES.map(([v, t]) => h('option', { value: v }, t)));
    const message = h('span', { class: 'status' });
    const act = async (path, payload, done) => {
      try {
        const updated = await api(cfg.feedbackUrl, `/api/alerts/safety/${a.id}/${path}`, { method: 'POST', body: payload });
        alerts.set(updated.id, updated);
        announce.textContent = done;
        render();
      } catch (e) {
        message.textContent = `Refused: ${e.message}`;
      }
    };
    return h('tr', { dataset: { alertId: a.id, status: a.status } },
      h('td', {}, when(a.raisedAt), a.escalatedAt ? h('div', { class: 'escalated' }, `Escalated ${when(a.escalatedAt)}`) : null),
      h('td', { class: 'alert-status' }, a.status),
      h('td', {}, a.clientId || a.clientRef || '–'),
      h('td', {}, `${a.instrumentId}, item ${a.item}: ${a.answer}`),
      h('td', {},
        a.status === 'OPEN'
          ? h('button', { type: 'button', class: 'acknowledge', onclick: () => act('acknowledge', undefined, 'Alert acknowledged') }, 'Acknowledge')
          : null,
        ' ',
        h('label', { for: `outcome-${a.id}` }, 'Outcome '), select, ' ',
        h('button', { type: 'button', class: 'resolve', onclick: () => act('resolve', { outcome: select.value }, 'Alert resolved') }, 'Resolve'),
        message));
  }

  async function load() {
    for (const s of ['OPEN', 'ACKNOWLEDGED']) {
      const page = await api(cfg.feedbackUrl, `/api/alerts/safety?status=${s}&size=100`);
      page.items.forEach(a => alerts.set(a.id, a));
    }
    render();
  }

  const live = stream(cfg.feedbackUrl, '/api/alerts/safety/stream', {
    onData: a => {
      const known = alerts.get(a.id);
      if (!known || a.status !== known.status || a.escalatedAt !== known.escalatedAt) {
        alerts.set(a.id, { ...known, ...a });
        if (a.status === 'OPEN' && !known && wanted(a)) announce.textContent = 'A new safety alert was raised';
        render();
      }
    },
    onError: e => { status.textContent = `Live updates refused: ${e.message}`; },
    onState: s => { status.textContent = s === 'live' ? 'Live: new alerts appear here as they are raised.' : s === 'reconnecting' ? 'Reconnecting…' : status.textContent; },
  });
  load().catch(e => { clear(body).append(h('p', { class: 'error', role: 'alert' }, `Safety alerts could not be loaded: ${e.message}`)); });
  return () => live.close();
}
