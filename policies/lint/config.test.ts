import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LINT_FILE, loadLintConfig, LintConfigError, resolveLintConfig } from './config.ts';
import { lint } from './index.ts';
import { RULES } from './rules/index.ts';

describe('lint configuration (policies/lint.yaml)', () => {
  it('the governance team\'s file is valid and configures every rule', () => {
    const config = loadLintConfig(DEFAULT_LINT_FILE);
    expect(Object.keys(config).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it('runs unlisted rules with their defaults, and honours off and severities', () => {
    const { config, problems } = resolveLintConfig({ rules: { descriptions: 'off', naming: { severity: 'warning' } } });
    expect(problems).toEqual([]);
    const findings = lint('type q { A: Int }', null, config);
    expect(findings.find((f) => f.rule === 'descriptions')).toBeUndefined();
    expect(findings.filter((f) => f.rule === 'naming').map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(findings.find((f) => f.rule === 'data-product-metadata')).toMatchObject({ severity: 'error', fix: expect.any(String) });
  });

  it('names every problem in a bad file at once, and loading it throws', () => {
    const { problems } = resolveLintConfig({ rules: { nope: 'error', naming: 'fatal', descriptions: { options: { minLenght: 3 } }, 'personal-data-tagged': { options: { patterns: ['('] } } } });
    expect(problems).toEqual([
      expect.stringMatching(/^unknown rule "nope"; known: descriptions,/),
      'naming: severity must be one of error, warning, info, off',
      'descriptions: unknown option minLenght; known: exemptTypes, minLength',
      expect.stringMatching(/^personal-data-tagged: "patterns": Invalid regular expression/),
    ]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lint-')), 'lint.yaml');
    fs.writeFileSync(file, 'rules:\n  nope: error\n');
    expect(() => loadLintConfig(file)).toThrow(LintConfigError);
    fs.writeFileSync(file, 'rules: [\n');
    expect(() => loadLintConfig(file)).toThrow(/lint\.yaml/);
  });
});
