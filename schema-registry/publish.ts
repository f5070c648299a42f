/**
 * Checking and publishing a subgraph version. Both validate the input and run
 * every check (checks/) against the live state; publish then stores the new
 * version and the new supergraph — all in one transaction under the registry
 * lock, so concurrent publishes serialize, every check sees the state its
 * result is stored on, and nothing is stored when any check finds an error.
 */
import type { Database, Queryable } from '../platform/db.ts';
import { descriptorProblems, type DomainDescriptor } from '../policies/dataProduct.ts';
import { decideWrite, describePrincipal, type RegistryPrincipal } from './auth/permissions.ts';
import { claim, ownerOf } from './auth/owners.ts';
import { sha256 } from '../platform/hash.ts';
import type { Proposal } from './checks/context.ts';
import { summarize, type CheckSummary, type Finding } from './checks/finding.ts';
import { gatherContext, type Governance } from './checks/gather.ts';
import { runChecks } from './checks/index.ts';
import * as store from './store.ts';

export interface PublishInput {
  name: string;
  sdl: string;
  url: string;
  dataProduct?: DomainDescriptor | null;
  /** The publisher's own name for the version, e.g. a git SHA. */
  label?: string | null;
}

export type PublishOutcome =
  | { status: 'published' | 'unchanged'; version: number; supergraph: { id: number; hash: string }; findings: Finding[]; summary: CheckSummary }
  | { status: 'invalid'; errors: string[]; findings: Finding[] }
  | { status: 'forbidden'; error: string }
  | { status: 'rejected'; errors: Finding[]; findings: Finding[]; summary: CheckSummary };

export type CheckOutcome = { status: 'checked'; findings: Finding[]; summary: CheckSummary } | { status: 'invalid'; errors: string[]; findings: Finding[] };

export const SUBGRAPH_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const LABEL = /^[\w.:/+@-]{1,100}$/;

export function inputProblems(input: Partial<PublishInput>): string[] {
  const problems: string[] = [];
  if (typeof input.name !== 'string' || !SUBGRAPH_NAME.test(input.name)) problems.push('subgraph name must be lowercase letters, digits and dashes (at most 63)');
  if (typeof input.sdl !== 'string' || !input.sdl.trim()) problems.push('"sdl" must be the subgraph schema as a non-empty string');
  if (typeof input.url !== 'string' || !/^https?:\/\/[^\s]+$/.test(input.url)) problems.push('"url" must be the http(s) URL the gateway reaches the subgraph at');
  if (input.label != null && (typeof input.label !== 'string' || !LABEL.test(input.label))) problems.push('"label" must be 1 to 100 letters, digits or . _ : / + @ -');
  if (input.dataProduct != null) problems.push(...descriptorProblems(input.dataProduct).map((p) => `dataProduct: ${p}`));
  return problems;
}

function invalid(problems: string[]): { status: 'invalid'; errors: string[]; findings: Finding[] } {
  return { status: 'invalid', errors: problems, findings: problems.map((message) => ({ check: 'input', severity: 'error', code: 'INVALID_INPUT', message })) };
}

const proposalOf = (input: PublishInput): Proposal => ({ name: input.name, sdl: input.sdl, url: input.url, dataProduct: input.dataProduct ?? null });
const versionHash = (p: Proposal) => sha256(JSON.stringify([p.sdl, p.url, p.dataProduct]));

/** Runs every check against the live state and stores nothing. */
export async function checkSubgraph(db: Queryable, input: PublishInput, principal: RegistryPrincipal | undefined, governance: Governance): Promise<CheckOutcome> {
  const problems = inputProblems(input);
  if (problems.length) return invalid(problems);
  const findings = await runChecks(await gatherContext(db, proposalOf(input), principal, governance));
  return { status: 'checked', findings, summary: summarize(findings) };
}

export async function publishSubgraph(db: Database, input: PublishInput, principal: RegistryPrincipal, governance: Governance): Promise<PublishOutcome> {
  const problems = inputProblems(input);
  if (problems.length) return invalid(problems);
  const proposal = proposalOf(input);
  const hash = versionHash(proposal);

  return db.transaction(async (tx): Promise<PublishOutcome> => {
    await store.lockRegistry(tx);
    const owner = await ownerOf(tx, proposal.name);
    const decision = decideWrite(principal, proposal.name, owner, proposal.dataProduct?.team ?? null);
    if (!decision.allowed) return { status: 'forbidden', error: decision.reason };

    const mine = (await store.currentVersions(tx)).find((v) => v.subgraph === proposal.name);
    const latest = await store.latestSupergraph(tx);
    if (mine && mine.hash === hash && latest) {
      return { status: 'unchanged', version: mine.version, supergraph: { id: latest.id, hash: latest.hash }, findings: [], summary: summarize([]) };
    }

    const ctx = await gatherContext(tx, proposal, principal, governance);
    const findings = await runChecks(ctx);
    const summary = summarize(findings);
    if (!summary.ok || !ctx.composed.ok) return { status: 'rejected', errors: findings.filter((f) => f.severity === 'error'), findings, summary };

    const by = describePrincipal(principal);
    const version = await store.insertVersion(tx, { subgraph: proposal.name, sdl: proposal.sdl, url: proposal.url, dataProduct: proposal.dataProduct, hash, publishedBy: by, label: input.label ?? null });
    if (decision.claimFor) await claim(tx, proposal.name, decision.claimFor, by);
    const versions = Object.fromEntries([...ctx.live.filter((v) => v.subgraph !== proposal.name).map((v) => [v.subgraph, v.version]), [proposal.name, version]]);
    const supergraph =
      latest?.hash === ctx.composed.hash
        ? { id: latest.id, hash: latest.hash }
        : { id: await store.insertSupergraph(tx, { sdl: ctx.composed.supergraphSdl, hash: ctx.composed.hash, subgraphs: versions, reason: `publish ${proposal.name} v${version}` }), hash: ctx.composed.hash };
    return { status: 'published', version, supergraph, findings, summary };
  });
}
