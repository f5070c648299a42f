/**
 * What a gateway reports about field usage, and its validation. One report
 * line is one operation of one client with how many requests ran it since the
 * last flush, and every schema coordinate the operation touches:
 *
 *   Type.field         an output or input field, e.g. Account.name
 *   Type.field(arg:)   an argument passed,       e.g. Query.accounts(filter:)
 *   Enum.VALUE         an enum value sent,       e.g. Region.EMEA
 *   Type               an input type sent,       e.g. AccountFilter
 *
 * `clientKind` says what the client name is — an application's own name
 * (`app`), an API key's id (`api-key`) or a signed-in user's subject
 * (`user`) — so the catalog can show applications to everyone and people
 * only to governance. Lines without it (older gateways) are `unknown`,
 * treated like users.
 *
 * The registry stores it per UTC day; usage blocks breaking changes, so a
 * malformed report is refused whole rather than half stored.
 */

export const CLIENT_KINDS = ['app', 'api-key', 'user', 'unknown'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];
/** Kinds whose names are people's: shown only to governance. */
export const PERSONAL_KINDS: readonly ClientKind[] = ['user', 'unknown'];

export interface UsageLine {
  client: string;
  clientKind: ClientKind;
  operationName: string | null;
  operationHash: string;
  requests: number;
  coordinates: string[];
}

export const LIMITS = { lines: 5000, coordinates: 5000, text: 200 } as const;

export const COORDINATE = /^(?:@[_A-Za-z]\w*|[_A-Za-z]\w*(?:\.[_A-Za-z]\w*(?:\([_A-Za-z]\w*:\))?)?)$/;
const HASH = /^[0-9a-f]{64}$/;
const isText = (v: unknown, max: number = LIMITS.text) => typeof v === 'string' && v.length > 0 && v.length <= max && !/[\u0000-\u001f]/.test(v);

export function parseUsageReport(body: unknown): { lines: UsageLine[]; problems: string[] } {
  const lines = (body as { lines?: unknown } | null)?.lines;
  if (!body || typeof body !== 'object' || !Array.isArray(lines)) return { lines: [], problems: ['body must be {"lines": [{client, operationName, operationHash, requests, coordinates}]}'] };
  if (lines.length > LIMITS.lines) return { lines: [], problems: [`at most ${LIMITS.lines} lines per report`] };
  const problems = lines.flatMap((raw, i) => lineProblems(raw).map((p) => `lines[${i}]: ${p}`));
  return { lines: problems.length ? [] : (lines as UsageLine[]).map((l) => ({ ...l, clientKind: l.clientKind ?? 'unknown', operationName: l.operationName ?? null })), problems };
}

function lineProblems(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object') return ['must be an object'];
  const l = raw as Partial<UsageLine>;
  const problems: string[] = [];
  if (!isText(l.client)) problems.push(`"client" must be text of 1 to ${LIMITS.text} characters`);
  if (l.clientKind !== undefined && !CLIENT_KINDS.includes(l.clientKind)) problems.push(`"clientKind" must be one of ${CLIENT_KINDS.join(', ')}`);
  if (l.operationName != null && !isText(l.operationName)) problems.push(`"operationName" must be null or text of 1 to ${LIMITS.text} characters`);
  if (typeof l.operationHash !== 'string' || !HASH.test(l.operationHash)) problems.push('"operationHash" must be a sha256 hex digest');
  if (!Number.isInteger(l.requests) || (l.requests as number) < 1 || (l.requests as number) > 1e9) problems.push('"requests" must be a whole number from 1 to 1000000000');
  if (!Array.isArray(l.coordinates) || l.coordinates.length > LIMITS.coordinates) problems.push(`"coordinates" must be a list of at most ${LIMITS.coordinates} schema coordinates`);
  else {
    const bad = l.coordinates.filter((c) => typeof c !== 'string' || c.length > LIMITS.text || !COORDINATE.test(c));
    if (bad.length) problems.push(`not schema coordinates: ${bad.slice(0, 3).map((c) => JSON.stringify(c)).join(', ')}`);
  }
  return problems;
}

/** The type a coordinate belongs to: `Account.name` → Account, `@include` → @include. */
export const typeOfCoordinate = (coordinate: string) => coordinate.split('.')[0];

export interface UsageRow {
  day: string;
  coordinate: string;
  typeName: string;
  client: string;
  clientKind: ClientKind;
  operationHash: string;
  operationName: string | null;
  requests: number;
}

/** One row per (coordinate, client, operation) of the day, summed, so one upsert touches each row once. */
export function usageRows(lines: readonly UsageLine[], day: string): UsageRow[] {
  const rows = new Map<string, UsageRow>();
  for (const line of lines) {
    for (const coordinate of new Set(line.coordinates)) {
      const key = `${coordinate}\u0000${line.clientKind}\u0000${line.client}\u0000${line.operationHash}`;
      const row = rows.get(key);
      if (row) row.requests += line.requests;
      else rows.set(key, { day, coordinate, typeName: typeOfCoordinate(coordinate), client: line.client, clientKind: line.clientKind, operationHash: line.operationHash, operationName: line.operationName, requests: line.requests });
    }
  }
  return [...rows.values()];
}
