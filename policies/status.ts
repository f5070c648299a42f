/**
 * `dpg policy status`: what each service of the mesh says about its policy
 * (`/ready`), and whether they all enforce one version checked against one
 * supergraph. Asking is I/O; judging and rendering are pure.
 */
import type { PolicyStatus } from './holder.ts';

/** What one service's /ready says about its policy. */
export interface ServiceStatus {
  name: string;
  url: string;
  ready: boolean | null;
  version: string | null;
  /** Hash of the supergraph its policy is checked against; null when it knows none. */
  supergraph: string | null;
  problems: { file: string; line: number; message: string }[];
  /** Why it could not be asked. */
  error?: string;
}

export async function serviceStatus(service: { name: string; url: string }): Promise<ServiceStatus> {
  const base = { ...service, ready: null, version: null, supergraph: null, problems: [] };
  try {
    const res = await fetch(`${service.url}/ready`, { signal: AbortSignal.timeout(5000) });
    const body = (await res.json()) as { ready?: boolean; policy?: PolicyStatus };
    if (!body.policy) return { ...base, error: `its /ready (${res.status}) says nothing about a policy` };
    const schema = body.policy.schema;
    return {
      ...base,
      ready: body.ready ?? null,
      version: body.policy.version,
      supergraph: schema?.kind === 'supergraph' ? schema.hash : null,
      problems: body.policy.rejected?.problems ?? [],
    };
  } catch (err) {
    return { ...base, error: `unreachable at ${service.url} (${(err as Error).message})` };
  }
}

/** Every reason the services do not enforce one policy version, checked against one supergraph. Pure. */
export function judgeStatuses(services: readonly ServiceStatus[]): { ok: boolean; findings: string[] } {
  const findings: string[] = [];
  for (const s of services) {
    if (s.error) findings.push(`${s.name}: ${s.error}`);
    else if (!s.version) findings.push(`${s.name}: no valid policy`);
    if (!s.error && !s.supergraph) findings.push(`${s.name}: its policy is not checked against a supergraph`);
    for (const p of s.problems) findings.push(`${s.name} refuses the newest policy: ${p.file}:${p.line}: ${p.message}`);
  }
  const reachable = services.filter((s) => !s.error);
  const versions = new Set(reachable.map((s) => s.version));
  if (versions.size > 1) findings.push(`services disagree on the policy version: ${reachable.map((s) => `${s.name} ${s.version ?? 'none'}`).join(', ')}`);
  const supergraphs = new Set(reachable.filter((s) => s.supergraph).map((s) => s.supergraph));
  if (supergraphs.size > 1) findings.push(`services check the policy against different supergraphs: ${reachable.map((s) => `${s.name} ${s.supergraph?.slice(0, 12) ?? 'none'}`).join(', ')}`);
  return { ok: findings.length === 0, findings };
}

export function renderStatuses(services: readonly ServiceStatus[]): string {
  const rows = services.map((s) => [s.name, s.version ?? '—', s.supergraph?.slice(0, 12) ?? '—', s.ready === null ? '—' : s.ready ? 'yes' : 'no', s.error ? 'unreachable' : String(s.problems.length)]);
  const head = ['SERVICE', 'POLICY', 'SUPERGRAPH', 'READY', 'PROBLEMS'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}
