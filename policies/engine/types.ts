import type { Classification } from '../dataProduct.ts';

/**
 * The policy language, as the governance team writes it in policies/rules/*.yaml
 * (policies/README.md gives the semantics; policy.schema.json the shape).
 */

/** Who a rule applies to. Keys combine with AND; list values are any-of. An empty matcher matches every authenticated principal. */
export interface PrincipalMatcher {
  subjects?: string[];
  roles?: string[];
  scopes?: string[];
  /** attribute → accepted values */
  attributes?: Record<string, string | string[]>;
}

/** What a rule covers. Exactly one key per target. */
export interface Target {
  /** Every field the subgraph (domain) owns or contributes; `"*"`: every subgraph. */
  subgraph?: string;
  /** Every field of the type, whichever subgraph resolves it. An interface: its fields on every implementation; a union: every field of every member. */
  type?: string;
  /** One field, `Type.field`; on an interface, that field on every implementation. */
  field?: string;
  /** Every field carrying `@tag(name: …)`. */
  tag?: string;
}

export const STRATEGIES = ['redact', 'hash', 'partial', 'year-only', 'null'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/**
 * A row condition over an entity's fields: `{ region: $principal.attributes.region }`
 * means equality; `{ amount: { gte: 1000 } }` a comparison; `anyOf` an OR;
 * `{ account: { visible: true } }` follows a relation: the row is visible only
 * where the entity its `account` field points to is visible.
 * Values starting with `$principal.` are read from the caller.
 */
export type Condition = { anyOf: Condition[] } | Record<string, Operand | Comparison>;
export type Operand = string | number | boolean | null;
export type Comparison = Partial<Record<ComparisonOp, Operand | Operand[]>> & { visible?: true };
export const COMPARISON_OPS = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte'] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

export interface Grant {
  id: string;
  description?: string;
  to: PrincipalMatcher;
  read: Target[];
  /** Masks this grant imposes: by tag (`{ pii: hash }`), or for one field (`{ Customer.born: year-only }`), which wins over its tags. */
  masks?: Record<string, Strategy>;
  /** Per entity type: only rows matching the condition are visible through this grant. */
  rows?: Record<string, Condition>;
}

export interface Forbid {
  id: string;
  description?: string;
  to: PrincipalMatcher;
  read: Target[];
}

export interface TagRule {
  id: string;
  description?: string;
  /** Who may see values of fields with this tag as they are (any of these matchers). */
  unmasked: PrincipalMatcher[];
  /** Everyone else: denied, or masked with this strategy (the floor no grant can weaken). */
  otherwise: 'deny' | Strategy;
  /** Per-field replacements where the general strategy does not fit the field's type. */
  overrides?: Record<string, 'deny' | Strategy>;
}

/** A row filter every matching principal is subject to, whatever their grants. */
export interface MandatoryFilter {
  id: string;
  description?: string;
  to: PrincipalMatcher;
  type: string;
  where: Condition;
}

/**
 * A reviewed exception to inherited classification: a derived field (its data
 * product declares its inputs) may be classified `to`, less sensitive than
 * its inputs, when the condition holds. The registry holds publishes against it.
 */
export interface Declassification {
  id: string;
  description?: string;
  /** The derived field, `Type.field`. */
  field: string;
  /** The least sensitive classification the field may carry. */
  to: Exclude<Classification, 'pii'>;
  /** Why the derived values no longer reveal what their inputs would, for reviewers and the catalog. */
  reason: string;
  /** What the publishing data product must guarantee for the exception to apply. */
  when: { minGroupSize: number };
}

/** Request limits the gateway applies (demand control and rate limits); each key a limit of its own. */
export const LIMIT_KEYS = ['cost', 'depth', 'aliases', 'rootFields', 'directives', 'batchSize', 'requestsPerSecond', 'costPerMinute'] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];

/**
 * Limits for matching principals, instead of the gateway's configured
 * defaults. Where several rules match, the most generous value of each
 * limit applies (as among grants); a rate of 0 means no rate limit.
 */
export interface LimitRule extends Partial<Record<LimitKey, number>> {
  id: string;
  description?: string;
  to: PrincipalMatcher;
}

export interface PolicyDocument {
  grants?: Grant[];
  forbid?: Forbid[];
  tags?: Record<string, Omit<TagRule, 'id' | 'unmasked'> & { id?: string; unmasked: PrincipalMatcher | PrincipalMatcher[] }>;
  rowFilters?: MandatoryFilter[];
  declassify?: Declassification[];
  limits?: LimitRule[];
}

/** Where a piece of policy came from, for messages governance can act on. */
export interface SourceRef {
  file: string;
  line: number;
}

export interface PolicyProblem extends SourceRef {
  message: string;
}

/** The outcome for one field and one principal. */
export type Decision =
  | { effect: 'allow'; mask: null; rule: string }
  | { effect: 'mask'; mask: Strategy; rule: string }
  | { effect: 'deny'; mask: null; rule: string };
