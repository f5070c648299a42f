import { describe, expect, it } from 'vitest';
import { gatewayReadiness } from './readiness.ts';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const registry = (currentHash: string | null | undefined, reachable: boolean | undefined = true) => ({ kind: 'registry' as const, reachable, currentHash, lastError: reachable === false ? 'fetch failed' : undefined });

describe('gateway readiness', () => {
  it('is starting with nothing loaded, and says the registry is down when it is', () => {
    expect(gatewayReadiness({ policyLoaded: true, upstream: registry(undefined, undefined) })).toEqual({ state: 'starting', ready: false, reason: 'no supergraph loaded yet' });
    expect(gatewayReadiness({ policyLoaded: true, upstream: registry(undefined, false) }).reason).toBe('no supergraph loaded yet; the registry cannot be reached (fetch failed) and there is no copy on disk');
  });

  it('is ready only while it serves the registry\'s current supergraph with a policy', () => {
    expect(gatewayReadiness({ served: { hash: A, origin: 'registry' }, policyLoaded: true, upstream: registry(A) })).toEqual({ state: 'ready', ready: true });
    // The same supergraph read back from disk is the current one too.
    expect(gatewayReadiness({ served: { hash: A, origin: 'disk' }, policyLoaded: true, upstream: registry(A) }).state).toBe('ready');
    expect(gatewayReadiness({ served: { hash: A, origin: 'registry' }, policyLoaded: false, upstream: registry(A) })).toEqual({ state: 'starting', ready: false, reason: 'no valid policy loaded yet' });
  });

  it('is not ready while a stale supergraph is served and the registry has another (or none)', () => {
    const stale = gatewayReadiness({ served: { hash: A, origin: 'disk' }, policyLoaded: true, upstream: registry(B) });
    expect(stale).toMatchObject({ state: 'starting', ready: false });
    expect(stale.reason).toBe(`loading the registry's current supergraph (${B.slice(0, 12)}); serving ${A.slice(0, 12)} from disk`);
    expect(gatewayReadiness({ served: { hash: A, origin: 'disk' }, policyLoaded: true, upstream: registry(null) }).reason).toBe(`the registry has no supergraph yet; the one loaded (${A.slice(0, 12)}, from disk) is not the registry's`);
  });

  it('is degraded, with the reason, while it serves without the registry', () => {
    expect(gatewayReadiness({ served: { hash: A, origin: 'disk' }, policyLoaded: true, upstream: registry(A, false) })).toEqual({
      state: 'degraded',
      ready: false,
      reason: `the registry cannot be reached (fetch failed); serving the copy saved on disk (${A.slice(0, 12)}), which may be stale`,
    });
    expect(gatewayReadiness({ served: { hash: A, origin: 'registry' }, policyLoaded: true, upstream: registry(A, false) }).reason).toMatch(/serving the last supergraph it sent/);
  });

  it('is degraded when the registry\'s current supergraph was refused, naming why', () => {
    const state = gatewayReadiness({ served: { hash: A, origin: 'registry' }, policyLoaded: true, upstream: registry(B), lastRejected: { hash: B, error: 'Unknown type Foo' } });
    expect(state).toEqual({ state: 'degraded', ready: false, reason: `the registry's current supergraph (${B.slice(0, 12)}) was refused (Unknown type Foo); serving the previous one (${A.slice(0, 12)})` });
  });

  it('is ready on a supergraph file once loaded', () => {
    expect(gatewayReadiness({ served: { hash: A, origin: 'file' }, policyLoaded: true, upstream: { kind: 'file' } }).state).toBe('ready');
  });
});
