/**
 * The identity commands of `dpg`: development tokens the gateway accepts,
 * API keys for BI tools, and how the policy commands mint and verify tokens.
 * Development tokens are HS256 with JWT_SECRET, or with the secret the
 * gateway keeps under DATA_DIR when none is set.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { EXIT, UsageError, type Command, type CommandInput } from '../platform/cli.ts';
import type { CliIdentity } from '../policies/cli.ts';
import type { Principal } from '../policies/principal.ts';
import { hashKey, newApiKey } from './identity/apiKeys.ts';
import { DEV_AUDIENCE, DEV_ISSUER, devSecret } from './identity/devSecret.ts';

const secretOf = (io: CommandInput['io']) => io.env.JWT_SECRET || devSecret(io.env.DATA_DIR || path.join(io.cwd, '.data'));
// JWT signing (jose) is loaded by the commands that sign or verify, so the others start faster.
const mintDevToken: typeof import('./identity/devTokens.ts').mintDevToken = async (...args) => (await import('./identity/devTokens.ts')).mintDevToken(...args);
const verifier = async (io: CommandInput['io']) =>
  (await import('./identity/userTokens.ts')).userTokenVerifier({ secret: secretOf(io), issuer: io.env.JWT_ISSUER ?? DEV_ISSUER, audience: io.env.JWT_AUDIENCE ?? DEV_AUDIENCE });

export const devIdentity: CliIdentity = {
  mint: (io, principal, ttl) => mintDevToken(secretOf(io), principal, { ttl }),
  verify: async (io, token) => (await verifier(io))(token),
};

const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);

function principalOptions(options: CommandInput['options']): Principal {
  const attributes: Record<string, string> = {};
  for (const pair of list(options.attr)) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--attr takes key=value, got "${pair}"`);
    attributes[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return { subject: String(options.sub), roles: list(options.role), scopes: list(options.scope), attributes };
}

const identityOptions = {
  sub: { type: 'string', value: 'NAME', description: 'Subject: who the principal is.', required: true },
  role: { type: 'string', value: 'ROLE', description: 'A role (repeat for several).', multiple: true },
  scope: { type: 'string', value: 'SCOPE', description: 'A scope, e.g. pii:read (repeat for several).', multiple: true },
  attr: { type: 'string', value: 'KEY=VALUE', description: 'An attribute, e.g. region=EMEA (repeat for several).', multiple: true },
} as const;

export const commands: Command[] = [
  {
    name: 'token',
    summary: 'Print a development JWT the gateway started by `npm start` accepts (HS256 with JWT_SECRET or the dev secret under DATA_DIR).',
    options: { ...identityOptions, ttl: { type: 'string', value: 'DURATION', description: 'Lifetime, e.g. 1h (default 8h).' } },
    async run({ options, io }) {
      io.out(`${await mintDevToken(secretOf(io), principalOptions(options), { ttl: options.ttl as string | undefined })}\n`);
      return EXIT.ok;
    },
  },
  {
    name: 'apikey create',
    summary: 'Create an API key for a BI tool: prints the key once, and the hashed entry for API_KEYS_FILE.',
    options: {
      ...identityOptions,
      file: { type: 'string', value: 'FILE', description: 'Append the entry to this API keys file.' },
      'key-env': { type: 'string', value: 'NAME', description: 'Use the key in environment variable NAME instead of a new one (deployments that hand a service its key), replacing any entry of the same id in FILE.' },
    },
    async run({ options, io }) {
      const keyEnv = typeof options['key-env'] === 'string' ? options['key-env'] : undefined;
      const given = keyEnv ? io.env[keyEnv] : undefined;
      if (keyEnv && !given) throw new UsageError(`--key-env ${keyEnv}: the environment variable ${keyEnv} is empty or unset`);
      const key = given ?? newApiKey();
      const p = principalOptions(options);
      const entry = { id: p.subject, sha256: hashKey(key), subject: p.subject, roles: p.roles, scopes: p.scopes, attributes: p.attributes };
      if (typeof options.file === 'string') {
        const file = path.resolve(io.cwd, options.file);
        const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : 'keys:\n';
        if (keyEnv) {
          // Run again with the same key (a container's start-up step): one entry per id, never two.
          const keys = ((parse(existing) as { keys?: { id?: string }[] } | null)?.keys ?? []).filter((k) => k.id !== entry.id);
          fs.writeFileSync(file, stringify({ keys: [...keys, entry] }));
        } else fs.writeFileSync(file, `${existing.trimEnd()}\n${stringify([entry]).replace(/^/gm, '  ').trimEnd()}\n`);
      }
      if (given) io.out(options.json ? `${JSON.stringify({ entry })}\n` : stringify({ keys: [entry] }));
      else io.out(options.json ? `${JSON.stringify({ key, entry })}\n` : `key: ${key}\n(shown once; only its hash is stored)\n\n${stringify({ keys: [entry] })}`);
      return EXIT.ok;
    },
  },
];
