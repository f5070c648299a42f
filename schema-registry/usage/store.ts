/** Field usage, summed per UTC day, read back over a window of days. */
import type { Queryable } from '../../platform/db.ts';
import type { ClientKind, UsageRow } from './report.ts';

/** Usage older than this is never read again, whatever the window. */
const RETENTION_DAYS = 400;

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
export const daysBefore = (now: Date, days: number) => isoDay(new Date(now.getTime() - days * 86_400_000));

export async function recordUsage(db: Queryable, rows: readonly UsageRow[], now: Date): Promise<void> {
  if (rows.length) {
    const column = <K extends keyof UsageRow>(k: K) => rows.map((r) => r[k]);
    await db.query(
      `INSERT INTO usage_daily (day, coordinate, type_name, client, client_kind, operation_hash, operation_name, requests)
       SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[])
       ON CONFLICT (day, coordinate, client_kind, client, operation_hash) DO UPDATE SET requests = usage_daily.requests + EXCLUDED.requests, operation_name = EXCLUDED.operation_name`,
      [column('day'), column('coordinate'), column('typeName'), column('client'), column('clientKind'), column('operationHash'), column('operationName'), column('requests')],
    );
  }
  await db.query(`DELETE FROM usage_daily WHERE day < $1::date`, [daysBefore(now, RETENTION_DAYS)]);
}

export interface CoordinateUsage {
  coordinate: string;
  typeName: string;
  client: string;
  clientKind: ClientKind;
  operationHash: string;
  operationName: string | null;
  requests: number;
  lastSeen: string;
}

/** Usage since `sinceDay` of every coordinate of the given types (all types when omitted), per client and operation. */
export async function usageSince(db: Queryable, sinceDay: string, types?: readonly string[]): Promise<CoordinateUsage[]> {
  const rows = await db.query<CoordinateUsage & { lastSeen: string | Date }>(
    `SELECT coordinate, type_name AS "typeName", client, client_kind AS "clientKind", operation_hash AS "operationHash", max(operation_name) AS "operationName",
            sum(requests) AS requests, max(day) AS "lastSeen"
     FROM usage_daily WHERE day >= $1::date AND ($2::text[] IS NULL OR type_name = ANY($2::text[]))
     GROUP BY coordinate, type_name, client, client_kind, operation_hash
     ORDER BY coordinate, client, client_kind, operation_hash`,
    [sinceDay, types ?? null],
  );
  return rows.map((r) => ({ ...r, requests: Number(r.requests), lastSeen: typeof r.lastSeen === 'string' ? r.lastSeen : isoDay(r.lastSeen) }));
}

export interface OperationDay {
  client: string;
  clientKind: ClientKind;
  typeName: string;
  operationHash: string;
  day: string;
  /** Requests of the operation that day (every coordinate of one operation carries the same count). */
  requests: number;
}

/** Per type: which operations of which clients touched it on which day, for the catalog. */
export async function operationDaysSince(db: Queryable, sinceDay: string): Promise<OperationDay[]> {
  const rows = await db.query<OperationDay>(
    `SELECT client, client_kind AS "clientKind", type_name AS "typeName", operation_hash AS "operationHash", day::text AS day, max(requests) AS requests
     FROM usage_daily WHERE day >= $1::date GROUP BY client, client_kind, type_name, operation_hash, day`,
    [sinceDay],
  );
  return rows.map((r) => ({ ...r, requests: Number(r.requests) }));
}
