/**
 * Data that does not live in the domain's SQL tables — an HTTP API, a file,
 * a computation — behind the same guarantees as a table: a domain writes one
 * function that returns rows for many keys, and the kit calls it once per
 * request with every key that request asked for (DataLoader), drops the rows
 * the principal may not see (the policy's row conditions, evaluated here
 * instead of in SQL) and marks each row with the ways that show it, so
 * field masks and denials apply exactly as they do to table rows.
 *
 * A row condition this module cannot prove on a row — one through a relation
 * to another entity, or on a field the row does not carry — is false, as in
 * SQL (guard.ts): the row is not shown.
 */
import DataLoader from 'dataloader';
import type { Resolved } from '../../policies/engine/conditions.ts';
import type { TypeWays } from '../../policies/engine/ways.ts';
import type { SubgraphContext } from './context.ts';
import { pageArgs, type PageInput } from './paging.ts';
import type { Resolver } from './resolvers.ts';
import { WAYS_COLUMN, type PageArgs, type Row } from './table.ts';

export interface SourceDef {
  /** The GraphQL type whose rows the source returns (policies speak in types). */
  type: string;
  /** Field holding each row's key. */
  key: string;
  /** The rows for `keys` — every key one request asked for, in one call; order free, missing keys have no row. */
  load(keys: readonly unknown[], ctx: SubgraphContext): Promise<Row[]>;
  /** One page of a root list: `first` rows after the key `after`, narrowed by `filter`. Rows the principal may not see are dropped after. */
  list?(args: PageArgs, ctx: SubgraphContext): Promise<Row[]>;
}

export function defineSource(def: SourceDef): SourceDef {
  if (!def.type || !def.key || typeof def.load !== 'function') throw new Error(`source ${def.type ?? '?'}: needs type, key and a load(keys) function`);
  return def;
}

/** Which ways show `row`: the bit of each way group whose condition holds. */
function waysOf(w: TypeWays, row: Row): number {
  return w.groups.reduce((bits, g, i) => (holds(g.condition, row) ? bits | (1 << i) : bits), 0);
}

/** Keeps the rows the request may see; marks each with its ways when its type is decided row by row. */
function visible(rows: Row[], ctx: SubgraphContext, type: string): Row[] {
  const w = ctx.waysOf(type);
  const seen = rows.filter((row) => holds(w.condition, row));
  return w.uniform ? seen : seen.map((row) => ({ ...row, [WAYS_COLUMN]: waysOf(w, row) }));
}

export function holds(r: Resolved, row: Row): boolean {
  switch (r.kind) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'and':
      return r.items.every((i) => holds(i, row));
    case 'or':
      return r.items.some((i) => holds(i, row));
    case 'related':
      return false;
    case 'compare': {
      if (!(r.field in row)) return false;
      const v = row[r.field] as never;
      const to = r.value as never;
      switch (r.op) {
        case 'eq':
          return to === null ? v == null : v === to;
        case 'ne':
          return to === null ? v != null : v !== to;
        case 'in':
          return (Array.isArray(r.value) ? r.value : [r.value]).includes(v);
        case 'gt':
          return v != null && v > to;
        case 'gte':
          return v != null && v >= to;
        case 'lt':
          return v != null && v < to;
        case 'lte':
          return v != null && v <= to;
      }
    }
  }
}

// One loader per source and request: keys are never shared between principals.
const loaders = new WeakMap<SubgraphContext, Map<SourceDef, DataLoader<unknown, Row | null>>>();

/** The request's batched loader for a source; a key with no visible row resolves to null. */
export function sourceLoader(s: SourceDef, ctx: SubgraphContext): DataLoader<unknown, Row | null> {
  let mine = loaders.get(ctx);
  if (!mine) loaders.set(ctx, (mine = new Map()));
  let loader = mine.get(s);
  if (!loader) {
    loader = new DataLoader<unknown, Row | null>(async (keys) => {
      const rows = visible(await s.load(keys, ctx), ctx, s.type);
      const byKey = new Map(rows.map((r) => [r[s.key], r]));
      return keys.map((k) => byKey.get(k) ?? null);
    });
    mine.set(s, loader);
  }
  return loader;
}

/** Resolver factories over a source, as resolvers.ts has them over a table. */
export const fromSource = {
  /** A root lookup by key: `rate(code)`. */
  one: (s: SourceDef): Resolver => (_parent, args: Record<string, unknown>, ctx) => sourceLoader(s, ctx).load(args[s.key]),
  /** A to-one relation: `Invoice.rate` from the parent's `field`. */
  belongsTo:
    (s: SourceDef, field: string): Resolver =>
    (parent, _args, ctx) =>
      parent[field] == null ? null : sourceLoader(s, ctx).load(parent[field]),
  /** `__resolveReference` for an entity the source holds: batched, null when the row is not visible. */
  reference: (s: SourceDef) => (ref: Row, ctx: SubgraphContext) => sourceLoader(s, ctx).load(ref[s.key]),
  /** A root list, from the source's `list`; the rows are primed into its loader. */
  list: (s: SourceDef): Resolver => async (_parent, args: PageInput, ctx) => {
    if (!s.list) throw new Error(`source ${s.type} has no list function`);
    const rows = visible(await s.list(pageArgs(args, ctx.maxPageSize), ctx), ctx, s.type);
    const loader = sourceLoader(s, ctx);
    for (const row of rows) loader.prime(row[s.key], row);
    return rows;
  },
};
