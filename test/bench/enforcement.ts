/**
 * The price of enforcing the policy inside a subgraph: the sales subgraph's
 * own schema executed with and without the graphql-shield + masking layer,
 * in this process, on the same data and the same per-request decisions and
 * row guard, alternating so both see the same machine. What is left is what
 * shield and the masking middleware cost per request.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse } from 'graphql';
import { migrate, openDatabase } from '../../platform/db.ts';
import { applyMask } from '../../policies/engine/masks.ts';
import { compilePolicy } from '../../policies/engine/compile.ts';
import { parsePolicy, readPolicyDir } from '../../policies/engine/load.ts';
import { factsFromSubgraph } from '../../policies/engine/schemaFacts.ts';
import { enforce } from '../../policies/enforce/subgraphSchema.ts';
import { RULES_DIR } from '../../policies/references.ts';
import { readSubgraphConfig } from '../../subgraphs/kit/config.ts';
import { createContext } from '../../subgraphs/kit/context.ts';
import { domainFiles } from '../../subgraphs/kit/domain.ts';
import { conditionSql } from '../../subgraphs/kit/guard.ts';
import { scalars } from '../../subgraphs/kit/scalars.ts';
import { seedOnce } from '../../subgraphs/kit/seed/seedOnce.ts';
import sales from '../../subgraphs/sales/index.ts';

export interface EnforcementCost {
  entities: number;
  plainMs: number;
  enforcedMs: number;
  ratio: number;
}

export async function measureEnforcement(rounds: number, seedScale: number): Promise<EnforcementCost> {
  const sdl = fs.readFileSync(domainFiles(sales).schema, 'utf8');
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: { ...scalars, ...sales.resolvers } as never }]);
  const facts = factsFromSubgraph(sales.name, sdl);
  const enforced = enforce(schema, facts, (s, v) => applyMask(s, v, 'bench'));
  const { policy } = parsePolicy(readPolicyDir(RULES_DIR));
  const compiled = compilePolicy(policy!, facts);
  const principal = { subject: 'bench', roles: ['exec'], scopes: [], attributes: {} };

  const db = await openDatabase({ dataDir: 'memory', schema: 'sales' });
  await migrate(db, path.join(sales.dir, 'migrations'));
  await seedOnce(db, sales, seedScale);
  const document = parse('{ accounts(first: 100) { id name region contacts { name email } opportunities { amount stage closeDate } } }');
  const run = async (s: typeof schema) => {
    const contextValue = createContext(db, {
      config: readSubgraphConfig({ DATA_DIR: 'memory' }),
      principal,
      decide: (c) => compiled.decide(principal, c),
      guard: (t) => conditionSql(compiled.rows(principal, t.type, sales.name).condition, t),
    });
    const started = performance.now();
    const result = await execute({ schema: s, document, contextValue });
    if (result.errors) throw new Error(result.errors[0].message);
    return { ms: performance.now() - started, entities: (result.data!.accounts as unknown[]).length };
  };

  const plain: number[] = [];
  const withShield: number[] = [];
  let entities = 0;
  for (let i = 0; i < 5; i++) await Promise.all([run(schema), run(enforced)]); // warm up
  for (let i = 0; i < rounds; i++) {
    plain.push((await run(schema)).ms);
    const r = await run(enforced);
    withShield.push(r.ms);
    entities = r.entities;
  }
  await db.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const plainMs = median(plain);
  const enforcedMs = median(withShield);
  return { entities, plainMs, enforcedMs, ratio: enforcedMs / plainMs };
}
