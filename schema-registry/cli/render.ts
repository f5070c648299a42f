/**
 * Readable reports for people reading CI logs: findings grouped by check,
 * errors and warnings in full with the clients affected and a fix, plain
 * facts one line each. Pure: text in, text out.
 */
import type { Finding, Severity } from '../checks/finding.ts';

const MARK: Record<Severity, string> = { error: '✖ error  ', warning: '▲ warning', info: '· info   ' };
const INFO_LINES_PER_CHECK = 8;
const indent = (text: string, by: string) => text.split('\n').map((l) => by + l).join('\n');

function details(f: Finding): string[] {
  const where = [f.subgraph && f.check !== 'governance-lint' && f.check !== 'breaking-changes' ? `subgraph ${f.subgraph}` : '', f.location ? `line ${f.location.line}, column ${f.location.column}` : ''].filter(Boolean).join(', ');
  return [
    ...(where ? [`at ${where}`] : []),
    ...(f.clients ?? []).map((c) => `client ${c.client}: ${c.requests} request${c.requests === 1 ? '' : 's'}, last ${c.lastSeen}${c.operations.length ? ` — ${c.operations.map((o) => `${o.name ?? o.hash.slice(0, 12)} (${o.requests})`).join(', ')}` : ''}`),
    ...(f.policy ? [`policy ${f.policy.file}:${f.policy.line}, rule ${f.policy.rule}`] : []),
    ...(f.fix ? [`fix: ${f.fix}`] : []),
  ];
}

function renderFinding(f: Finding): string {
  const head = `${MARK[f.severity]}  ${f.code}${f.coordinate ? `  ${f.coordinate}` : ''}`;
  const body = [f.message, ...(f.severity === 'info' ? [] : details(f))];
  return `${head}\n${indent(body.join('\n'), '             ')}`;
}

export function renderFindings(findings: readonly Finding[]): string {
  const checks = [...new Set(findings.map((f) => f.check))];
  return checks
    .map((check) => {
      const mine = findings.filter((f) => f.check === check);
      const serious = mine.filter((f) => f.severity !== 'info');
      const infos = mine.filter((f) => f.severity === 'info');
      const shown = infos.slice(0, INFO_LINES_PER_CHECK).map((f) => `${MARK.info}  ${f.code}${f.coordinate ? `  ${f.coordinate}` : ''}  ${f.message}`);
      const more = infos.length > INFO_LINES_PER_CHECK ? [`           … and ${infos.length - INFO_LINES_PER_CHECK} more (--json shows all)`] : [];
      return `${check}\n${indent([...serious.map(renderFinding), ...shown, ...more].join('\n'), '  ')}`;
    })
    .join('\n\n');
}

export function summaryLine(findings: readonly Finding[]): string {
  const n = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}`;
}

/** A plain text table; every row has the same keys as `columns`. */
export function table(columns: Record<string, string>, rows: readonly Record<string, unknown>[]): string {
  const keys = Object.keys(columns);
  const cells = rows.map((r) => keys.map((k) => (r[k] == null ? '—' : String(r[k]))));
  const widths = keys.map((k, i) => Math.max(columns[k].length, ...cells.map((c) => c[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(keys.map((k) => columns[k])), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
