/**
 * The deadline a subgraph call carries in its identity token: when the
 * gateway stops waiting for it (now + SUBGRAPH_TIMEOUT_MS), in whole seconds
 * since the epoch, rounded DOWN so the subgraph gives up no later than the
 * gateway does.
 *
 * Whole seconds because the token is part of what identical in-flight
 * subgraph fetches are deduplicated by (dedup.ts) and tokens are reused
 * (identity.ts): a millisecond deadline would make every call's token unique.
 * With seconds, identical calls within the same second still share one fetch,
 * and a principal costs at most one signature per subgraph and second.
 */
export function callDeadline(nowMs: number, timeoutMs: number): number {
  // Never earlier than the next whole second: a sub-second timeout must not
  // produce a deadline that has already passed when the subgraph reads it.
  return Math.max(Math.floor((nowMs + timeoutMs) / 1000), Math.floor(nowMs / 1000) + 1);
}
