import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { retryDropped } from './reset.ts';

/** An HTTP server that drops the first `drops` connections as soon as a request arrives on them. */
async function droppingServer(drops: number) {
  let seen = 0;
  const server = net.createServer((socket) => {
    const drop = seen++ < drops;
    socket.once('data', () => {
      if (drop) return socket.resetAndDestroy();
      const body = '{"data":{"ok":true}}';
      socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, connections: () => seen, close: () => new Promise((r) => server.close(r)) };
}

const post = (query: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });

describe('a dropped subgraph connection', () => {
  const servers: { close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });

  it('is retried once on a fresh connection for a read', async () => {
    const server = await droppingServer(1);
    servers.push(server);
    const res = await retryDropped(fetch)(server.url, post('{ accounts { id } }'));
    expect(await res.json()).toEqual({ data: { ok: true } });
    expect(server.connections()).toBe(2);
  });

  it('fails after the one retry, and never repeats a write', async () => {
    const twice = await droppingServer(2);
    servers.push(twice);
    await expect(retryDropped(fetch)(twice.url, post('query { accounts { id } }'))).rejects.toMatchObject({ cause: { code: 'ECONNRESET' } });
    expect(twice.connections()).toBe(2);

    const once = await droppingServer(1);
    servers.push(once);
    await expect(retryDropped(fetch)(once.url, post('mutation { touch }'))).rejects.toMatchObject({ cause: { code: 'ECONNRESET' } });
    expect(once.connections()).toBe(1);
  });

  it('is not retried when the subgraph refuses connections', async () => {
    const server = await droppingServer(0);
    await server.close();
    let calls = 0;
    const counting = (url: string, init: RequestInit) => (calls++, fetch(url, init));
    await expect(retryDropped(counting)(server.url, post('{ a }'))).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    expect(calls).toBe(1);
  });
});
