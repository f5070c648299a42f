/**
 * Puts removed fields back into the response as nulls, following GraphQL's
 * null propagation (a null in a non-null position nulls the nearest nullable
 * parent, judged on each object's concrete type), adds FORBIDDEN errors, and
 * drops the `__typename` that prune.ts added under its private alias.
 *
 * Errors: a field denied on every object at its response path gets one, at
 * the first place it nulled a value (or at the path without indexes when no
 * object came back: the caller still learns the field is denied); a field
 * denied only on some concrete types gets one per concrete type found there
 * (`Furniture.price`), and none where no object of a denied type came back.
 */
import { isListType, isNonNullType, isObjectType, type GraphQLFormattedError, type GraphQLOutputType } from 'graphql';
import { argumentForbidden } from '../../policies/forbidden.ts';
import type { Denial, DeniedField, PathStep, Pruned } from './prune.ts';

type Json = Record<string, unknown>;
type ResponsePath = (string | number)[];
/** One position in the response: `holder[key]`, and whether its type there is non-null. */
interface Position {
  holder: Json | unknown[];
  key: string | number;
  nonNull: boolean;
}
interface Found {
  at: ResponsePath;
  denial: Denial;
  /** From the root down to the nulled field, for null propagation. */
  chain: Position[];
}

function placer(pruned: Pruned) {
  /** The field's type on the object's concrete type when the object says which it is (covariant fields may be non-null there). */
  const typeAt = (obj: Json, step: PathStep): GraphQLOutputType => {
    const typename = obj[pruned.typenameKey];
    const type = typeof typename === 'string' ? pruned.schema.getType(typename) : undefined;
    return (isObjectType(type) && type.getFields()[step.field]?.type) || step.type;
  };

  /** Sets null where `d` reaches under `obj` (no propagation yet), recording each place. */
  function place(obj: Json, d: DeniedField, i: number, chain: Position[], at: ResponsePath, found: Found[]): void {
    const step = d.path[i];
    // A selection inside a fragment on a narrower type reaches only objects of that type.
    if (step.only && !step.only.includes(obj[pruned.typenameKey] as string)) return;
    const type = typeAt(obj, step);
    const here = [...chain, { holder: obj, key: step.key, nonNull: isNonNullType(type) }];
    if (i === d.path.length - 1) {
      const denial = d.byType ? d.byType.get(obj[pruned.typenameKey] as string) : d;
      if (!denial) return;
      obj[step.key] = null;
      found.push({ at: [...at, step.key], denial, chain: here });
      return;
    }
    const value = obj[step.key];
    if (value !== null && value !== undefined) into(value, type, d, i, here, [...at, step.key], found);
  }

  /** Descends into the value of path step i (object or nested lists). */
  function into(value: unknown, type: GraphQLOutputType, d: DeniedField, i: number, chain: Position[], at: ResponsePath, found: Found[]): void {
    const inner = isNonNullType(type) ? type.ofType : type;
    if (!isListType(inner)) return place(value as Json, d, i + 1, chain, at, found);
    (value as unknown[]).forEach((item, index) => {
      if (item !== null && item !== undefined) into(item, inner.ofType, d, i, [...chain, { holder: value as unknown[], key: index, nonNull: isNonNullType(inner.ofType) }], [...at, index], found);
    });
  }

  return { place };
}

/**
 * GraphQL's null propagation from one nulled field: a null in a non-null
 * position nulls what holds it, up to the nearest nullable position; true
 * when that reaches the root (data becomes null). Repeating it for a place
 * an earlier propagation already cut off changes nothing more.
 */
function propagate(chain: Position[]): boolean {
  for (let k = chain.length - 1; k >= 0 && chain[k].nonNull; k--) {
    if (k === 0) return true;
    const { holder, key } = chain[k - 1];
    (holder as Record<string | number, unknown>)[key] = null;
  }
  return false;
}

function eachObject(value: unknown, path: PathStep[], i: number, visit: (obj: Json) => void): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) return value.forEach((v) => eachObject(v, path, i, visit));
  if (i === path.length) return visit(value as Json);
  eachObject((value as Json)[path[i].key], path, i + 1, visit);
}

export function forbiddenError(d: Denial, path: ResponsePath): GraphQLFormattedError {
  if (d.argument) return { ...argumentForbidden(d.argument, d.argument.decision), path };
  return {
    message: `Forbidden: your access policy does not allow reading ${d.coordinate} (rule ${d.rule}).`,
    path,
    extensions: { code: 'FORBIDDEN', coordinate: d.coordinate, rule: d.rule },
  };
}

/** Returns the reshaped data and the FORBIDDEN errors. */
export function reshape(data: Json | null | undefined, pruned: Pruned): { data: Json | null | undefined; errors: GraphQLFormattedError[] } {
  if (data === undefined || data === null) return { data, errors: [] };
  const { place } = placer(pruned);
  // Every denied value is placed (and its error found) before any null
  // propagates, so a denial inside an object another denial nulls is still reported.
  const placed = pruned.denied.map((d) => {
    const found: Found[] = [];
    place(data, d, 0, [], [], found);
    return { d, found };
  });
  let rootNulled = false;
  for (const { found } of placed) for (const f of found) rootNulled = propagate(f.chain) || rootNulled;

  const errors: GraphQLFormattedError[] = [];
  for (const { d, found } of placed) {
    if (!d.byType) {
      // Denied on every object: said once, also when no object came back.
      errors.push(forbiddenError(d, found[0]?.at ?? d.path.map((s) => s.key)));
      continue;
    }
    const first = new Map<string, Found>();
    for (const f of found) if (!first.has(f.denial.coordinate)) first.set(f.denial.coordinate, f);
    for (const f of first.values()) errors.push(forbiddenError(f.denial, f.at));
  }
  if (rootNulled) return { data: null, errors };
  for (const p of pruned.objectPaths) eachObject(data, p, 0, (obj) => restoreTypename(obj, pruned));
  return { data, errors };
}

/** Removes the private `__typename`, and gives the caller's back its own name, where it was. */
function restoreTypename(obj: Json, pruned: Pruned): void {
  delete obj[pruned.typenameKey];
  if (!(pruned.askedTypenameKey in obj)) return;
  const entries = Object.entries(obj);
  for (const [k] of entries) delete obj[k];
  for (const [k, v] of entries) obj[k === pruned.askedTypenameKey ? '__typename' : k] = v;
}
