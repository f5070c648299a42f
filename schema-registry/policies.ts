/**
 * Access policies as versioned bundles, for production: the governance team
 * publishes the policy folder (`dpg policy publish`), the registry checks it
 * against the live supergraph and keeps every version, and gateways and
 * subgraphs (POLICY_SOURCE=registry) poll the latest with an ETag and fetch
 * an earlier one by version when a request was decided under it. A bundle
 * that does not validate is refused with file:line problems and nothing changes.
 */
import type { Database, Queryable } from '../platform/db.ts';
import { HttpError, type Handler, type HttpRequest } from '../platform/http.ts';
import { parsePolicy, type PolicySource } from '../policies/engine/load.ts';
import { factsFromSupergraph } from '../policies/engine/schemaFacts.ts';
import { validatePolicy } from '../policies/engine/validate.ts';
import type { RegistryPrincipal } from './auth/permissions.ts';
import * as store from './store.ts';

const PUBLISHERS: readonly string[] = ['governance', 'admin'];

interface Bundle {
  id: number;
  version: string;
  files: PolicySource[];
  publishedAt: string;
  publishedBy: string;
}

/** The newest published bundle. */
export async function latestPolicyBundle(db: Queryable): Promise<Bundle | undefined> {
  const [row] = await db.query<Bundle>(`SELECT id, version, files, published_at AS "publishedAt", published_by AS "publishedBy" FROM policy_bundles ORDER BY id DESC LIMIT 1`);
  return row;
}

function filesOf(body: unknown): PolicySource[] {
  const files = (body as { files?: unknown } | undefined)?.files;
  if (!Array.isArray(files) || files.length === 0) throw new HttpError(400, 'body must be {"files": [{"file": "...", "text": "..."}]} with at least one file');
  return files.map((f, i) => {
    const { file, text } = (f ?? {}) as Record<string, unknown>;
    if (typeof file !== 'string' || !file || typeof text !== 'string') throw new HttpError(400, `files[${i}] needs "file" and "text" strings`);
    return { file, text };
  });
}

export function policyRoutes(db: Database, auth: { required(header: string | string[] | undefined): Promise<RegistryPrincipal> }): Record<string, Handler> {
  return {
    'POST /policies': async (req: HttpRequest) => {
      const principal = await auth.required(req.headers.authorization);
      if (!PUBLISHERS.includes(principal.role)) throw new HttpError(403, `publishing policies needs a ${PUBLISHERS.join(' or ')} token`);
      const files = filesOf(req.body);
      const { policy, problems } = parsePolicy(files);
      const supergraph = await store.latestSupergraph(db);
      const invalid = policy && supergraph ? validatePolicy(policy, factsFromSupergraph(supergraph.sdl)) : problems;
      if (!policy || invalid.length) return { status: 422, body: { status: 'rejected', problems: invalid } };
      return db.transaction(async (tx) => {
        await store.lockRegistry(tx);
        const current = await latestPolicyBundle(tx);
        if (current?.version === policy.version) return { status: 200, body: { status: 'unchanged', version: policy.version, id: current.id } };
        const [{ id }] = await tx.query<{ id: number }>(`INSERT INTO policy_bundles (version, files, published_by) VALUES ($1, $2, $3) RETURNING id`, [
          policy.version,
          JSON.stringify(files),
          principal.label ?? `${principal.team} ${principal.role}`,
        ]);
        return { status: 201, body: { status: 'published', version: policy.version, id } };
      });
    },

    'GET /policies': async (req: HttpRequest) => {
      const bundle = await latestPolicyBundle(db);
      if (!bundle) throw new HttpError(404, 'no policy bundle published yet');
      const headers: Record<string, string> = { etag: `"${bundle.version}"`, 'cache-control': 'no-cache' };
      if (req.headers['if-none-match'] === headers.etag) return { status: 304, headers };
      return { headers, body: { version: bundle.version, id: bundle.id, files: bundle.files } };
    },

    // Services fetch an earlier version by name when the gateway decided a request under one they do not hold.
    'GET /policies/versions/:version': async (req: HttpRequest) => {
      const [bundle] = await db.query<Bundle>(
        `SELECT id, version, files, published_at AS "publishedAt", published_by AS "publishedBy" FROM policy_bundles WHERE version = $1 ORDER BY id DESC LIMIT 1`,
        [req.params.version],
      );
      if (!bundle) throw new HttpError(404, `no policy bundle has version "${req.params.version}"`);
      return { headers: { 'cache-control': 'max-age=86400, immutable' }, body: { version: bundle.version, id: bundle.id, files: bundle.files } };
    },
    'GET /policies/versions': async () => ({
      body: await db.query(`SELECT id, version, published_at AS "publishedAt", published_by AS "publishedBy" FROM policy_bundles ORDER BY id DESC LIMIT 100`),
    }),
  };
}
