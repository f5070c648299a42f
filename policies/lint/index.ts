/**
 * Governance lint: runs every enabled rule over a subgraph schema and its
 * data-product descriptor and stamps each problem with the rule's id,
 * severity (as configured) and fix hint. Pure; the registry runs it on every
 * check and publish.
 */
import { parse, type DocumentNode } from 'graphql';
import type { DomainDescriptor } from '../dataProduct.ts';
import { resolveLintConfig, type LintConfig } from './config.ts';
import type { LintFinding, LintRule } from './rule.ts';
import { RULES } from './rules/index.ts';

export type { LintFinding } from './rule.ts';

export function lint(schema: string | DocumentNode, descriptor: DomainDescriptor | null, config: LintConfig = resolveLintConfig(null).config, rules: readonly LintRule<any>[] = RULES): LintFinding[] {
  const document = typeof schema === 'string' ? parse(schema) : schema;
  return rules.flatMap((rule) => {
    const setting = config[rule.id] ?? { severity: rule.severity, options: rule.defaults };
    if (setting.severity === 'off') return [];
    return rule.check({ schema: document, descriptor }, setting.options).map((p) => ({ rule: rule.id, severity: setting.severity as LintFinding['severity'], ...p, fix: p.fix ?? rule.fix }));
  });
}
