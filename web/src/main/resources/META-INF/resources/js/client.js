// The client's page: sessions waiting for feedback, and each instrument's form rendered from
// its definition in feedback-service's registry. After a risk answer the organisation's
// crisis-support text from the 201 is shown first and prominently.
import { api, ApiError } from './api.js';
import { h, clear, when } from './dom.js';

export function clientPage(main, cfg) {
  const list = h('div', { id: 'pending', class: 'cards' }, h('p', {}, 'Loading…'));
  main.append(h('h1', {}, 'My feedback'),
    h('p', {}, 'After a session, tell your counsellor how it went. Your answers help you both.'), list);

  (async () => {
    try {
      const [pending, instruments] = await Promise.all([
        api(cfg.feedbackUrl, '/api/feedback/pending'), api(cfg.feedbackUrl, '/api/instruments')]);
      clear(list);
      if (!pending.length) { list.append(h('p', { id: 'nothing-pending' }, 'No session is waiting for your feedback.')); return; }
      pending.forEach((p, i) => list.append(sessionCard(cfg, p, i, instruments)));
    } catch (e) {
      clear(list).append(h('p', { class: 'error', role: 'alert' }, `Your pending feedback could not be loaded: ${e.message}`));
    }
  })();
  return () => {};
}

function sessionCard(cfg, pending, index, instruments) {
  const formBox = h('div', {});
  const result = h('div', { class: 'result' });
  const selectId = `instrument-${index}`;
  const select = h('select', { id: selectId, onchange: () => show() },
    instruments.map(d => h('option', { value: d.id }, d.title)));
  const card = h('section', { class: 'card', 'aria-labelledby': `session-${index}`, dataset: { sessionId: pending.sessionId } },
    h('h2', { id: `session-${index}` }, `Session ended ${when(pending.endedAt)}`),
    pending.dueBy ? h('p', { class: 'status' }, `Please answer by ${when(pending.dueBy)}.`) : null,
    h('label', { for: selectId }, 'Questionnaire '), select, result, formBox);

  function show() {
    const def = instruments.find(d => d.id === select.value);
    clear(formBox).append(instrumentForm(def, `${index}-${def.id}`, async (answers, comment) => {
      const body = { instrumentId: def.id, answers };
      if (comment) body.comment = comment;
      try {
        const scored = await api(cfg.feedbackUrl, `/api/sessions/${pending.sessionId}/feedback`, {
          method: 'POST', body, headers: { 'Idempotency-Key': crypto.randomUUID() } });
        clear(result);
        if (scored.support) {
          const box = h('div', { class: 'support', role: 'alert', id: `support-${index}`, tabindex: '-1' },
            h('h2', {}, 'Help is available now'),
            h('p', { class: 'support-message' }, scored.support.message),
            scored.support.contacts && scored.support.contacts.length
              ? h('ul', {}, scored.support.contacts.map(c => h('li', {}, typeof c === 'string' ? c : Object.values(c).join(': '))))
              : null);
          result.append(box);
          box.focus();
        }
        result.append(h('p', { class: 'done', role: 'status' }, `Thank you: your answers were saved (${def.title}).`));
        clear(formBox);
      } catch (e) {
        const v = e instanceof ApiError && e.problem && e.problem.violations;
        clear(result).append(h('div', { class: 'error', role: 'alert' }, `Not saved: ${e.message}`,
          v && v.length ? h('ul', {}, v.map(x => h('li', {}, `${x.field}: ${x.message}`))) : null));
      }
    }));
  }
  show();
  return card;
}

function instrumentForm(def, key, submit) {
  const scale = def.scale;
  const labels = new Map((scale.labels || []).map(l => [Number(l.value), l.label]));
  const discrete = Number(scale.step) === 1 && scale.max - scale.min <= 10;
  const fields = def.items.map(item => {
    const name = `q-${key}-${item.id}`;
    const wording = item.text || (item.label ? `${item.label}` : `Item ${item.id}`);
    if (discrete) {
      const options = [];
      for (let v = scale.min; v <= scale.max; v++) {
        const id = `${name}-${v}`;
        options.push(h('label', { for: id }, h('input', { type: 'radio', id, name, value: v, required: true }),
          ` ${labels.has(v) ? `${labels.get(v)} (${v})` : v}`));
      }
      if (scale.notApplicable) {
        const id = `${name}-na`;
        options.push(h('label', { for: id }, h('input', { type: 'radio', id, name, value: 'na', required: true }), ' Does not apply'));
      }
      return h('fieldset', { dataset: { item: item.id } }, h('legend', {}, `${item.id}. ${wording}`), h('div', { class: 'choices' }, options));
    }
    return h('div', { dataset: { item: item.id } }, h('label', { for: name }, `${item.id}. ${wording} (${scale.min}–${scale.max}) `),
      h('input', { type: 'number', id: name, name, min: scale.min, max: scale.max, step: scale.step, required: true, inputmode: 'decimal' }));
  });
  const commentId = `comment-${key}`;
  const form = h('form', { novalidate: null, 'aria-label': def.title },
    def.stem ? h('p', {}, def.stem) : null,
    def.items.some(i => !i.text) ? h('p', { class: 'status' }, 'The wording of this licensed questionnaire is not included; each question shows its short name.') : null,
    fields,
    h('div', {}, h('label', { for: commentId }, 'Comment for your counsellor (optional)'), h('br'),
      h('textarea', { id: commentId, rows: 3, cols: 50, maxlength: 2000 })),
    h('button', { type: 'submit' }, 'Send my answers'));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const data = new FormData(form);
    const answers = {};
    for (const item of def.items) {
      const raw = data.get(`q-${key}-${item.id}`);
      answers[item.id] = raw === 'na' ? null : Number(raw);
    }
    submit(answers, form.querySelector('textarea').value.trim());
  });
  return form;
}
