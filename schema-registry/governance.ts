/**
 * What the registry holds changes against besides its own data: the
 * governance team's lint settings and access policies, read from the policies
 * folder. lint.yaml is re-read when it changes, so a governance merge applies
 * without a registry restart; a broken edit keeps the last good settings
 * (and says so in the log) rather than blocking every team's publish.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../platform/log.ts';
import { loadLintConfig, resolveLintConfig, type LintConfig } from '../policies/lint/config.ts';
import { declassifications } from '../policies/declassifications.ts';
import { policyReferences } from '../policies/references.ts';
import type { Governance } from './checks/gather.ts';

export interface GovernanceOptions {
  policiesDir: string;
  usageWindowDays: number;
  logger: Logger;
  now?: () => Date;
}

/** Throws at start when lint.yaml is invalid: a registry must not come up with rules nobody reviewed. */
export function governanceFrom(options: GovernanceOptions): Governance {
  const lintFile = path.join(options.policiesDir, 'lint.yaml');
  const rulesDir = path.join(options.policiesDir, 'rules');
  const mtime = () => (fs.existsSync(lintFile) ? fs.statSync(lintFile).mtimeMs : 0);

  let seen = mtime();
  let lint: LintConfig = seen ? loadLintConfig(lintFile) : resolveLintConfig(null).config;
  if (!seen) options.logger.warn({ file: lintFile }, 'no lint.yaml: every governance lint rule runs with its defaults');

  return {
    lintConfig() {
      const now = mtime();
      if (now !== seen) {
        seen = now;
        try {
          lint = now ? loadLintConfig(lintFile) : resolveLintConfig(null).config;
          options.logger.info({ file: lintFile }, 'lint settings reloaded');
        } catch (err) {
          options.logger.error({ err: (err as Error).message }, 'lint.yaml is invalid; keeping the previous settings');
        }
      }
      return lint;
    },
    policyReferences: () => policyReferences(rulesDir),
    declassifications: async () => declassifications(rulesDir),
    usageWindowDays: options.usageWindowDays,
    now: options.now ?? (() => new Date()),
  };
}
