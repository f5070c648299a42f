/**
 * Row conditions: resolved against a principal into a small boolean tree that
 * the kit turns into SQL (and that reads the same in explain output). A
 * reference to an attribute the principal lacks makes its comparison false:
 * missing identity never widens access. A relation (`{ account: { visible:
 * true } }`) resolves to the related type's own condition, which the caller
 * of `resolve` supplies (`follow`): without one it is false.
 */
import type { Principal } from '../principal.ts';
import { COMPARISON_OPS, type Comparison, type ComparisonOp, type Condition, type Operand } from './types.ts';

export type Resolved =
  | { kind: 'true' }
  | { kind: 'false' }
  | { kind: 'and' | 'or'; items: Resolved[] }
  | { kind: 'compare'; field: string; op: ComparisonOp; value: Operand | Operand[] }
  /** The entity `field` points to (of `type`) meets `condition`. */
  | { kind: 'related'; field: string; type: string; condition: Resolved };

/** The condition a relation field's target must meet; undefined when the field is not a relation. */
export type Follow = (field: string) => { type: string; condition: Resolved } | undefined;

export const TRUE: Resolved = { kind: 'true' };
export const FALSE: Resolved = { kind: 'false' };

const PRINCIPAL_REF = /^\$principal\.(subject|attributes\.([A-Za-z0-9_-]+))$/;

const isComparison = (v: unknown): v is Comparison => typeof v === 'object' && v !== null && !Array.isArray(v);

function entries(cond: Condition): [string, Operand | Comparison][] {
  return Object.entries(cond).filter(([k]) => k !== 'anyOf') as [string, Operand | Comparison][];
}

/** Every `$principal.…` reference in a condition, as 'subject' or 'attributes.<name>'. */
export function principalRefs(cond: Condition): string[] {
  const refs: string[] = [];
  const visit = (v: unknown) => {
    if (typeof v === 'string') {
      const m = PRINCIPAL_REF.exec(v);
      if (m) refs.push(m[1]);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (isComparison(v)) Object.values(v).forEach(visit);
  };
  if ('anyOf' in cond && Array.isArray(cond.anyOf)) cond.anyOf.forEach((c) => refs.push(...principalRefs(c)));
  for (const [, v] of entries(cond)) visit(v);
  return refs;
}

/** The entity fields a condition compares. */
export function conditionFields(cond: Condition): string[] {
  const nested = 'anyOf' in cond && Array.isArray(cond.anyOf) ? cond.anyOf.flatMap(conditionFields) : [];
  return [...nested, ...entries(cond).map(([k]) => k)];
}

/** Strings that look like principal references but are not ones we understand. */
export function badRefs(cond: Condition): string[] {
  const bad: string[] = [];
  const visit = (v: unknown) => {
    if (typeof v === 'string' && v.startsWith('$') && !PRINCIPAL_REF.test(v)) bad.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (isComparison(v)) Object.values(v).forEach(visit);
  };
  if ('anyOf' in cond && Array.isArray(cond.anyOf)) cond.anyOf.forEach((c) => bad.push(...badRefs(c)));
  for (const [, v] of entries(cond)) visit(v);
  return bad;
}

const MISSING = Symbol('missing');

function operand(v: Operand, p: Principal): Operand | typeof MISSING {
  if (typeof v !== 'string') return v;
  const m = PRINCIPAL_REF.exec(v);
  if (!m) return v;
  const value = m[1] === 'subject' ? p.subject : p.attributes[m[2]];
  return value === undefined ? MISSING : value;
}

/** The relation fields a condition follows (`{ field: { visible: true } }`), at any depth. */
export function followedFields(cond: Condition): string[] {
  const nested = 'anyOf' in cond && Array.isArray(cond.anyOf) ? cond.anyOf.flatMap(followedFields) : [];
  return [...nested, ...entries(cond).filter(([, v]) => isComparison(v) && 'visible' in v).map(([k]) => k)];
}

/** The relation fields every row meeting `cond` follows: top-level ones, and those every `anyOf` branch follows. */
export function alwaysFollowed(cond: Condition): Set<string> {
  const own = entries(cond).filter(([, v]) => isComparison(v) && v.visible === true).map(([k]) => k);
  const branches = 'anyOf' in cond && Array.isArray(cond.anyOf) ? cond.anyOf.map(alwaysFollowed) : [];
  const inEvery = branches.length ? [...branches[0]].filter((f) => branches.every((b) => b.has(f))) : [];
  return new Set([...own, ...inEvery]);
}

export function resolve(cond: Condition, p: Principal, follow: Follow = () => undefined): Resolved {
  const parts: Resolved[] = [];
  if ('anyOf' in cond && Array.isArray(cond.anyOf)) parts.push(any(cond.anyOf.map((c) => resolve(c, p, follow))));
  for (const [field, raw] of entries(cond)) {
    const comparison: Comparison = isComparison(raw) ? raw : { eq: raw };
    if (comparison.visible !== undefined) {
      // Only `visible: true` is valid (validate.ts); anything else cannot be proven: no rows.
      const target = comparison.visible === true ? follow(field) : undefined;
      parts.push(target ? related(field, target.type, target.condition) : FALSE);
    }
    for (const op of COMPARISON_OPS) {
      if (!(op in comparison)) continue;
      const given = comparison[op]!;
      const value = Array.isArray(given) ? given.map((g) => operand(g, p)) : operand(given, p);
      const missing = Array.isArray(value) ? value.includes(MISSING) : value === MISSING;
      parts.push(missing ? FALSE : { kind: 'compare', field, op, value: value as Operand | Operand[] });
    }
  }
  return all(parts);
}

/** A relation with constant folding: no condition on the related entity adds none; one it can never meet shows nothing. */
export function related(field: string, type: string, condition: Resolved): Resolved {
  return condition.kind === 'true' || condition.kind === 'false' ? condition : { kind: 'related', field, type, condition };
}

/** AND with constant folding. */
export function all(items: Resolved[]): Resolved {
  if (items.some((i) => i.kind === 'false')) return FALSE;
  const rest = items.filter((i) => i.kind !== 'true');
  return rest.length === 0 ? TRUE : rest.length === 1 ? rest[0] : { kind: 'and', items: rest };
}

/** OR with constant folding. */
export function any(items: Resolved[]): Resolved {
  if (items.some((i) => i.kind === 'true')) return TRUE;
  const rest = items.filter((i) => i.kind !== 'false');
  return rest.length === 0 ? FALSE : rest.length === 1 ? rest[0] : { kind: 'or', items: rest };
}

/** Human-readable form, for explain output and audit. */
export function show(r: Resolved): string {
  switch (r.kind) {
    case 'true':
      return 'all rows';
    case 'false':
      return 'no rows';
    case 'compare':
      return `${r.field} ${r.op} ${JSON.stringify(r.value)}`;
    case 'related':
      return `${r.field} visible (${r.type}: ${show(r.condition)})`;
    default:
      return `(${r.items.map(show).join(r.kind === 'and' ? ' AND ' : ' OR ')})`;
  }
}
