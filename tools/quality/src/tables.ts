/**
 * The measured tables in READMEs: each sits between `<!-- quality:<id> -->` and
 * `<!-- /quality:<id> -->`, and only what is between the two markers is ever rewritten.
 */

export const openMarker = (id: string) => `<!-- quality:${id} -->`;
export const closeMarker = (id: string) => `<!-- /quality:${id} -->`;

/** A README without the marker pair (or with it broken): the message is one line. */
export class MarkerError extends Error {
  override name = 'MarkerError';
}

const count = (text: string, part: string) => text.split(part).length - 1;

/** Throws a MarkerError unless `text` holds exactly one well-ordered marker pair for `id`. */
export function checkMarkers(text: string, id: string, file: string): void {
  const open = openMarker(id);
  const close = closeMarker(id);
  const opens = count(text, open);
  const closes = count(text, close);
  if (opens === 0 && closes === 0) throw new MarkerError(`${file} has no ${open} ... ${close} pair; add it where the table belongs`);
  if (opens !== 1 || closes !== 1) throw new MarkerError(`${file}: ${open} and ${close} must appear once each (found ${opens} and ${closes})`);
  if (text.indexOf(close) < text.indexOf(open)) throw new MarkerError(`${file}: ${close} comes before ${open}`);
}

/** `text` with what lies between the markers of `id` replaced by `content`; everything else is kept byte for byte. */
export function replaceBlock(text: string, id: string, content: string, file: string): string {
  checkMarkers(text, id, file);
  const start = text.indexOf(openMarker(id)) + openMarker(id).length;
  const end = text.indexOf(closeMarker(id));
  return `${text.slice(0, start)}\n${content.trim()}\n${text.slice(end)}`;
}

/** One row of a measured table. */
export interface MetricRow {
  metric: string;
  value: number;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** Fields of an evaluate metric object that say how it was measured, not what. */
const isCount = (field: string) => field === 'count' || field.endsWith('Count') || field === 'k' || field === 'threshold';

/**
 * The figures of `ganforge evaluate --json`'s `metrics`, generically: a family hook's metrics are
 * plain numbers (`modes: 25`); the generator metrics are objects with a `title` and numeric fields
 * (`fd: { title, value }`, `kid: { title, mean, std }`). `paths` (e.g. `fd.value`, `kid.mean`)
 * picks and orders them; without it every top-level number and every non-count field one level
 * down is shown.
 */
export function metricRows(metrics: Record<string, unknown>, paths?: string[]): MetricRow[] {
  const label = (key: string, field?: string) => {
    const title = (metrics[key] as { title?: unknown } | undefined)?.title;
    const name = typeof title === 'string' ? title : key;
    return field === undefined || field === 'value' ? name : `${name}: ${field}`;
  };
  if (paths !== undefined) {
    return paths.map((path) => {
      const [key, field] = path.split('.') as [string, string | undefined];
      const value = field === undefined ? metrics[key] : (metrics[key] as Record<string, unknown> | undefined)?.[field];
      if (!isNumber(value)) throw new Error(`evaluate reported no number at metrics.${path}; it reported: ${Object.keys(metrics).join(', ')}`);
      return { metric: label(key, field), value };
    });
  }
  const rows: MetricRow[] = [];
  for (const [key, value] of Object.entries(metrics)) {
    if (isNumber(value)) rows.push({ metric: label(key), value });
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [field, inner] of Object.entries(value)) if (isNumber(inner) && !isCount(field)) rows.push({ metric: label(key, field), value: inner });
    }
  }
  return rows;
}

/** A figure as the table prints it: integers whole, others to 4 significant digits. */
export const formatValue = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4))));

/** Seconds as a table prints them: tenths below 100 s. */
export const seconds = (s: number) => (s < 100 ? s.toFixed(1) : String(Math.round(s)));

/** Where and how a table's figures were made. */
export interface Provenance {
  /** YYYY-MM-DD. */
  date: string;
  /** Short hash; `+ uncommitted changes` is appended by the caller when the tree was dirty. */
  commit: string;
  /** CPU model and core count. */
  machine: string;
  /** The backend evaluate reports, e.g. `wasm (@tensorflow/tfjs-backend-wasm, 2 threads)`. */
  backend: string;
  trainSeconds: number;
  evaluateSeconds: number;
  steps: number;
  stepsScale: number;
  /** The commands, with `<run>` for the run folder. */
  commands: string[];
}

/** The Markdown that goes between a table's markers. */
export function renderBlock(rows: MetricRow[], p: Provenance, note?: string): string {
  const lines = [
    ...(note ? [note, ''] : []),
    '| metric | value |',
    '| --- | --- |',
    ...rows.map((r) => `| ${r.metric.replaceAll('|', '\\|')} | ${formatValue(r.value)} |`),
    '',
    `measured ${p.date} on commit ${p.commit}, ${p.machine}, backend ${p.backend}, wall time train ${seconds(p.trainSeconds)} s / evaluate ${seconds(p.evaluateSeconds)} s, steps ${p.steps} (steps scale ${p.stepsScale}), by \`pnpm quality\`:`,
    '',
    '```sh',
    ...p.commands,
    '```',
  ];
  return lines.join('\n');
}
