/**
 * The development HS256 secret, used when JWT_SECRET is not set: created once
 * under DATA_DIR so that `npm start` and `npm run -s dpg -- token` agree on it
 * without anyone choosing a secret. Production sets JWT_SECRET or a JWKS.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function devSecret(dataDir: string): string {
  if (dataDir === 'memory') return randomBytes(32).toString('base64url');
  const file = path.resolve(dataDir, 'gateway', 'dev-jwt-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export const DEV_ISSUER = 'dpg';
export const DEV_AUDIENCE = 'data-product-gateway';
