/** The rules of all policy files, flattened, each remembering where it was written. */
import type { LoadedDocument, LoadedPolicy } from './load.ts';
import type { Declassification, Forbid, Grant, LimitRule, MandatoryFilter, SourceRef, TagRule } from './types.ts';

export interface Located<T> {
  rule: T;
  doc: LoadedDocument;
  path: (string | number)[];
}

export interface RuleSet {
  grants: Located<Grant>[];
  forbids: Located<Forbid>[];
  tagRules: Map<string, Located<TagRule>>;
  filters: Located<MandatoryFilter>[];
  declassifications: Located<Declassification>[];
  /** Request limits per principal (the gateway's demand control and rate limits). */
  limits: Located<LimitRule>[];
  /** Tag rules defined more than once (a conflict validate.ts reports). */
  duplicateTags: Located<TagRule & { tag: string }>[];
}

export function ruleSet(policy: LoadedPolicy): RuleSet {
  const set: RuleSet = { grants: [], forbids: [], tagRules: new Map(), filters: [], declassifications: [], limits: [], duplicateTags: [] };
  for (const doc of policy.documents) {
    const { grants = [], forbid = [], tags = {}, rowFilters = [], declassify = [], limits = [] } = doc.doc;
    grants.forEach((rule, i) => set.grants.push({ rule, doc, path: ['grants', i] }));
    forbid.forEach((rule, i) => set.forbids.push({ rule, doc, path: ['forbid', i] }));
    rowFilters.forEach((rule, i) => set.filters.push({ rule, doc, path: ['rowFilters', i] }));
    declassify.forEach((rule, i) => set.declassifications.push({ rule, doc, path: ['declassify', i] }));
    limits.forEach((rule, i) => set.limits.push({ rule, doc, path: ['limits', i] }));
    for (const [tag, raw] of Object.entries(tags)) {
      const unmasked = Array.isArray(raw.unmasked) ? raw.unmasked : [raw.unmasked];
      const located = { rule: { ...raw, unmasked, id: raw.id ?? `tag-${tag}` }, doc, path: ['tags', tag] };
      if (set.tagRules.has(tag)) set.duplicateTags.push({ ...located, rule: { ...located.rule, tag } });
      else set.tagRules.set(tag, located);
    }
  }
  // Rule order never changes an outcome; sorting only makes reported rule ids stable.
  set.grants.sort((a, b) => a.rule.id.localeCompare(b.rule.id));
  set.forbids.sort((a, b) => a.rule.id.localeCompare(b.rule.id));
  set.limits.sort((a, b) => a.rule.id.localeCompare(b.rule.id));
  return set;
}

export const where = (l: Located<unknown>, ...sub: (string | number)[]): SourceRef => ({ file: l.doc.file, line: l.doc.lineOf([...l.path, ...sub]) });
