/**
 * Waits until every service of a mesh says it is ready (`GET /ready` answers
 * `ready: true`): the registry, each subgraph (migrated, seeded, published,
 * its policy checked) and the gateway (serving the registry's current
 * supergraph). A gateway that is only `degraded` is not ready. On timeout the
 * error names each service still waiting, with its own reason.
 */
export interface ReadyTarget {
  name: string;
  /** Base URL; `/ready` is asked there. */
  url: string;
  /** A further condition on the ready answer's body: the reason it is not met, or undefined. */
  unmet?: (body: Record<string, any>) => string | undefined;
}

async function readiness(target: ReadyTarget): Promise<{ ready: boolean; reason?: string }> {
  try {
    // Generous: on a loaded machine an answer from this very process can take seconds.
    const res = await fetch(`${target.url}/ready`, { signal: AbortSignal.timeout(10_000) });
    const body = (await res.json().catch(() => ({}))) as Record<string, any>;
    const unmet = res.ok && body.ready === true ? target.unmet?.(body) : undefined;
    return { ready: res.ok && body.ready === true && !unmet, reason: unmet ?? body.reason ?? (res.ok ? undefined : `HTTP ${res.status}`) };
  } catch (err) {
    return { ready: false, reason: (err as Error).message };
  }
}

export async function waitUntilReady(targets: readonly ReadyTarget[], timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let waiting = [...targets];
  let last = new Map<string, string | undefined>();
  while (waiting.length) {
    const states = await Promise.all(waiting.map(readiness));
    last = new Map(waiting.map((t, i) => [t.name, states[i].reason]));
    waiting = waiting.filter((_, i) => !states[i].ready);
    if (!waiting.length) return;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`not ready within ${timeoutMs} ms: ${waiting.map((t) => `${t.name} (${last.get(t.name) ?? 'no reason given'})`).join('; ')}`);
}
