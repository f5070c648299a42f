/**
 * Puts removed fields back into the response as nulls, following GraphQL's
 * null propagation (a null in a non-null position nulls the nearest nullable
 * parent), adds one FORBIDDEN error per denied field, and drops the
 * `__typename` that prune.ts only added to keep selections valid.
 */
import { isListType, isNonNullType, type GraphQLFormattedError, type GraphQLOutputType } from 'graphql';
import { argumentForbidden } from '../../policies/forbidden.ts';
import type { DeniedField, PathStep, Pruned } from './prune.ts';

type Json = Record<string, unknown>;
type ResponsePath = (string | number)[];

/** Sets null at every place `steps` reaches under `obj`; returns true when `obj` itself must become null. */
function nullAt(obj: Json, steps: PathStep[], i: number, at: ResponsePath, found: ResponsePath[]): boolean {
  const step = steps[i];
  if (i === steps.length - 1) {
    obj[step.key] = null;
    found.push([...at, step.key]);
    return isNonNullType(step.type);
  }
  const value = obj[step.key];
  if (value === null || value === undefined) return false;
  if (into(value, step.type, steps, i, [...at, step.key], found)) {
    obj[step.key] = null;
    return isNonNullType(step.type);
  }
  return false;
}

/** Descends into the value of steps[i] (object or nested lists); true when that value must become null. */
function into(value: unknown, type: GraphQLOutputType, steps: PathStep[], i: number, at: ResponsePath, found: ResponsePath[]): boolean {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (!isListType(inner)) return nullAt(value as Json, steps, i + 1, at, found);
  const items = value as unknown[];
  let nullList = false;
  items.forEach((item, index) => {
    if (item === null || item === undefined) return;
    if (into(item, inner.ofType, steps, i, [...at, index], found)) {
      items[index] = null;
      if (isNonNullType(inner.ofType)) nullList = true;
    }
  });
  return nullList;
}

function eachObject(value: unknown, path: PathStep[], i: number, visit: (obj: Json) => void): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) return value.forEach((v) => eachObject(v, path, i, visit));
  if (i === path.length) return visit(value as Json);
  eachObject((value as Json)[path[i].key], path, i + 1, visit);
}

export function forbiddenError(d: DeniedField, path: ResponsePath): GraphQLFormattedError {
  if (d.argument) return { ...argumentForbidden(d.argument, d.argument.decision), path };
  return {
    message: `Forbidden: your access policy does not allow reading ${d.coordinate} (rule ${d.rule}).`,
    path,
    extensions: { code: 'FORBIDDEN', coordinate: d.coordinate, rule: d.rule },
  };
}

/** Returns the reshaped data and one error per denied field. */
export function reshape(data: Json | null | undefined, pruned: Pruned): { data: Json | null | undefined; errors: GraphQLFormattedError[] } {
  if (data === undefined) return { data, errors: [] };
  let result: Json | null = data;
  if (result) for (const p of pruned.injectedTypename) eachObject(result, p, 0, (obj) => delete obj.__typename);
  const errors = pruned.denied.map((d) => {
    const found: ResponsePath[] = [];
    if (result && nullAt(result, d.path, 0, [], found)) result = null;
    return forbiddenError(d, found[0] ?? d.path.map((s) => s.key));
  });
  return { data: result, errors };
}
