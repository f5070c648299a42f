/**
 * Breaking, dangerous and safe changes between the API schema gateways serve
 * now and the one this proposal would produce, judged against real usage.
 */
import { apiSchemaOf } from '../../policies/engine/apiSchema.ts';
import { schemaChanges, touches, typesOf, type SchemaChange } from '../diff/changes.ts';
import { byClient } from '../usage/clients.ts';
import type { CoordinateUsage } from '../usage/store.ts';
import type { Check } from './context.ts';
import { judge } from './usageVerdict.ts';

const usageOf = (change: SchemaChange, usage: readonly CoordinateUsage[]) => (change.affects ? byClient(usage.filter((u) => touches(change.affects!, u.coordinate))) : []);

export const breakingChanges: Check = {
  id: 'breaking-changes',
  description: 'Changes to the API schema, classified breaking / dangerous / safe; a breaking change fails only when clients used it within the window.',
  async run(ctx) {
    if (!ctx.composed.ok || !ctx.current) return [];
    const changes = schemaChanges(apiSchemaOf(ctx.current.sdl), apiSchemaOf(ctx.composed.supergraphSdl));
    const risky = changes.filter((c) => c.classification !== 'safe');
    const types = [...new Set(risky.flatMap((c) => (c.affects ? typesOf(c.affects) : [])))];
    const usage = types.length ? await ctx.usage(types) : [];
    const deprecatable = risky.flatMap((c) => (c.classification === 'breaking' && c.deprecatable ? [c.deprecatable] : []));
    const since = deprecatable.length ? await ctx.deprecatedSince(deprecatable) : new Map<string, string>();
    return changes.map((change) => ({
      ...judge({
        change,
        clients: usageOf(change, usage),
        deprecatedSince: change.deprecatable ? since.get(change.deprecatable) : undefined,
        windowDays: ctx.usageWindowDays,
        now: ctx.now,
        anonymous: !ctx.principal,
      }),
      subgraph: ctx.proposal.name,
    }));
  },
};
