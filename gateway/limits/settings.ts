/**
 * The gateway's request limits as configured: the defaults for every caller
 * that no `limits:` rule of the policy matches (policies/README.md).
 */
import { int, oneOf } from '../../platform/config.ts';

const DEMAND_CONTROL_MODES = ['off', 'measure', 'enforce'] as const;

export const limitSettings = {
  demandControl: oneOf('DEMAND_CONTROL', 'enforce', DEMAND_CONTROL_MODES, 'Demand control before planning: enforce = refuse operations over their limits (400, extensions.code COST_LIMIT, DEPTH_LIMIT, …); measure = only report each operation\'s figures in extensions.cost; off.'),
  maxCost: int('MAX_COST', 200_000, 'Largest estimated cost of one operation: objects it may return (lists multiplied by their page size) plus entity fetches across subgraphs. The benchmark\'s 500-account, three-domain join costs 101,500.', 1),
  maxDepth: int('MAX_DEPTH', 10, 'Deepest field nesting of one operation.', 1),
  maxAliases: int('MAX_ALIASES', 30, 'Most aliases in one operation (fragments counted each time they are spread).'),
  maxRootFields: int('MAX_ROOT_FIELDS', 20, 'Most root fields in one operation.', 1),
  maxDirectives: int('MAX_DIRECTIVES', 50, 'Most directives in one operation.'),
  maxBatchSize: int('MAX_BATCH_SIZE', 10, 'Most operations in one batched request.', 1),
  assumedListSize: int('COST_ASSUMED_LIST_SIZE', 50, 'Size demand control assumes for a list whose size neither the operation (`first`), the schema (a default for `first`) nor `@listSize(assumedSize:)` gives.', 1),
  requestsPerSecond: int('RATE_LIMIT_REQUESTS_PER_SECOND', 0, 'Requests per second per consumer (token subject or API key), counted across replicas in Redis when configured; 0 = no limit. Policies set it per role or key.'),
  costPerMinute: int('RATE_LIMIT_COST_PER_MINUTE', 0, 'Estimated cost per minute per consumer, counted like requests; 0 = no limit.'),
};
