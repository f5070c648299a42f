/**
 * What a governance lint rule is: an id, a default severity, a description, a
 * fix hint, default options, and a pure check over the subgraph schema and its
 * data-product descriptor. The governance team turns rules on and off, and
 * sets severities and options, in policies/lint.yaml.
 */
import type { DocumentNode } from 'graphql';
import type { DomainDescriptor } from '../dataProduct.ts';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** One thing a rule found, before the runner stamps it with the rule's id, severity and hint. */
export interface LintProblem {
  message: string;
  coordinate?: string;
  location?: { line: number; column: number };
  /** A hint for this very problem, when more precise than the rule's. */
  fix?: string;
}

export interface LintFinding extends LintProblem {
  rule: string;
  severity: Severity;
  fix: string;
}

export interface LintInput {
  schema: DocumentNode;
  /** Null when the subgraph was published without a descriptor. */
  descriptor: DomainDescriptor | null;
}

export interface LintRule<O extends object = Record<string, unknown>> {
  id: string;
  severity: Severity;
  description: string;
  fix: string;
  defaults: O;
  /** Problems with options from lint.yaml, as sentences; empty when they are usable. */
  optionProblems?(options: O): string[];
  check(input: LintInput, options: O): LintProblem[];
}

export const defineRule = <O extends object>(rule: LintRule<O>): LintRule<O> => rule;

/** Shared option checks, so every rule words them the same way. */
export const expect = {
  stringList: (value: unknown, name: string) => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? [] : [`"${name}" must be a list of strings`]),
  regexList(value: unknown, name: string): string[] {
    const listed = expect.stringList(value, name);
    if (listed.length) return listed;
    return (value as string[]).flatMap((source) => {
      try {
        new RegExp(source);
        return [];
      } catch (err) {
        return [`"${name}": ${(err as Error).message}`];
      }
    });
  },
  regex(value: unknown, name: string): string[] {
    return typeof value === 'string' ? expect.regexList([value], name) : [`"${name}" must be a regular expression string`];
  },
  boolean: (value: unknown, name: string) => (typeof value === 'boolean' ? [] : [`"${name}" must be true or false`]),
  count: (value: unknown, name: string) => (Number.isInteger(value) && (value as number) >= 0 ? [] : [`"${name}" must be a whole number of at least 0`]),
};
