/**
 * The registry as the CLI sees it: DPG_REGISTRY_URL, DPG_TOKEN, and JSON over
 * HTTP. An unreachable registry is a failure the user can act on, so it is
 * reported with the URL tried.
 */
import { CommandFailed, UsageError, type Io } from '../../platform/cli.ts';

export const DEFAULT_REGISTRY_URL = 'http://127.0.0.1:4100';

export interface RegistryReply<T = any> {
  status: number;
  ok: boolean;
  body: T;
  headers: Headers;
}

export function registryClient(io: Io) {
  const raw = io.env.DPG_REGISTRY_URL || DEFAULT_REGISTRY_URL;
  let base: string;
  try {
    base = new URL(raw).toString().replace(/\/+$/, '');
  } catch {
    throw new UsageError(`DPG_REGISTRY_URL="${raw}" is not a URL`);
  }
  const token = io.env.DPG_TOKEN;

  async function send<T = any>(method: string, path: string, body?: unknown): Promise<RegistryReply<T>> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(120_000),
      });
    } catch (err) {
      throw new CommandFailed(`cannot reach the registry at ${base}: ${(err as Error).cause ? ((err as Error).cause as Error).message : (err as Error).message} (set DPG_REGISTRY_URL)`);
    }
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, ok: res.ok, headers: res.headers, body: (isJson && text ? JSON.parse(text) : text) as T };
  }

  return { base, hasToken: Boolean(token), get: <T = any>(path: string) => send<T>('GET', path), post: <T = any>(path: string, body: unknown) => send<T>('POST', path, body) };
}

export type RegistryClient = ReturnType<typeof registryClient>;

/** The registry's own words for a refusal, whatever shape the body has. */
export function refusal(reply: RegistryReply): string {
  const b = reply.body as { errors?: { message?: string; extensions?: { problems?: unknown } }[] } | string;
  if (typeof b === 'string') return `registry answered ${reply.status}${b ? `: ${b}` : ''}`;
  const errors = Array.isArray(b?.errors) ? b.errors : [];
  if (errors.length === 1) {
    const problems = errors[0].extensions?.problems;
    return [errors[0].message ?? `registry answered ${reply.status}`, ...(Array.isArray(problems) ? problems : []).map((d) => `  - ${d}`)].join('\n');
  }
  return [`registry answered ${reply.status}`, ...errors.map((e) => `  - ${e.message}`)].join('\n');
}
