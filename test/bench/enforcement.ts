/**
 * The price of enforcing the policy inside a subgraph: the sales subgraph's
 * own schema executed with and without the graphql-shield + masking layer,
 * in this process, on the same data and the same per-request decisions and
 * row access, alternating so both see the same machine. What is left is what
 * shield and the masking middleware cost per request. By default as an
 * executive (one way in: every row decided alike); given a principal with
 * several roles whose ways differ (analyst + sales), the cost of deciding
 * values row by row.
 *
 *   npx tsx test/bench/enforcement.ts [rounds]
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse } from 'graphql';
import { migrate, openDatabase } from '../../platform/db.ts';
import { createLogger } from '../../platform/log.ts';
import { readSubgraphConfig } from '../../subgraphs/kit/config.ts';
import { createContext } from '../../subgraphs/kit/context.ts';
import { domainFiles } from '../../subgraphs/kit/domain.ts';
import { subgraphEnforcement } from '../../subgraphs/kit/enforcement.ts';
import { scalars } from '../../subgraphs/kit/scalars.ts';
import { seedOnce } from '../../subgraphs/kit/seed/seedOnce.ts';
import sales from '../../subgraphs/sales/index.ts';
import type { Principal } from '../../policies/principal.ts';

export interface EnforcementCost {
  entities: number;
  plainMs: number;
  enforcedMs: number;
  ratio: number;
}

const EXEC: Principal = { subject: 'bench', roles: ['exec'], scopes: [], attributes: {} };
const ANALYST_IN_SALES: Principal = { subject: 'bench', roles: ['analyst', 'sales'], scopes: [], attributes: { region: 'EMEA' } };

export async function measureEnforcement(rounds: number, seedScale: number, principal: Principal = EXEC): Promise<EnforcementCost> {
  const config = readSubgraphConfig({ DATA_DIR: 'memory', LOG_LEVEL: 'silent' });
  const sdl = fs.readFileSync(domainFiles(sales).schema, 'utf8');
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: { ...scalars, ...sales.resolvers } as never }]);
  // The kit's own enforcement, as the sales subgraph runs it.
  const governance = await subgraphEnforcement(sales.name, sdl, schema, config, createLogger('bench', 'silent'));

  const db = await openDatabase({ dataDir: 'memory', schema: 'sales' });
  await migrate(db, path.join(sales.dir, 'migrations'));
  await seedOnce(db, sales, seedScale);
  const document = parse('{ accounts(first: 100) { id name region contacts { name email } opportunities { amount stage closeDate } } }');
  const run = async (s: typeof schema) => {
    const access = governance.forRequest(principal);
    const contextValue = createContext(db, { config, principal, access });
    const started = performance.now();
    const result = await execute({ schema: s === schema || !access.anyPerRow() ? s : governance.perRowSchema(), document, contextValue });
    // Denials per row (amounts of deals outside the rep's region) are answers, not failures.
    const failure = result.errors?.find((e) => e.extensions?.code !== 'FORBIDDEN');
    if (failure) throw new Error(failure.message);
    return { ms: performance.now() - started, entities: (result.data!.accounts as unknown[]).length };
  };

  const plain: number[] = [];
  const withShield: number[] = [];
  let entities = 0;
  for (let i = 0; i < 30; i++) await Promise.all([run(schema), run(governance.schema)]); // warm up: both paths JIT-compiled
  for (let i = 0; i < rounds; i++) {
    plain.push((await run(schema)).ms);
    const r = await run(governance.schema);
    withShield.push(r.ms);
    entities = r.entities;
  }
  governance.policy.stop();
  await db.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const plainMs = median(plain);
  const enforcedMs = median(withShield);
  return { entities, plainMs, enforcedMs, ratio: enforcedMs / plainMs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rounds = Number(process.argv[2] ?? 40);
  for (const [label, principal] of [['exec (one way in)', EXEC], ['analyst + sales EMEA (decided per row)', ANALYST_IN_SALES]] as const) {
    const r = await measureEnforcement(rounds, 1, principal);
    console.log(`${label}: ${r.entities} accounts, ${r.plainMs.toFixed(1)} ms without, ${r.enforcedMs.toFixed(1)} ms with enforcement: ${r.ratio.toFixed(2)}×`);
  }
}
