/**
 * Every domain of the mesh passes the governance lint as the governance team
 * configured it, so a fresh `npm start` publishes them all.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDescriptor } from '../policies/dataProduct.ts';
import { loadLintConfig } from '../policies/lint/config.ts';
import { lint } from '../policies/lint/index.ts';
import { domains } from '../subgraphs/index.ts';
import { domainFiles } from '../subgraphs/kit/domain.ts';

describe('governance lint on every domain', () => {
  const config = loadLintConfig();
  it.each(domains.map((d) => [d.name, d] as const))('%s passes', (_name, domain) => {
    const files = domainFiles(domain);
    const findings = lint(fs.readFileSync(files.schema, 'utf8'), loadDescriptor(files.descriptor), config);
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
