/**
 * What every check reports: one finding per problem (or noteworthy fact),
 * with enough to act on it — where, who is affected, how to fix it. A change
 * ships only when no finding is an error.
 */
import type { ClientUsage } from '../usage/clients.ts';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** The check that found it, e.g. breaking-changes. */
  check: string;
  severity: Severity;
  /** Machine-readable kind, e.g. FIELD_REMOVED, a lint rule id, INVALID_GRAPHQL. */
  code: string;
  message: string;
  /** Schema coordinate, e.g. Account.name or Query.accounts(filter:). */
  coordinate?: string;
  subgraph?: string;
  location?: { line: number; column: number };
  fix?: string;
  /** Clients whose operations the change affects, from gateway usage. */
  clients?: ClientUsage[];
  /** For schema changes: breaking, dangerous or safe. */
  classification?: 'breaking' | 'dangerous' | 'safe';
  /** For policy impact: the policy that references the element. */
  policy?: { file: string; line: number; rule: string };
}

export interface CheckSummary {
  ok: boolean;
  errors: number;
  warnings: number;
  infos: number;
}

export function summarize(findings: readonly Finding[]): CheckSummary {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return { ok: count('error') === 0, errors: count('error'), warnings: count('warning'), infos: count('info') };
}
