/**
 * Puts removed fields back into the response as nulls, following GraphQL's
 * null propagation (a null in a non-null position nulls the nearest nullable
 * parent, judged on each object's concrete type), adds FORBIDDEN errors, and
 * drops the `__typename` that prune.ts added under its private alias.
 *
 * Errors: one per denied field and response path pattern, at the first place
 * it nulled a value; a field denied only on some concrete types gets one per
 * concrete type found there (`Book.name`), and none where no object of a
 * denied type came back.
 */
import { isListType, isNonNullType, isObjectType, type GraphQLFormattedError, type GraphQLOutputType } from 'graphql';
import type { Denial, DeniedField, PathStep, Pruned } from './prune.ts';

type Json = Record<string, unknown>;
type ResponsePath = (string | number)[];
interface Found {
  at: ResponsePath;
  denial: Denial;
}

function reshaper(pruned: Pruned) {
  /** The field's type on the object's concrete type when the object says which it is (covariant fields may be non-null there). */
  const typeAt = (obj: Json, step: PathStep): GraphQLOutputType => {
    const typename = obj[pruned.typenameKey];
    const type = typeof typename === 'string' ? pruned.schema.getType(typename) : undefined;
    return (isObjectType(type) && type.getFields()[step.field]?.type) || step.type;
  };

  /** Sets null where `d` reaches under `obj`; returns true when `obj` itself must become null. */
  function nullAt(obj: Json, d: DeniedField, i: number, at: ResponsePath, found: Found[]): boolean {
    const step = d.path[i];
    // A selection inside a fragment on a narrower type reaches only objects of that type.
    if (step.only && !step.only.includes(obj[pruned.typenameKey] as string)) return false;
    if (i === d.path.length - 1) {
      const denial = d.byType ? d.byType.get(obj[pruned.typenameKey] as string) : d;
      if (!denial) return false;
      obj[step.key] = null;
      found.push({ at: [...at, step.key], denial });
      return isNonNullType(typeAt(obj, step));
    }
    const value = obj[step.key];
    if (value === null || value === undefined) return false;
    const type = typeAt(obj, step);
    if (into(value, type, d, i, [...at, step.key], found)) {
      obj[step.key] = null;
      return isNonNullType(type);
    }
    return false;
  }

  /** Descends into the value of path step i (object or nested lists); true when that value must become null. */
  function into(value: unknown, type: GraphQLOutputType, d: DeniedField, i: number, at: ResponsePath, found: Found[]): boolean {
    const inner = isNonNullType(type) ? type.ofType : type;
    if (!isListType(inner)) return nullAt(value as Json, d, i + 1, at, found);
    const items = value as unknown[];
    let nullList = false;
    items.forEach((item, index) => {
      if (item === null || item === undefined) return;
      if (into(item, inner.ofType, d, i, [...at, index], found)) {
        items[index] = null;
        if (isNonNullType(inner.ofType)) nullList = true;
      }
    });
    return nullList;
  }

  return { nullAt };
}

function eachObject(value: unknown, path: PathStep[], i: number, visit: (obj: Json) => void): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) return value.forEach((v) => eachObject(v, path, i, visit));
  if (i === path.length) return visit(value as Json);
  eachObject((value as Json)[path[i].key], path, i + 1, visit);
}

export function forbiddenError(d: Denial, path: ResponsePath): GraphQLFormattedError {
  return {
    message: `Forbidden: your access policy does not allow reading ${d.coordinate} (rule ${d.rule}).`,
    path,
    extensions: { code: 'FORBIDDEN', coordinate: d.coordinate, rule: d.rule },
  };
}

/** Returns the reshaped data and the FORBIDDEN errors. */
export function reshape(data: Json | null | undefined, pruned: Pruned): { data: Json | null | undefined; errors: GraphQLFormattedError[] } {
  if (data === undefined) return { data, errors: [] };
  const { nullAt } = reshaper(pruned);
  let result: Json | null = data;
  const errors: GraphQLFormattedError[] = [];
  for (const d of pruned.denied) {
    const found: Found[] = [];
    if (result && nullAt(result, d, 0, [], found)) result = null;
    if (!d.byType) {
      // Denied on every object: said once, also when no object came back.
      errors.push(forbiddenError(d, found[0]?.at ?? d.path.map((s) => s.key)));
      continue;
    }
    const first = new Map<string, Found>();
    for (const f of found) if (!first.has(f.denial.coordinate)) first.set(f.denial.coordinate, f);
    for (const f of first.values()) errors.push(forbiddenError(f.denial, f.at));
  }
  if (result) for (const p of pruned.objectPaths) eachObject(result, p, 0, (obj) => delete obj[pruned.typenameKey]);
  return { data: result, errors };
}
