/** Pure: ratios to the baseline and the ceiling, and the tables the benchmark prints. */

export interface Measurement {
  variant: string;
  label: string;
  operation: string;
  rps: number;
  p50: number;
  p99: number;
  peakMb: number | null;
  sqlPerRequest: number | null;
  subgraphRequestsPerRequest: number | null;
  non2xx: number;
  errors: number;
  /** Cache store calls that failed during the run (each served as a miss). */
  cacheFailures: number | null;
  sameDataAsBaseline: boolean | null;
}

export interface Compared extends Measurement {
  vsBaseline: number | null;
  ofCeiling: number | null;
}

export function compare(rows: readonly Measurement[], baseline: string, ceiling: string): Compared[] {
  const rpsOf = (variant: string, operation: string) => rows.find((r) => r.variant === variant && r.operation === operation)?.rps;
  return rows.map((r) => {
    const base = rpsOf(baseline, r.operation);
    const top = rpsOf(ceiling, r.operation);
    return { ...r, vsBaseline: base ? r.rps / base : null, ofCeiling: top ? r.rps / top : null };
  });
}

const fixed = (n: number | null | undefined, digits: number) => (n == null || !Number.isFinite(n) ? '—' : n.toFixed(digits));

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function operationTable(rows: readonly Compared[]): string {
  return table(
    ['variant', 'req/s', 'p50 ms', 'p99 ms', 'peak MB', 'SQL/req', 'subgraph req/req', '× baseline', '% of ceiling'],
    rows.map((r) => [
      r.label +
        (r.errors || r.non2xx ? ` (${r.errors + r.non2xx} failed)` : '') +
        (r.cacheFailures ? ` (${r.cacheFailures} cache misses from Redis errors)` : '') +
        (r.sameDataAsBaseline === false ? ' (data differs!)' : ''),
      fixed(r.rps, 0),
      fixed(r.p50, 1),
      fixed(r.p99, 1),
      fixed(r.peakMb, 0),
      fixed(r.sqlPerRequest, 2),
      fixed(r.subgraphRequestsPerRequest, 2),
      r.vsBaseline == null ? '—' : `${fixed(r.vsBaseline, 2)}×`,
      r.ofCeiling == null ? '—' : `${fixed(r.ofCeiling * 100, 1)}%`,
    ]),
  );
}

export interface ScalePoint {
  variant: string;
  label: string;
  entities: number;
  p50: number;
  p99: number;
  sqlPerRequest: number;
  rssMb: number | null;
  peakMb: number | null;
}

export function scaleTable(points: readonly ScalePoint[]): string {
  return table(
    ['variant', 'entities', 'p50 ms', 'p99 ms', 'ms per 1000 entities', 'SQL/req', 'RSS MB', 'peak MB'],
    points.map((p) => [p.label, String(p.entities), fixed(p.p50, 1), fixed(p.p99, 1), fixed((p.p50 / p.entities) * 1000, 1), fixed(p.sqlPerRequest, 2), fixed(p.rssMb, 0), fixed(p.peakMb, 0)]),
  );
}
