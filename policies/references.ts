/**
 * Everything in the schema that the access policies name, with the file, line
 * and rule that names it. The registry uses this to refuse a schema change
 * that would silently change what a policy protects (a removed or retagged
 * field).
 */
import path from 'node:path';
import { conditionFields } from './engine/conditions.ts';
import { formatProblems, parsePolicy, readPolicyDir } from './engine/load.ts';
import { ruleSet, where, type Located } from './engine/rules.ts';
import type { Condition, Target } from './engine/types.ts';

export interface PolicyReference {
  file: string;
  line: number;
  rule: string;
  /** `Type.field` */
  coordinate?: string;
  type?: string;
  tag?: string;
  subgraph?: string;
}

export const RULES_DIR = path.join(import.meta.dirname, 'rules');

export async function policyReferences(dir: string = RULES_DIR): Promise<PolicyReference[]> {
  const { policy, problems } = parsePolicy(readPolicyDir(dir));
  if (!policy) throw new Error(`policies do not load:\n${formatProblems(problems)}`);
  const set = ruleSet(policy);
  const refs: PolicyReference[] = [];
  const add = (l: Located<{ id: string }>, sub: (string | number)[], ref: Omit<PolicyReference, 'file' | 'line' | 'rule'>) =>
    refs.push({ ...where(l, ...sub), rule: l.rule.id, ...ref });
  const target = (l: Located<{ id: string }>, t: Target, i: number) =>
    add(l, ['read', i], t.field ? { coordinate: t.field } : t.type ? { type: t.type } : t.tag ? { tag: t.tag } : { subgraph: t.subgraph });
  const condition = (l: Located<{ id: string }>, sub: (string | number)[], type: string, c: Condition) => {
    add(l, sub, { type });
    for (const field of conditionFields(c)) add(l, sub, { coordinate: `${type}.${field}` });
  };

  for (const l of [...set.grants, ...set.forbids]) l.rule.read.forEach((t, i) => target(l, t, i));
  for (const l of set.grants) {
    for (const key of Object.keys(l.rule.masks ?? {})) add(l, ['masks', key], key.includes('.') ? { coordinate: key } : { tag: key });
    for (const [type, c] of Object.entries(l.rule.rows ?? {})) condition(l, ['rows', type], type, c);
  }
  for (const [tag, l] of set.tagRules) {
    add(l, [], { tag });
    for (const coordinate of Object.keys(l.rule.overrides ?? {})) add(l, ['overrides', coordinate], { coordinate, tag });
  }
  for (const l of set.filters) condition(l, ['where'], l.rule.type, l.rule.where);
  for (const l of set.declassifications) add(l, ['field'], { coordinate: l.rule.field });
  return refs;
}
