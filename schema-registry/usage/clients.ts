/**
 * Usage seen from the consumer's side: which clients, through which
 * operations, use a set of coordinates or types. A client is its name and
 * its kind together (an application may be called what a person is). Pure.
 */
import type { ClientKind } from './report.ts';
import type { CoordinateUsage, OperationDay } from './store.ts';

export interface ClientUsage {
  client: string;
  kind: ClientKind;
  requests: number;
  lastSeen: string;
  operations: { name: string | null; hash: string; requests: number }[];
}

export interface ProductClient {
  client: string;
  kind: ClientKind;
  requests: number;
  lastSeen: string;
}

const clientKey = (kind: ClientKind, client: string) => `${kind}\u0000${client}`;

/** Usage rows grouped per client, busiest first, each with its operations. */
export function byClient(rows: readonly CoordinateUsage[]): ClientUsage[] {
  const clients = new Map<string, ClientUsage>();
  for (const row of rows) {
    const key = clientKey(row.clientKind, row.client);
    const c = clients.get(key) ?? { client: row.client, kind: row.clientKind, requests: 0, lastSeen: row.lastSeen, operations: [] };
    const op = c.operations.find((o) => o.hash === row.operationHash);
    // One request touching several matching coordinates is still one request.
    if (op) op.requests = Math.max(op.requests, row.requests);
    else c.operations.push({ name: row.operationName, hash: row.operationHash, requests: row.requests });
    if (row.lastSeen > c.lastSeen) c.lastSeen = row.lastSeen;
    clients.set(key, c);
  }
  return [...clients.values()]
    .map((c) => ({ ...c, requests: c.operations.reduce((n, o) => n + o.requests, 0), operations: c.operations.sort((a, b) => b.requests - a.requests) }))
    .sort((a, b) => b.requests - a.requests || a.client.localeCompare(b.client));
}

/** Clients whose operations touched any of `types`, with request counts that count each request once. */
export function clientsOfTypes(days: readonly OperationDay[], types: readonly string[]): ProductClient[] {
  const wanted = new Set(types);
  const perOperationDay = new Map<string, OperationDay>();
  for (const d of days) {
    if (!wanted.has(d.typeName)) continue;
    const key = `${clientKey(d.clientKind, d.client)}\u0000${d.operationHash}\u0000${d.day}`;
    const seen = perOperationDay.get(key);
    if (!seen || d.requests > seen.requests) perOperationDay.set(key, d);
  }
  const clients = new Map<string, ProductClient>();
  for (const d of perOperationDay.values()) {
    const key = clientKey(d.clientKind, d.client);
    const c = clients.get(key) ?? { client: d.client, kind: d.clientKind, requests: 0, lastSeen: d.day };
    c.requests += d.requests;
    if (d.day > c.lastSeen) c.lastSeen = d.day;
    clients.set(key, c);
  }
  return [...clients.values()].sort((a, b) => b.requests - a.requests || a.client.localeCompare(b.client));
}
