/**
 * The whole mesh for one integration test file: real HTTP servers on free
 * ports, on PGlite or on a fresh PostgreSQL database depending on which
 * vitest project runs the file.
 */
import request from 'supertest';
import { exportJWK, generateKeyPair } from 'jose';
import { describe } from 'vitest';
import { mintDevToken } from '../../gateway/identity/devTokens.ts';
import type { Principal } from '../../policies/principal.ts';
import { startMesh, type Mesh, type MeshOptions } from '../../bin/mesh.ts';
import { DEV_ADMIN_TOKEN } from '../../schema-registry/config.ts';
import { createTestDatabase, postgresAvailable } from './services.ts';

export const database = (process.env.DPG_TEST_DATABASE ?? 'pglite') as 'pglite' | 'postgres';

/** `describe` that skips on the PostgreSQL project when no server is reachable (fails under REQUIRE_SERVICES=1). */
export const describeMesh = database === 'postgres' && !(await postgresAvailable()) ? describe.skip : describe;

const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
const TEST_JWT_SECRET = 'test-secret-for-integration-tests-only';

export const TEST_ENV = {
  DATA_DIR: 'memory',
  JWT_SECRET: TEST_JWT_SECRET,
  // Shared by every gateway a test starts, so subgraphs trust each of them.
  GATEWAY_SIGNING_KEY: JSON.stringify(await exportJWK(privateKey)),
  POLICY_POLL_INTERVAL_MS: '100',
  SEED_SCALE: '0.5',
  SUPERGRAPH_POLL_INTERVAL_MS: '100',
  REFRESH_INTERVAL_MS: '0',
  // Suites that count SQL statements or watch data change need every request
  // to reach the databases; the caching suite turns the caches on itself.
  // A loaded CI machine can take longer than the production default of a few
  // ms; tests must not turn into timing tests (the outage tests use dead ports).
  REDIS_COMMAND_TIMEOUT_MS: '1000',
  ENTITY_CACHE: 'off',
  RESPONSE_CACHE: 'off',
};

/**
 * A credential that may operate every subgraph of a test mesh (POST
 * /invalidate, /refresh): the registry's development admin token, which
 * test meshes keep.
 */
export const OPERATOR = { authorization: `Bearer ${DEV_ADMIN_TOKEN}` };

/** A JWT the test gateways accept, for a principal built from roles, attributes and scopes. */
export function tokenFor(roles: string[], attributes: Record<string, string> = {}, scopes: string[] = [], subject = `user-${roles.join('-') || 'none'}`): Promise<string> {
  const principal: Principal = { subject, roles, scopes, attributes };
  return mintDevToken(TEST_JWT_SECRET, principal);
}

export const bearer = async (...args: Parameters<typeof tokenFor>) => ({ authorization: `Bearer ${await tokenFor(...args)}` });

export interface TestMesh extends Mesh {
  databaseUrl?: string;
  /** POST a GraphQL operation to the gateway as an `exec` (unless `headers` say otherwise). */
  query(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<request.Response>;
}

/**
 * The environment for services under test: in-memory PGlite, or a fresh
 * PostgreSQL database (never the developer's DATABASE_URL) that `drop` removes.
 */
export async function testEnvironment(extra: Record<string, string> = {}): Promise<{ env: NodeJS.ProcessEnv; drop(): Promise<void> }> {
  const db = database === 'postgres' ? await createTestDatabase() : undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, ...TEST_ENV, ...extra };
  delete env.DATABASE_URL;
  if (db) env.DATABASE_URL = db.url;
  return { env, drop: async () => db?.drop() };
}

// Joins and resilience tests read as an executive: every product, all rows.
const execHeaders = bearer(['exec'], {}, ['pii:read'], 'test-exec');

/** `untilReady: false` returns once every service listens, without waiting for readiness (e.g. before any policy exists). */
export async function startTestMesh(options: Omit<MeshOptions, 'ephemeralPorts'> & { env?: Record<string, string>; untilReady?: boolean } = {}): Promise<TestMesh> {
  const { env, drop } = await testEnvironment(options.env);
  let mesh: Mesh;
  try {
    mesh = await startMesh({ ...options, env, ephemeralPorts: true });
    if (options.untilReady !== false) await mesh.ready();
  } catch (err) {
    await drop();
    throw err;
  }
  return {
    ...mesh,
    databaseUrl: env.DATABASE_URL,
    async query(query, variables, headers) {
      return request(mesh.gateway.url).post('/graphql').set(headers ?? (await execHeaders)).send({ query, variables });
    },
    async close() {
      await mesh.close();
      await drop();
    },
  };
}

/** GraphQL requests the mesh's subgraphs have served so far, from their own metrics. */
export async function subgraphRequests(mesh: Mesh): Promise<number> {
  let total = 0;
  for (const s of Object.values(mesh.subgraphs)) {
    const text = (await request(s.url).get('/metrics')).text;
    for (const m of text.matchAll(/^dpg_graphql_requests_total\{[^}]*\} (\d+)/gm)) total += Number(m[1]);
  }
  return total;
}
