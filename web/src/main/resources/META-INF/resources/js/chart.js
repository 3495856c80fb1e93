// Small SVG charts (no library): each has a text title and description, and the page shows
// the same numbers as text, so nothing is only in the picture.
import { s, fmt } from './dom.js';

const W = 640, H = 240, L = 40, R = 12, T = 12, B = 28;

function y(v) { return T + (H - T - B) * (1 - v / 100); }

/** Alliance and empathy (0–100) against time; points: [{t: ms, alliance, empathy}], oldest first. */
export function trendChart(id, points, label) {
  const t0 = points.length ? points[0].t : 0;
  const t1 = points.length ? points[points.length - 1].t : 1;
  const span = Math.max(t1 - t0, 1);
  const x = t => points.length < 2 ? (L + W - R) / 2 : L + (W - L - R) * (t - t0) / span;
  const last = points[points.length - 1] || {};
  const svg = s('svg', {
    id, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`,
    'data-points': points.length, 'data-last-alliance': last.alliance ?? '', 'data-last-empathy': last.empathy ?? '',
  },
  s('title', { id: `${id}-title` }, label),
  s('desc', { id: `${id}-desc` }, points.length
    ? `${points.length} readings; latest alliance ${fmt(last.alliance)}, empathy ${fmt(last.empathy)} of 100.`
    : 'No readings yet.'));
  for (const v of [0, 25, 50, 75, 100]) {
    svg.append(s('line', { class: 'grid', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    svg.append(s('text', { class: 'tick', x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, v));
  }
  svg.append(s('line', { class: 'axis', x1: L, x2: L, y1: T, y2: H - B }));
  svg.append(s('line', { class: 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B }));
  if (points.length) {
    // Days apart (a history): dates on the axis; within a day (live changes only): times.
    const fmtTime = span > 36 * 3600 * 1000
      ? t => new Date(t).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
      : t => new Date(t).toLocaleTimeString('en-GB');
    svg.append(s('text', { class: 'tick', x: L, y: H - 8 }, fmtTime(t0)));
    if (points.length > 1) svg.append(s('text', { class: 'tick', x: W - R, y: H - 8, 'text-anchor': 'end' }, fmtTime(t1)));
  }
  for (const key of ['alliance', 'empathy']) {
    const pts = points.filter(p => p[key] !== null && p[key] !== undefined);
    if (pts.length > 1) svg.append(s('polyline', { class: `line-${key}`, points: pts.map(p => `${x(p.t)},${y(p[key])}`).join(' ') }));
    for (const p of pts) svg.append(s('circle', { class: `dot-${key}`, cx: x(p.t), cy: y(p[key]), r: 3 }));
  }
  return svg;
}

/** Horizontal bars 0–100: bars = [{name, value}]. */
export function barChart(id, bars, label) {
  const rowH = 36, h = bars.length * rowH + 8, w = W;
  const svg = s('svg', { id, viewBox: `0 0 ${w} ${h}`, role: 'img', 'aria-labelledby': `${id}-title` },
    s('title', { id: `${id}-title` }, `${label}: ${bars.map(b => `${b.name} ${fmt(b.value)}`).join(', ')}`));
  bars.forEach((b, i) => {
    const top = 4 + i * rowH;
    svg.append(s('text', { class: 'tick', x: 0, y: top + 20 }, b.name));
    svg.append(s('rect', { x: 60, y: top + 6, width: w - 130, height: 20, fill: '#eeeeee' }));
    if (b.value !== null && b.value !== undefined) {
      svg.append(s('rect', { class: 'bar', x: 60, y: top + 6, width: (w - 130) * Math.max(0, Math.min(100, b.value)) / 100, height: 20 }));
    }
    svg.append(s('text', { class: 'tick', x: w - 8, y: top + 20, 'text-anchor': 'end' }, fmt(b.value)));
  });
  return svg;
}
