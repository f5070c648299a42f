/**
 * A subgraph tells the registry when its data products last got new data,
 * so the catalog (and the governance domain's `dataProducts`, which reads
 * it) shows live freshness for every product, not only for domains with a
 * freshness field of their own. The gateway still gets the same times beside
 * every answer (`dpgFreshness`); this is the push for callers who ask the
 * catalog instead of the data.
 *
 * Once the publish has settled (the registry knows the subgraph's products
 * only then), then every interval, and only when the times changed: for a
 * domain loaded once that is a single report per process. A failed report is
 * logged and sent again at the next tick; it never stops the subgraph.
 */
import type { Logger } from '../../platform/log.ts';
import type { PublishState } from './publish.ts';

export interface FreshnessReportRequest {
  registryUrl: string;
  name: string;
  token?: string;
  /** Between checks for a change; 0 reports once, after the publish. */
  intervalMs: number;
  /** The domain's current times (freshness.ts). */
  times: () => Promise<Record<string, string | null>>;
  /** The publish this follows. */
  published: Promise<PublishState>;
}

export interface FreshnessReporter {
  stop(): void;
}

export function reportFreshnessInBackground(req: FreshnessReportRequest, logger: Logger): FreshnessReporter {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  /** The last report the registry accepted, as sent. */
  let accepted: string | undefined;
  let failing = false;

  const send = async () => {
    const products = await req.times();
    const body = JSON.stringify({ products: Object.fromEntries(Object.entries(products).sort(([a], [b]) => a.localeCompare(b))) });
    if (body === accepted) return;
    const res = await fetch(`${req.registryUrl}/subgraphs/${encodeURIComponent(req.name)}/freshness`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(req.token ? { authorization: `Bearer ${req.token}` } : {}) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const answer = (await res.json().catch(() => ({}))) as { ignored?: string[]; errors?: { message?: string }[] };
    if (!res.ok) throw new Error(`registry answered ${res.status}${answer.errors?.[0]?.message ? `: ${answer.errors[0].message}` : ''}`);
    accepted = body;
    if (answer.ignored?.length) logger.warn({ ignored: answer.ignored }, 'registry ignored freshness of products its published descriptor does not list');
  };

  const tick = async () => {
    if (stopped) return;
    try {
      await send();
      if (failing) logger.info('freshness reported to registry again');
      failing = false;
    } catch (err) {
      if (stopped) return;
      // Warned once per outage, not at every tick.
      logger[failing ? 'debug' : 'warn']({ err: (err as Error).message }, 'freshness report to registry failed; retrying at the next tick');
      failing = true;
    }
    if (stopped || req.intervalMs === 0) return;
    timer = setTimeout(tick, req.intervalMs);
    timer.unref();
  };
  void req.published.then(tick);

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
