import { describe, expect, it } from 'vitest';
import { dedupFetcher } from './dedup.ts';

function slowUpstream() {
  const calls: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const fetcher = async (_url: string, init: RequestInit) => {
    calls.push(String(init.body));
    await gate;
    return new Response(JSON.stringify({ data: { n: calls.length } }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { calls, release, fetcher };
}

const query = (headers: Record<string, string> = { authorization: 'Bearer a' }) => ({ method: 'POST', headers, body: '{"query":"{ accounts { id } }"}' });

describe('subgraph fetch deduplication', () => {
  it('sends identical concurrent requests once and gives every caller its own response', async () => {
    const up = slowUpstream();
    let shared = 0;
    const fetch = dedupFetcher(up.fetcher, () => shared++);
    const pending = Array.from({ length: 5 }, () => fetch('http://sales/graphql', query()));
    up.release();
    const responses = await Promise.all(pending);
    expect(up.calls).toHaveLength(1);
    expect(shared).toBe(4);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies.every((b) => b.data.n === 1)).toBe(true);
    expect(new Set(bodies).size).toBe(5); // separate objects
  });

  it('never merges requests made with different identities, to different subgraphs, or mutations', async () => {
    const up = slowUpstream();
    const fetch = dedupFetcher(up.fetcher);
    const mutation = { method: 'POST', headers: {}, body: '{"query":"mutation { touch }"}' };
    const pending = [
      fetch('http://sales/graphql', query({ authorization: 'Bearer a' })),
      fetch('http://sales/graphql', query({ authorization: 'Bearer b' })),
      fetch('http://marketing/graphql', query({ authorization: 'Bearer a' })),
      fetch('http://sales/graphql', mutation),
      fetch('http://sales/graphql', mutation),
    ];
    up.release();
    await Promise.all(pending);
    expect(up.calls).toHaveLength(5);
  });

  it('merges requests that differ only in request id and trace context, never in identity', async () => {
    const up = slowUpstream();
    const fetch = dedupFetcher(up.fetcher);
    const pending = [
      fetch('http://sales/graphql', query({ authorization: 'Bearer a', 'x-request-id': 'r1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' })),
      fetch('http://sales/graphql', query({ authorization: 'Bearer a', 'X-Request-Id': 'r2', traceparent: '00-1af7651916cd43dd8448eb211c80319c-c7ad6b7169203331-01', tracestate: 'v=1' })),
      fetch('http://sales/graphql', query({ authorization: 'Bearer b', 'x-request-id': 'r1' })),
    ];
    up.release();
    await Promise.all(pending);
    expect(up.calls).toHaveLength(2);
  });

  it('sends again once the first request has been answered', async () => {
    const up = slowUpstream();
    up.release();
    const fetch = dedupFetcher(up.fetcher);
    await fetch('http://sales/graphql', query());
    await fetch('http://sales/graphql', query());
    expect(up.calls).toHaveLength(2);
  });
});
