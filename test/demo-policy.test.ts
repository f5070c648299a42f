/**
 * The demo policy holds against the repository's own subgraphs, composed
 * here as `dpg policy check --local` does: every reference resolves, and no
 * grant leaves a filter gap (rows pointing to an entity a role sees only
 * filtered, without following it).
 */
import fs from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { filterGaps } from '../policies/engine/gaps.ts';
import { formatProblems, parsePolicy, readPolicyDir } from '../policies/engine/load.ts';
import { ruleSet } from '../policies/engine/rules.ts';
import { factsFromSupergraph } from '../policies/engine/schemaFacts.ts';
import { validatePolicy } from '../policies/engine/validate.ts';
import { domains } from '../subgraphs/index.ts';
import { domainFiles } from '../subgraphs/kit/domain.ts';

const composed = composeServices(domains.map((d) => ({ name: d.name, url: `http://${d.name}/graphql`, typeDefs: parse(fs.readFileSync(domainFiles(d).schema, 'utf8')) })));
const facts = factsFromSupergraph(composed.supergraphSdl!);
const { policy, problems } = parsePolicy(readPolicyDir('policies/rules'));

describe('the demo policy', () => {
  it('loads and validates against the composed repository subgraphs', () => {
    expect(composed.errors).toBeUndefined();
    expect(formatProblems([...problems, ...validatePolicy(policy!, facts)])).toBe('');
  });

  it('has no filter gap', () => {
    expect(filterGaps(ruleSet(policy!), facts)).toEqual([]);
  });
});
