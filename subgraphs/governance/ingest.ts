/**
 * `POST /audit`: the gateway delivers audit events in batches. Only the
 * gateway may write here (its signed identity, role `gateway`); a batch is
 * stored in one transaction or not at all.
 */
import type { Queryable } from '../../platform/db.ts';
import { HttpError, type HttpRequest } from '../../platform/http.ts';
import type { DomainServices } from '../kit/domain.ts';
import { insertRows } from '../kit/seed/insert.ts';

const FIELDS = ['at', 'subject', 'coordinate', 'decision', 'rule', 'policyVersion', 'source'] as const;

function row(e: Record<string, unknown>, i: number) {
  for (const f of FIELDS) if (typeof e?.[f] !== 'string' || !e[f]) throw new HttpError(400, `events[${i}].${f} must be a non-empty string`);
  if (e.decision !== 'deny' && e.decision !== 'allow') throw new HttpError(400, `events[${i}].decision must be "deny" or "allow"`);
  if (Number.isNaN(Date.parse(String(e.at)))) throw new HttpError(400, `events[${i}].at must be an ISO 8601 instant`);
  return {
    at: e.at,
    subject: e.subject,
    roles: Array.isArray(e.roles) ? e.roles.map(String) : [],
    operation_name: e.operationName ?? null,
    operation_hash: e.operationHash ?? null,
    path: e.path ?? null,
    coordinate: e.coordinate,
    decision: e.decision,
    rule: e.rule,
    policy_version: e.policyVersion,
    source: e.source,
  };
}

export function ingestRoute(db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> }, principalOf: DomainServices['principalOf']) {
  return async (req: HttpRequest) => {
    const caller = await principalOf(req.headers.authorization);
    if (!caller.roles.includes('gateway')) throw new HttpError(403, 'only the gateway writes audit events');
    const events = (req.body as { events?: unknown } | undefined)?.events;
    if (!Array.isArray(events) || events.length === 0) throw new HttpError(400, 'body must be {"events": [...]} with at least one event');
    const rows = events.map((e, i) => row(e as Record<string, unknown>, i));
    await db.transaction((tx) => insertRows(tx, 'audit_events', rows));
    return { status: 201, body: { stored: rows.length } };
  };
}
