/**
 * Builds a check's context from the registry's database: the I/O edge of the
 * checks. Every read goes through the Queryable it is given, so inside a
 * publish everything is read in the publish's own transaction, under its lock.
 */
import type { Queryable } from '../../platform/db.ts';
import type { LintConfig } from '../../policies/lint/config.ts';
import type { RegistryPrincipal } from '../auth/permissions.ts';
import { ownerOf } from '../auth/owners.ts';
import { compose } from '../compose.ts';
import { deprecatedCoordinates, deprecatedSince, type HistoryEntry } from '../diff/deprecations.ts';
import * as store from '../store.ts';
import { daysBefore, usageSince } from '../usage/store.ts';
import type { CheckContext, PolicyReference, Proposal } from './context.ts';
import type { LocatedDeclassification } from '../../policies/declassifications.ts';

/** What the registry knows beyond its database: governance settings and the clock. */
export interface Governance {
  /** The current lint settings (policies/lint.yaml, re-read when it changes). */
  lintConfig(): LintConfig;
  policyReferences(): Promise<PolicyReference[]>;
  declassifications(): Promise<LocatedDeclassification[]>;
  usageWindowDays: number;
  now(): Date;
}

// Supergraphs never change, so what each deprecates is worth remembering (by content hash).
const deprecatedBySupergraph = new Map<string, Set<string>>();
const PAGE = 20;

async function* newestFirst(db: Queryable): AsyncIterable<HistoryEntry> {
  let before: number | undefined;
  for (;;) {
    const page = await store.supergraphsBefore(db, before, PAGE);
    for (const s of page) {
      let deprecated = deprecatedBySupergraph.get(s.hash);
      if (!deprecated) {
        deprecated = deprecatedCoordinates(s.sdl);
        if (deprecatedBySupergraph.size > 500) deprecatedBySupergraph.clear();
        deprecatedBySupergraph.set(s.hash, deprecated);
      }
      yield { createdAt: s.createdAt, deprecated };
    }
    if (page.length < PAGE) return;
    before = page[page.length - 1].id;
  }
}

export async function gatherContext(db: Queryable, proposal: Proposal, principal: RegistryPrincipal | undefined, governance: Governance): Promise<CheckContext> {
  const live = await store.currentVersions(db);
  const latest = await store.latestSupergraph(db);
  const owner = await ownerOf(db, proposal.name);
  const sources = [...live.filter((v) => v.subgraph !== proposal.name).map((v) => ({ name: v.subgraph, url: v.url, sdl: v.sdl })), { name: proposal.name, url: proposal.url, sdl: proposal.sdl }];
  const now = governance.now();
  return {
    proposal,
    live,
    composed: compose(sources),
    current: latest && { id: latest.id, sdl: latest.sdl },
    owner,
    principal,
    lintConfig: governance.lintConfig(),
    usageWindowDays: governance.usageWindowDays,
    now,
    usage: (types) => usageSince(db, daysBefore(now, governance.usageWindowDays), types),
    deprecatedSince: (coordinates) => deprecatedSince(coordinates, newestFirst(db)),
    policyReferences: governance.policyReferences,
    declassifications: governance.declassifications,
  };
}
