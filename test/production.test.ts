/**
 * DPG_ENV=production: every service refuses to start on a development
 * default, names each one, and touches nothing (no database, no data
 * directory, no port); in development the same defaults are only warned about.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gatewayDevelopmentDefaults, readGatewayConfig } from '../gateway/config.ts';
import { startGateway } from '../gateway/server.ts';
import { ConfigError } from '../platform/config.ts';
import { createLogger } from '../platform/log.ts';
import { guardDevelopmentDefaults } from '../platform/safety.ts';
import { readRegistryConfig, registryDevelopmentDefaults } from '../schema-registry/config.ts';
import { startRegistry } from '../schema-registry/server.ts';
import sales from '../subgraphs/sales/index.ts';
import { readSubgraphConfig, subgraphDevelopmentDefaults } from '../subgraphs/kit/config.ts';
import { startSubgraph } from '../subgraphs/kit/server.ts';

const dirs: string[] = [];
const dataDir = () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-prod-')), 'data');
  dirs.push(path.dirname(dir));
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const problemsOf = async (start: () => Promise<unknown>) => {
  const err = await start().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return (err as ConfigError).problems;
};

describe('production mode', () => {
  it('refuses to start the registry on its development admin token, before opening its database', async () => {
    const DATA_DIR = dataDir();
    const problems = await problemsOf(() => startRegistry(readRegistryConfig({ DPG_ENV: 'production', DATA_DIR, REGISTRY_PORT: '0', LOG_LEVEL: 'silent' })));
    expect(problems).toEqual([expect.stringMatching(/^REGISTRY_ADMIN_TOKEN is the embedded development token "dev-admin-token".*\(DPG_ENV=production refuses development defaults\)$/)]);
    expect(fs.existsSync(DATA_DIR)).toBe(false);
  });

  it('refuses to start the gateway on a generated JWT secret, a generated signing key, the dev registry token and placeholders, naming each', async () => {
    const DATA_DIR = dataDir();
    const problems = await problemsOf(() => startGateway(readGatewayConfig({ DPG_ENV: 'production', DATA_DIR, GATEWAY_PORT: '0', LOG_LEVEL: 'silent', CACHE_KEY_PREFIX: 'change-me' })));
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['JWT_SECRET', 'GATEWAY_SIGNING_KEY', 'REGISTRY_TOKEN', 'CACHE_KEY_PREFIX']);
    expect(fs.existsSync(DATA_DIR)).toBe(false);
  });

  it('refuses to start a subgraph on the public mask key or the dev registry token', async () => {
    const DATA_DIR = dataDir();
    const problems = await problemsOf(() => startSubgraph(sales, readSubgraphConfig({ DPG_ENV: 'production', DATA_DIR, SUBGRAPH_PORT: '0', LOG_LEVEL: 'silent' })));
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['MASK_HASH_KEY', 'REGISTRY_TOKEN']);
    expect(problems[0]).toMatch(/hashed values can be reversed with a dictionary/);
    expect(fs.existsSync(DATA_DIR)).toBe(false);
  });

  it('finds nothing to refuse once every secret is set', () => {
    const gateway = readGatewayConfig({ JWT_JWKS_URL: 'https://idp.example.com/jwks', GATEWAY_SIGNING_KEY: '{"kty":"OKP"}', REGISTRY_TOKEN: 'dpg_real' });
    expect(gatewayDevelopmentDefaults(gateway)).toEqual([]);
    expect(gatewayDevelopmentDefaults(readGatewayConfig({ JWT_SECRET: 's3cret', GATEWAY_SIGNING_KEY: '{}', REGISTRY_TOKEN: 'dpg_real' }))).toEqual([]);
    // A gateway without a registry (SUPERGRAPH_FILE, no REGISTRY_URL) never sends its registry token: the default is no problem.
    expect(gatewayDevelopmentDefaults(readGatewayConfig({ JWT_SECRET: 's3cret', GATEWAY_SIGNING_KEY: '{}', SUPERGRAPH_FILE: 'supergraph.graphql' }))).toEqual([]);
    expect(gatewayDevelopmentDefaults(readGatewayConfig({ JWT_SECRET: 's3cret', GATEWAY_SIGNING_KEY: '{}', SUPERGRAPH_FILE: 'supergraph.graphql', REGISTRY_URL: 'http://registry:4100' })).map((d) => d.setting)).toEqual(['REGISTRY_TOKEN']);
    expect(registryDevelopmentDefaults(readRegistryConfig({ REGISTRY_ADMIN_TOKEN: 'a-real-one' }))).toEqual([]);
    expect(subgraphDevelopmentDefaults(readSubgraphConfig({ MASK_HASH_KEY: 'k', REGISTRY_TOKEN: 't' }))).toEqual([]);
    // The compose file's placeholders are caught, whatever variable holds them.
    expect(subgraphDevelopmentDefaults(readSubgraphConfig({ MASK_HASH_KEY: 'change-me-mask-key', REGISTRY_TOKEN: 't' })).map((d) => d.setting)).toEqual(['MASK_HASH_KEY']);
  });
});

describe('development mode', () => {
  it('warns once per development default and process, and starts', () => {
    const lines: string[] = [];
    const logger = createLogger('test', 'warn');
    logger.warn = ((obj: unknown, msg?: string) => void lines.push(String(msg))) as typeof logger.warn;
    const found = [{ setting: 'TEST_ONLY_SETTING', problem: 'is a test default' }];
    guardDevelopmentDefaults('development', found, logger);
    guardDevelopmentDefaults('development', found, logger);
    expect(lines).toEqual(['TEST_ONLY_SETTING is a test default; fine for development, refused with DPG_ENV=production']);
    expect(() => guardDevelopmentDefaults('production', found, logger)).toThrow(/TEST_ONLY_SETTING is a test default/);
  });
});
