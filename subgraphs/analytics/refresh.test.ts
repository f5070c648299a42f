import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Queryable } from '../../platform/db.ts';
import { lastFullRefresh, PRODUCTS, schedule, type RefreshOutcome } from './refresh.ts';

const MINUTE = 60_000;
const ok: RefreshOutcome[] = PRODUCTS.map((p) => ({ product: p.id, status: 'ok' }));

describe('the refresh schedule', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const runsWithin = async (lastRefreshed: Date | null, ms: number) => {
    const run = vi.fn(async () => ok);
    const timer = schedule(run, MINUTE, async () => lastRefreshed);
    await vi.advanceTimersByTimeAsync(ms);
    await timer.stop();
    return run.mock.calls.length;
  };

  it('refreshes soon after start when a product was never refreshed', async () => {
    expect(await runsWithin(null, 1_000)).toBe(1);
  });

  it('after a restart, keeps results younger than the interval until they are due', async () => {
    const tenSecondsAgo = new Date(Date.now() - 10_000);
    expect(await runsWithin(tenSecondsAgo, 49_000)).toBe(0);
    expect(await runsWithin(new Date(Date.now() - 10_000), 51_000)).toBe(1);
  });

  it('refreshes soon after start when the last results are older than the interval', async () => {
    expect(await runsWithin(new Date(Date.now() - 5 * MINUTE), 1_000)).toBe(1);
  });

  it('refreshes soon when the last refresh time cannot be read', async () => {
    const run = vi.fn(async () => ok);
    const timer = schedule(run, MINUTE, async () => Promise.reject(new Error('database closed')));
    await vi.advanceTimersByTimeAsync(1_000);
    await timer.stop();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('with the timer off, neither runs nor reads when it last ran', async () => {
    const run = vi.fn(async () => ok);
    const lastRefreshed = vi.fn(async () => null);
    const timer = schedule(run, 0, lastRefreshed);
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    await timer.stop();
    expect(lastRefreshed).not.toHaveBeenCalled();
    expect(run).not.toHaveBeenCalled();
  });

  it('never runs once stopped, even when stopped before the last refresh time was read', async () => {
    const run = vi.fn(async () => ok);
    const timer = schedule(run, MINUTE, () => new Promise((r) => setTimeout(() => r(null), 100)));
    await timer.stop();
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(run).not.toHaveBeenCalled();
  });
});

describe('lastFullRefresh', () => {
  const rowsOf = (rows: Record<string, unknown>[]): Queryable => ({ query: async () => rows as never });
  const [a, b] = PRODUCTS.map((p) => p.id);
  const t1 = new Date('2026-12-01T10:00:00Z');
  const t2 = new Date('2026-12-01T11:00:00Z');

  it('is the oldest of the products’ last successful refreshes', async () => {
    expect(await lastFullRefresh(rowsOf([{ product: a, refreshed_at: t2, status: 'ok' }, { product: b, refreshed_at: t1, status: 'ok' }]))).toEqual(t1);
  });

  it('is null when a product never succeeded or its last run failed', async () => {
    expect(await lastFullRefresh(rowsOf([{ product: a, refreshed_at: t2, status: 'ok' }]))).toBeNull();
    expect(await lastFullRefresh(rowsOf([{ product: a, refreshed_at: t2, status: 'ok' }, { product: b, refreshed_at: t1, status: 'failed' }]))).toBeNull();
  });
});
