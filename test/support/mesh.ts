/**
 * The whole mesh for one integration test file: real HTTP servers on free
 * ports, on PGlite or on a fresh PostgreSQL database depending on which
 * vitest project runs the file.
 */
import request from 'supertest';
import { describe } from 'vitest';
import { startMesh, type Mesh, type MeshOptions } from '../../bin/mesh.ts';
import { createTestDatabase, postgresAvailable } from './services.ts';

export const database = (process.env.DPG_TEST_DATABASE ?? 'pglite') as 'pglite' | 'postgres';

/** `describe` that skips on the PostgreSQL project when no server is reachable (fails under REQUIRE_SERVICES=1). */
export const describeMesh = database === 'postgres' && !(await postgresAvailable()) ? describe.skip : describe;

export const TEST_ENV = {
  DATA_DIR: 'memory',
  SEED_SCALE: '0.5',
  SUPERGRAPH_POLL_INTERVAL_MS: '100',
  REFRESH_INTERVAL_MS: '0',
  // Suites that count SQL statements or watch data change need every request
  // to reach the databases; the caching suite turns the caches on itself.
  ENTITY_CACHE: 'off',
  RESPONSE_CACHE: 'off',
};

export interface TestMesh extends Mesh {
  databaseUrl?: string;
  /** POST a GraphQL operation to the gateway; resolves to the supertest response. */
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

export async function startTestMesh(options: Omit<MeshOptions, 'ephemeralPorts'> & { env?: Record<string, string> } = {}): Promise<TestMesh> {
  const { env, drop } = await testEnvironment(options.env);
  let mesh: Mesh;
  try {
    mesh = await startMesh({ ...options, env, ephemeralPorts: true });
    await mesh.ready();
  } catch (err) {
    await drop();
    throw err;
  }
  return {
    ...mesh,
    databaseUrl: env.DATABASE_URL,
    query(query, variables, headers = {}) {
      return request(mesh.gateway.url).post('/graphql').set(headers).send({ query, variables });
    },
    async close() {
      await mesh.close();
      await drop();
    },
  };
}
