/**
 * How severe a schema change is for the clients that actually use the
 * schema, as a table: a breaking change blocks only when a client used the
 * element within the window — unless the element has been deprecated for
 * longer than the window, which is how teams earn the right to remove.
 * Pure: usage and deprecation dates come in as data.
 */
import type { SchemaChange } from '../diff/changes.ts';
import type { ClientUsage } from '../usage/clients.ts';
import type { Finding, Severity } from './finding.ts';

export interface VerdictInput {
  change: SchemaChange;
  /** Clients that used what the change affects within the window. */
  clients: ClientUsage[];
  /** When the element's current deprecation began, if it is deprecated. */
  deprecatedSince?: string;
  windowDays: number;
  now: Date;
  /** Count clients without naming them: the check was asked without a registry token, and usage is not shown to anonymous callers. */
  anonymous?: boolean;
}

const DAY_MS = 86_400_000;
const deprecatedLongEnough = (v: VerdictInput) => v.deprecatedSince !== undefined && v.now.getTime() - Date.parse(v.deprecatedSince) > v.windowDays * DAY_MS;
/** ": a, b" naming the clients, or nothing when they must not be named. */
const clientList = (v: VerdictInput) => (v.anonymous ? '' : `: ${v.clients.map((c) => c.client).join(', ')}`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

interface Verdict {
  applies(v: VerdictInput): boolean;
  severity: Severity;
  note(v: VerdictInput): string;
}

/** First matching row wins. */
const VERDICTS: Verdict[] = [
  { applies: (v) => v.change.classification === 'breaking' && v.change.affects === null, severity: 'error', note: () => 'The registry cannot relate this change to usage, so it counts as used.' },
  {
    applies: (v) => v.change.classification === 'breaking' && v.clients.length > 0 && deprecatedLongEnough(v),
    severity: 'warning',
    note: (v) => `Deprecated since ${v.deprecatedSince!.slice(0, 10)}, longer than the ${v.windowDays}-day window, so it may go; still used by ${plural(v.clients.length, 'client')}${clientList(v)}.`,
  },
  { applies: (v) => v.change.classification === 'breaking' && v.clients.length > 0, severity: 'error', note: (v) => `Used by ${plural(v.clients.length, 'client')} in the last ${v.windowDays} days${clientList(v)}.` },
  { applies: (v) => v.change.classification === 'breaking', severity: 'warning', note: (v) => `No client used it in the last ${v.windowDays} days.` },
  { applies: (v) => v.change.classification === 'dangerous', severity: 'warning', note: (v) => (v.clients.length ? `Used by ${plural(v.clients.length, 'client')}${clientList(v)}.` : '') },
  { applies: () => true, severity: 'info', note: () => '' },
];

/** What to do instead, per kind of change. */
const FIXES: Record<string, (coordinate: string, windowDays: number) => string> = {
  FIELD_REMOVED: (c, w) => `Keep ${c} and mark it @deprecated(reason: "use … instead"); remove it once it has been deprecated for ${w} days or unused for ${w} days.`,
  ARG_REMOVED: (c, w) => `Keep ${c} and mark it @deprecated(reason: "…"); remove it once it has been deprecated for ${w} days or unused for ${w} days.`,
  VALUE_REMOVED_FROM_ENUM: (c, w) => `Keep ${c} and mark it @deprecated(reason: "…"); remove it once it has been deprecated for ${w} days or unused for ${w} days.`,
  FIELD_CHANGED_KIND: (c) => `Add a new field with the new type beside ${c}, deprecate ${c}, and remove it once clients have moved.`,
  ARG_CHANGED_KIND: (c) => `Add a new argument with the new type beside ${c}, deprecate ${c}, and remove it once clients have moved.`,
  REQUIRED_ARG_ADDED: (c) => `Make ${c} optional, or give it a default value.`,
  REQUIRED_INPUT_FIELD_ADDED: (c) => `Make ${c} optional, or give it a default value.`,
  TYPE_REMOVED: (c) => `Deprecate the fields that return ${c} first; remove it once they are unused.`,
};

export function judge(v: VerdictInput): Finding {
  const verdict = VERDICTS.find((row) => row.applies(v))!;
  const note = verdict.note(v);
  const fix = verdict.severity === 'info' ? undefined : FIXES[v.change.kind]?.(v.change.coordinate ?? 'the element', v.windowDays);
  return {
    check: 'breaking-changes',
    severity: verdict.severity,
    code: v.change.kind,
    classification: v.change.classification,
    message: note ? `${v.change.description} ${note}` : v.change.description,
    ...(v.change.coordinate ? { coordinate: v.change.coordinate } : {}),
    ...(v.clients.length && !v.anonymous ? { clients: v.clients } : {}),
    ...(fix ? { fix } : {}),
  };
}
