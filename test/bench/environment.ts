/** The environment every process of one benchmark run shares: seed, secrets, Redis prefix. */
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function benchEnvironment(seedScale: number, prefix: string): Promise<Record<string, string>> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return {
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
    DATA_DIR: 'memory',
    SEED_SCALE: String(seedScale),
    MAX_PAGE_SIZE: '5000',
    REFRESH_INTERVAL_MS: '0',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    GATEWAY_SIGNING_KEY: JSON.stringify(await exportJWK(privateKey)),
    REDIS_URL,
    CACHE_KEY_PREFIX: prefix,
  };
}

/** Accounts in the seed at `seedScale` (subgraphs/kit/seed: 200 at scale 1). */
export const accountsAt = (seedScale: number) => Math.round(200 * seedScale);
