/**
 * Policy test cases (policies/tests/*.yaml): a principal and an operation,
 * and what each field must get. Checked two ways: against the compiled
 * policy alone (decisions; fast, no data), and against a live gateway (the
 * response really is masked, denied and filtered as expected).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseGraphQL, type GraphQLSchema } from 'graphql';
import { LineCounter, parseDocument } from 'yaml';
import type { CompiledPolicy } from '../engine/compile.ts';
import { explainOperation } from '../engine/explain.ts';
import type { Strategy } from '../engine/types.ts';
import type { Principal } from '../principal.ts';

export type FieldExpectation = 'allow' | 'deny' | { deny: string } | { mask: Strategy };

export interface PolicyCase {
  name: string;
  file: string;
  line: number;
  principal: Principal;
  query: string;
  expect: {
    fields?: Record<string, FieldExpectation>;
    /** `Type.field(argument)` (input fields dotted: `Query.contacts(filter.emailContains)`) → whether that read may be made; refused ones are FORBIDDEN. */
    arguments?: Record<string, 'allow' | { deny: string }>;
    /** Response path → item count, or field values (or `{ mask: <strategy> }`) every item must have. */
    rows?: Record<string, number | Record<string, unknown>>;
  };
}

export function loadCases(dir: string): PolicyCase[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((f) => {
      const file = path.relative(process.cwd(), path.join(dir, f));
      const lines = new LineCounter();
      const doc = parseDocument(fs.readFileSync(path.join(dir, f), 'utf8'), { lineCounter: lines });
      if (doc.errors.length) throw new Error(`${file}:${doc.errors[0].linePos?.[0].line ?? 1}: ${doc.errors[0].message.split('\n')[0]}`);
      const cases = (doc.toJS()?.cases ?? []) as Omit<PolicyCase, 'file' | 'line'>[];
      return cases.map((c, i) => {
        const node = doc.getIn(['cases', i], true) as { range?: number[] } | undefined;
        const p = c.principal ?? {};
        return {
          ...c,
          file,
          line: node?.range ? lines.linePos(node.range[0]).line : 1,
          principal: { subject: p.subject ?? `test:${c.name}`, roles: p.roles ?? [], scopes: p.scopes ?? [], attributes: p.attributes ?? {} },
          expect: c.expect ?? {},
        };
      });
    });
}

const describeExpectation = (e: FieldExpectation) => (typeof e === 'string' ? e : 'mask' in e ? `mask (${e.mask})` : `deny by ${e.deny}`);

/** Decision-level failures of one case, as sentences; empty when it passes. */
export function checkDecisions(c: PolicyCase, policy: CompiledPolicy, apiSchema: GraphQLSchema): string[] {
  const explanation = explainOperation(policy, apiSchema, parseGraphQL(c.query), c.principal);
  const argumentFailures = Object.entries(c.expect.arguments ?? {}).flatMap(([read, want]) => {
    const got = explanation.arguments.filter((a) => `${a.coordinate}(${a.argument})` === read);
    if (!got.length) return [`${read} is not given in the query (or reads no field)`];
    const ok = want === 'allow' ? got.every((a) => a.decision === 'allow') : got.every((a) => a.decision !== 'allow' && a.rule === want.deny);
    return ok ? [] : [`${read}: expected ${want === 'allow' ? 'allow' : `refused by ${want.deny}`}, got ${got.map((a) => `${a.decision} by ${a.rule}`).join(', ')}`];
  });
  return [...argumentFailures, ...Object.entries(c.expect.fields ?? {}).flatMap(([coordinate, want]) => {
    const got = explanation.fields.find((f) => f.coordinate === coordinate);
    if (!got) return [`${coordinate} is not selected by the query (or sits under a denied field)`];
    const ok =
      want === 'allow'
        ? got.decision === 'allow'
        : want === 'deny'
          ? got.decision === 'deny'
          : 'deny' in want
            ? got.decision === 'deny' && got.rule === want.deny
            : got.decision === 'mask' && got.mask === want.mask;
    return ok ? [] : [`${coordinate}: expected ${describeExpectation(want)}, got ${got.decision === 'mask' ? `mask (${got.mask})` : got.decision} by ${got.rule}`];
  })];
}

const MASKED: Record<Strategy, (v: unknown) => boolean> = {
  partial: (v) => typeof v === 'string' && v.includes('***'),
  hash: (v) => typeof v === 'string' && v.startsWith('h:'),
  redact: (v) => v === '[REDACTED]',
  'year-only': (v) => typeof v === 'string' && v.slice(4, 10) === '-01-01',
  null: (v) => v === null,
};

/** A row's value against a case's expectation: the value itself, or `{ mask: <strategy> }` for a value masked that way. */
function rowValueMatches(value: unknown, want: unknown): boolean {
  if (want && typeof want === 'object' && 'mask' in want) return MASKED[(want as { mask: Strategy }).mask]?.(value) ?? false;
  return value === want;
}

/** Every value at a dotted response path, lists flattened. */
export function valuesAt(data: unknown, dotted: string): unknown[] {
  let current: unknown[] = [data];
  for (const key of dotted.split('.')) {
    current = current.flatMap((v) => (v && typeof v === 'object' ? [(v as Record<string, unknown>)[key]] : [])).flatMap((v) => (Array.isArray(v) ? v : [v]));
  }
  return current;
}

/** Response-level failures of one case against a live gateway's answer. */
export function checkResponse(c: PolicyCase, policy: CompiledPolicy, apiSchema: GraphQLSchema, body: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] }): string[] {
  const explanation = explainOperation(policy, apiSchema, parseGraphQL(c.query), c.principal);
  const forbidden = (coordinate: string) => (body.errors ?? []).find((e) => e.extensions?.code === 'FORBIDDEN' && e.extensions.coordinate === coordinate);
  const failures: string[] = [];
  for (const [coordinate, want] of Object.entries(c.expect.fields ?? {})) {
    const field = explanation.fields.find((f) => f.coordinate === coordinate);
    if (want === 'deny' || (typeof want === 'object' && 'deny' in want)) {
      if (!forbidden(coordinate)) failures.push(`${coordinate}: expected a FORBIDDEN error in the response`);
      continue;
    }
    if (forbidden(coordinate)) failures.push(`${coordinate}: denied in the response, expected ${describeExpectation(want)}`);
    if (field && typeof want === 'object' && 'mask' in want) {
      const values = valuesAt(body.data, field.path).filter((v) => v !== undefined);
      if (!values.length) failures.push(`${coordinate}: no values in the response to check the mask on`);
      else if (!values.every((v) => v === null || MASKED[want.mask](v))) failures.push(`${coordinate}: values are not masked with ${want.mask}: ${JSON.stringify(values.slice(0, 3))}`);
    }
  }
  for (const [read, want] of Object.entries(c.expect.arguments ?? {})) {
    const refused = (body.errors ?? []).some((e) => e.extensions?.code === 'FORBIDDEN' && `${e.extensions.coordinate}(${e.extensions.argument})` === read);
    if (want === 'allow' && refused) failures.push(`${read}: refused in the response, expected allowed`);
    if (want !== 'allow' && !refused) failures.push(`${read}: expected a FORBIDDEN error naming the argument in the response`);
  }
  for (const [dotted, want] of Object.entries(c.expect.rows ?? {})) {
    const items = valuesAt(body.data, dotted).filter((v) => v !== null && v !== undefined);
    if (typeof want === 'number') {
      if (items.length !== want) failures.push(`${dotted}: expected ${want} rows, got ${items.length}`);
    } else if (!items.length) failures.push(`${dotted}: expected rows matching ${JSON.stringify(want)}, got none`);
    else {
      const off = items.find((item) => Object.entries(want).some(([k, v]) => !rowValueMatches((item as Record<string, unknown>)[k], v)));
      if (off) failures.push(`${dotted}: a row does not match ${JSON.stringify(want)}: ${JSON.stringify(off)}`);
    }
  }
  return failures;
}
