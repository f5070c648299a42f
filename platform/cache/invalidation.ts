/**
 * The invalidation message: "these entity types (optionally only these keys)
 * of this subgraph changed". A domain publishes one after a load job or a
 * mutation; every replica of every service hears it on the bus and drops
 * what it cached from those types. A message that cannot be published (Redis
 * down) is kept and published again once the bus answers, so an outage
 * delays an invalidation but never loses it.
 */
import { redoUntilDone } from './redo.ts';
import type { MessageBus } from './store.ts';

export interface Invalidation {
  /** The subgraph whose data changed. */
  subgraph: string;
  /** GraphQL type names, e.g. ["AcquisitionCost"]. */
  types: string[];
  /** Entity keys of those types; absent means every entity of the types. */
  keys?: string[];
  /** The instance that published it, which has already acted on it. */
  origin?: string;
}

export const invalidationChannel = (namespace: string) => `${namespace}:invalidate`;

const TYPE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Problems with a request body meant as an invalidation; empty when it is sound. */
export function invalidationProblems(input: unknown): string[] {
  const body = input as Partial<Invalidation> | null;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return ['body must be a JSON object like {"types": ["Account"], "keys": ["acc-000001"]}'];
  const problems: string[] = [];
  if (!Array.isArray(body.types) || body.types.length === 0) problems.push('"types" must list at least one type name');
  else for (const t of body.types) if (typeof t !== 'string' || !TYPE_NAME.test(t)) problems.push(`"${String(t)}" is not a GraphQL type name`);
  if (body.keys !== undefined && (!Array.isArray(body.keys) || body.keys.some((k) => typeof k !== 'string' && typeof k !== 'number'))) {
    problems.push('"keys" must be a list of entity keys');
  }
  return problems;
}

export function decodeInvalidation(message: string): Invalidation | undefined {
  try {
    const parsed = JSON.parse(message) as Invalidation;
    return typeof parsed.subgraph === 'string' && invalidationProblems(parsed).length === 0 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Publishes invalidations, retrying the ones the bus could not take until it can, in order. */
export function invalidationPublisher(bus: MessageBus, namespace: string, retryMs = 1000) {
  const channel = invalidationChannel(namespace);
  const redo = redoUntilDone(retryMs);
  return {
    /** Resolves true when published now, false when queued for a retry. */
    publish(invalidation: Invalidation): Promise<boolean> {
      const { subgraph, types, keys, origin } = invalidation;
      const message = JSON.stringify({ subgraph, types, ...(keys ? { keys: keys.map(String) } : {}), ...(origin ? { origin } : {}) });
      return redo.run(() => bus.publish(channel, message));
    },
    get pending() {
      return redo.pending;
    },
    stop: () => redo.stop(),
  };
}
