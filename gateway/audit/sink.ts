/**
 * Ships audit events to the governance domain, which stores them and serves
 * them as the `auditEvents` data product. Events are batched and sent with the
 * gateway's own signed identity; while the governance subgraph is away they
 * wait in a bounded buffer (the oldest are dropped, and counted, past it).
 */
import type { Logger } from '../../platform/log.ts';
import type { AuditEvent } from './events.ts';

const MAX_BUFFER = 20_000;
const BATCH = 500;

export interface AuditSinkOptions {
  /** The governance subgraph's base URL, from the live supergraph; undefined while it is not part of it. */
  target: () => string | undefined;
  token: () => Promise<string>;
  intervalMs: number;
  logger: Logger;
  onDropped?: (n: number) => void;
}

export function auditSink(options: AuditSinkOptions) {
  let buffer: AuditEvent[] = [];
  let warned = false;
  let flushing: Promise<void> = Promise.resolve();

  async function send(): Promise<void> {
    const base = options.target();
    if (!base || buffer.length === 0) return;
    while (buffer.length) {
      const batch = buffer.slice(0, BATCH);
      try {
        const res = await fetch(`${base}/audit`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await options.token()}` },
          body: JSON.stringify({ events: batch }),
          signal: AbortSignal.timeout(5000),
        });
        if (!res.ok) throw new Error(`governance answered ${res.status}`);
        buffer = buffer.slice(batch.length);
        warned = false;
      } catch (err) {
        if (!warned) options.logger.warn({ err: (err as Error).message, pending: buffer.length }, 'cannot deliver audit events yet; keeping them');
        warned = true;
        return;
      }
    }
  }

  const flush = () => (flushing = flushing.then(send));
  const timer = setInterval(() => void flush(), options.intervalMs);
  timer.unref();

  return {
    record(events: AuditEvent[]): void {
      buffer.push(...events);
      if (buffer.length > MAX_BUFFER) {
        options.onDropped?.(buffer.length - MAX_BUFFER);
        buffer = buffer.slice(buffer.length - MAX_BUFFER);
      }
    },
    /** Sends what is buffered now (tests, shutdown). */
    flush,
    pending: () => buffer.length,
    async close(): Promise<void> {
      clearInterval(timer);
      await flush();
    },
  };
}

export type AuditSink = ReturnType<typeof auditSink>;
