// Calls to the services with the signed-in user's bearer token; errors as problem+json.
import { accessToken } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function problemOf(res) {
  try { return await res.json(); } catch { return null; }
}

export async function api(base, path, { method = 'GET', body, headers = {} } = {}) {
  const token = await accessToken();
  const res = await fetch(base + path, {
    method,
    headers: {
      Authorization: `Bearer ${token}`, Accept: 'application/json',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/**
 * A server-sent event stream read with fetch (EventSource cannot send the bearer token): calls
 * onData with each event's JSON, reconnects with a fresh token after a drop, and stops for good
 * on 401/403/404 (onError hears why). Returns {close()}.
 */
export function stream(base, path, { onData, onError, onState }) {
  let closed = false;
  let controller = null;
  let delay = 500;
  const state = s => onState && onState(s);

  async function connect() {
    while (!closed) {
      controller = new AbortController();
      try {
        const token = await accessToken();
        const res = await fetch(base + path, {
          headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
          signal: controller.signal,
          cache: 'no-store',
        });
        if (!res.ok) {
          const error = new ApiError(res.status, await problemOf(res));
          if ([400, 401, 403, 404].includes(res.status)) { closed = true; state('refused'); onError && onError(error); return; }
          throw error;
        }
        state('live');
        delay = 500;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut;
          while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(buffer.slice(cut).match(/^\r?\n\r?\n/)[0].length + cut);
            const data = block.split(/\r?\n/).filter(l => l.startsWith('data:')).map(l => l.slice(5).replace(/^ /, '')).join('\n');
            if (data) onData(JSON.parse(data));
          }
        }
      } catch (e) {
        if (closed) return;
      }
      if (closed) return;
      state('reconnecting');
      await new Promise(r => setTimeout(r, delay));
      delay = Math.min(delay * 2, 15000);
    }
  }
  connect();
  return { close() { closed = true; if (controller) controller.abort(); } };
}
