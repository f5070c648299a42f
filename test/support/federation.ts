/**
 * Federation fixtures (test/fixtures/federation/<name>/) served for real:
 * each subgraph's SDL with its small in-memory resolvers, built with
 * `@apollo/subgraph` and served over plain node:http (they ignore the
 * identity token our gateway signs); the composed supergraph; our gateway on
 * a SUPERGRAPH_FILE with a policy folder the test writes; and plain
 * `@apollo/gateway` behind Apollo Server on the same subgraphs, to compare
 * answers with.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, Kind, parse, print, type DocumentNode, type GraphQLSchema } from 'graphql';
import { readGatewayConfig } from '../../gateway/config.ts';
import { mintDevToken } from '../../gateway/identity/devTokens.ts';
import { startGateway, type RunningGateway } from '../../gateway/server.ts';
import { listen } from '../../platform/http.ts';
import { createLogger } from '../../platform/log.ts';
import { apiSchemaOf } from '../../policies/engine/apiSchema.ts';
import type { Principal } from '../../policies/principal.ts';
import { until } from './until.ts';

export const FIXTURES_DIR = path.join(import.meta.dirname, '..', 'fixtures', 'federation');

/** What a fixture's resolvers.ts exports by default. */
export interface FixtureModule {
  /** Subgraph name (the .graphql file's name) → resolvers for buildSubgraphSchema. */
  resolvers: Record<string, Record<string, unknown>>;
  /** Argument values the operation generator should use (by `Type.field(arg:)` or argument name), e.g. ids that exist. */
  values?: Record<string, unknown[]>;
}

export interface Fixture {
  name: string;
  subgraphs: { name: string; sdl: string }[];
  module: FixtureModule;
  /** Hand-written operations (operations.graphql), one document each. */
  operations: string[];
}

export const fixtureNames = () => fs.readdirSync(FIXTURES_DIR).filter((d) => fs.statSync(path.join(FIXTURES_DIR, d)).isDirectory()).sort();

export async function loadFixture(name: string): Promise<Fixture> {
  const dir = path.join(FIXTURES_DIR, name);
  const files = fs.readdirSync(dir);
  const subgraphs = files.filter((f) => f.endsWith('.graphql') && f !== 'operations.graphql').sort().map((f) => ({ name: f.replace(/\.graphql$/, ''), sdl: fs.readFileSync(path.join(dir, f), 'utf8') }));
  const module = (await import(path.join(dir, 'resolvers.ts'))).default as FixtureModule;
  const opsFile = path.join(dir, 'operations.graphql');
  return { name, subgraphs, module, operations: fs.existsSync(opsFile) ? splitOperations(parse(fs.readFileSync(opsFile, 'utf8'))) : [] };
}

/** Each operation of a document on its own, with the fragments (all of them: unused ones are harmless to split out). */
function splitOperations(doc: DocumentNode): string[] {
  const fragments = doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  return doc.definitions
    .filter((d) => d.kind === Kind.OPERATION_DEFINITION)
    .map((op) => {
      const text = print({ kind: Kind.DOCUMENT, definitions: [op] });
      const used = fragments.filter((f) => new RegExp(`\\.\\.\\.${f.name.value}\\b`).test(print({ kind: Kind.DOCUMENT, definitions: [op, ...fragments] })));
      return [text, ...used.map((f) => print(f))].join('\n');
    });
}

/** A subgraph as a bare node:http GraphQL endpoint. */
export async function serveSubgraph(schema: GraphQLSchema, port = 0) {
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    let result: unknown;
    try {
      const { query, variables, operationName } = JSON.parse(body);
      result = await graphql({ schema, source: query, variableValues: variables, operationName, contextValue: {} });
    } catch (err) {
      result = { errors: [{ message: (err as Error).message }] };
    }
    const text = JSON.stringify(result);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
  return listen(server, port, '127.0.0.1');
}

export interface RunningFixture {
  fixture: Fixture;
  supergraphSdl: string;
  apiSchema: GraphQLSchema;
  /** Plain @apollo/gateway's endpoint. */
  apolloUrl: string;
  /** POST to plain Apollo. */
  apollo(query: string, variables?: Record<string, unknown>): Promise<Answer>;
  /** A gateway of ours on this supergraph with the policy files given (restarted per call; close it). */
  ours(policy: Record<string, string>, env?: Record<string, string>): Promise<OurGateway>;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
}

export interface OurGateway {
  gateway: RunningGateway;
  query(query: string, principal?: Principal, variables?: Record<string, unknown>): Promise<Answer>;
  close(): Promise<void>;
}

const JWT_SECRET = 'federation-fixture-secret';
const CALLER: Principal = { subject: 'differential', roles: ['tester'], scopes: [], attributes: {} };

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

export async function startFixture(name: string): Promise<RunningFixture> {
  const fixture = await loadFixture(name);
  const servers = await Promise.all(
    fixture.subgraphs.map(async (s) => ({ ...s, running: await serveSubgraph(buildSubgraphSchema({ typeDefs: parse(s.sdl), resolvers: (fixture.module.resolvers[s.name] ?? {}) as never })) })),
  );
  const composed = composeServices(servers.map((s) => ({ name: s.name, url: `${s.running.url}/graphql`, typeDefs: parse(s.sdl) })));
  if (composed.errors) throw new Error(`fixture ${name} does not compose:\n${composed.errors.map((e) => e.message).join('\n')}`);
  const supergraphSdl = composed.supergraphSdl;

  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const silent = createLogger('apollo', 'silent');
  const apolloServer = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl, logger: silent }), logger: silent, includeStacktraceInErrorResponses: false });
  const { url: apolloUrl } = await startStandaloneServer(apolloServer, { listen: { port: 0, host: '127.0.0.1' } });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `dpg-fed-${name}-`));
  const supergraphFile = path.join(tmp, 'supergraph.graphql');
  fs.writeFileSync(supergraphFile, supergraphSdl);
  const gateways = new Set<OurGateway>();

  return {
    fixture,
    supergraphSdl,
    apiSchema: apiSchemaOf(supergraphSdl),
    apolloUrl,
    apollo: (query, variables) => post(apolloUrl, { query, variables }),
    async ours(policy, env = {}) {
      const policyDir = fs.mkdtempSync(path.join(tmp, 'policy-'));
      for (const [file, text] of Object.entries(policy)) fs.writeFileSync(path.join(policyDir, file), text);
      const gateway = await startGateway(
        readGatewayConfig({
          DATA_DIR: 'memory',
          GATEWAY_PORT: '0',
          JWT_SECRET,
          SUPERGRAPH_FILE: supergraphFile,
          POLICY_DIR: policyDir,
          REGISTRY_URL: 'http://127.0.0.1:9',
          RESPONSE_CACHE: 'off',
          PERSISTED_QUERIES: 'off',
          USAGE_FLUSH_INTERVAL_MS: '3600000',
          LOG_LEVEL: 'silent',
          // Answers are compared with plain Apollo's, which has no demand
          // control: the fixtures' lists carry no sizes, so the assumed size
          // would refuse many generated operations (limits.test.ts tests it).
          DEMAND_CONTROL: 'off',
          ...env,
        }),
        { logger: createLogger('gateway', 'silent') },
      );
      await until(`our gateway on fixture ${name} to load its supergraph and policy`, async () => Boolean(gateway.runtime.current && gateway.policy.current));
      const handle: OurGateway = {
        gateway,
        async query(query, principal = CALLER, variables) {
          return post(`${gateway.url}/graphql`, { query, variables }, { authorization: `Bearer ${await mintDevToken(JWT_SECRET, principal)}` });
        },
        async close() {
          gateways.delete(handle);
          await gateway.close();
        },
      };
      gateways.add(handle);
      return handle;
    },
    async close() {
      for (const g of [...gateways]) await g.close();
      await apolloServer.stop();
      await Promise.all(servers.map((s) => s.running.close()));
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** The answer with what may legitimately differ between two gateways removed: error order, messages' wording of the same failure, extensions beyond the code. */
export function normalise(answer: Answer): unknown {
  const errors = (answer.body.errors ?? [])
    .map((e) => ({ path: e.path ?? null, code: e.extensions?.code ?? null }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { status: answer.status, data: answer.body.data, errors };
}
