/**
 * The governance team's lint settings, from policies/lint.yaml: per rule
 * whether it runs, at which severity, and with which options. A rule the file
 * does not mention runs with its own defaults, so a new rule is never
 * silently off. The file is validated as a whole; a bad file is refused with
 * every problem named, never half-applied.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { SEVERITIES, type LintRule, type Severity } from './rule.ts';
import { RULES } from './rules/index.ts';

export interface RuleSetting {
  severity: Severity | 'off';
  options: Record<string, unknown>;
}

export type LintConfig = Record<string, RuleSetting>;

export const DEFAULT_LINT_FILE = path.join(import.meta.dirname, '..', 'lint.yaml');

export class LintConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}:\n  ${problems.join('\n  ')}`);
  }
}

const defaultsOf = (rules: readonly LintRule<any>[]): LintConfig => Object.fromEntries(rules.map((r) => [r.id, { severity: r.severity, options: { ...r.defaults } }]));

/** Merges the file's settings over each rule's defaults; returns the config or the problems. */
export function resolveLintConfig(raw: unknown, rules: readonly LintRule<any>[] = RULES): { config: LintConfig; problems: string[] } {
  const config = defaultsOf(rules);
  const problems: string[] = [];
  if (raw == null) return { config, problems };
  const settings = (raw as { rules?: unknown }).rules;
  if (typeof raw !== 'object' || Array.isArray(raw) || (settings != null && (typeof settings !== 'object' || Array.isArray(settings)))) {
    return { config, problems: ['expected `rules:` mapping rule ids to a severity or { severity, options }'] };
  }
  for (const [id, value] of Object.entries((settings ?? {}) as Record<string, unknown>)) {
    const rule = rules.find((r) => r.id === id);
    if (!rule) {
      problems.push(`unknown rule "${id}"; known: ${rules.map((r) => r.id).join(', ')}`);
      continue;
    }
    const { severity = rule.severity, options = {} } = (typeof value === 'string' ? { severity: value } : (value ?? {})) as { severity?: string; options?: Record<string, unknown> };
    if (severity !== 'off' && !SEVERITIES.includes(severity as Severity)) problems.push(`${id}: severity must be one of ${[...SEVERITIES, 'off'].join(', ')}`);
    if (typeof options !== 'object' || Array.isArray(options)) {
      problems.push(`${id}: options must be a mapping`);
      continue;
    }
    const unknown = Object.keys(options).filter((k) => !(k in rule.defaults));
    if (unknown.length) problems.push(`${id}: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${Object.keys(rule.defaults).join(', ') || 'none'}`);
    const merged = { ...rule.defaults, ...options };
    problems.push(...(rule.optionProblems?.(merged) ?? []).map((p) => `${id}: ${p}`));
    config[id] = { severity: severity as RuleSetting['severity'], options: merged };
  }
  return { config, problems };
}

export function loadLintConfig(file = DEFAULT_LINT_FILE): LintConfig {
  let raw: unknown;
  try {
    raw = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new LintConfigError(file, [(err as Error).message]);
  }
  const { config, problems } = resolveLintConfig(raw);
  if (problems.length) throw new LintConfigError(file, problems);
  return config;
}
