import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createHttpServer, HttpError, listen } from './http.ts';

async function serve(routes: Parameters<typeof createHttpServer>[0]['routes'], host?: string) {
  const running = await listen(createHttpServer({ routes, bodyLimit: 100 }), 0, host);
  return running;
}

describe('the HTTP server every service builds on', () => {
  it('listens on the loopback interface unless told otherwise', async () => {
    const local = await serve({});
    const all = await serve({}, '0.0.0.0');
    try {
      expect((local.server.address() as AddressInfo).address).toBe('127.0.0.1');
      expect((all.server.address() as AddressInfo).address).toBe('0.0.0.0');
      expect(all.url).toBe(`http://127.0.0.1:${all.port}`);
    } finally {
      await local.close();
      await all.close();
    }
  });

  it('answers every failure with a GraphQL-shaped body, whatever failed', async () => {
    const s = await serve({
      'GET /thrown': () => {
        throw new HttpError(409, 'already there', { code: 'TAKEN', id: 7 });
      },
      'GET /bug': () => {
        throw new Error('secret internals');
      },
      'GET /report': () => ({ status: 422, body: { status: 'rejected', problems: ['a'] } }),
      'POST /echo': (req) => ({ body: req.body as object }),
    });
    const get = async (path: string, init?: RequestInit) => {
      const res = await fetch(`${s.url}${path}`, init);
      return { status: res.status, body: await res.json() };
    };
    try {
      expect(await get('/thrown')).toEqual({ status: 409, body: { errors: [{ message: 'already there', extensions: { code: 'TAKEN', id: 7 } }] } });
      expect(await get('/bug')).toEqual({ status: 500, body: { errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } });
      expect(await get('/report')).toEqual({ status: 422, body: { errors: [{ message: 'Unprocessable Entity', extensions: { code: 'UNPROCESSABLE' } }], status: 'rejected', problems: ['a'] } });
      expect(await get('/nowhere')).toMatchObject({ status: 404, body: { errors: [{ extensions: { code: 'NOT_FOUND' } }] } });
      expect(await get('/thrown', { method: 'PUT' })).toMatchObject({ status: 405, body: { errors: [{ extensions: { code: 'METHOD_NOT_ALLOWED' } }] } });
      expect(await get('/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"x":' })).toMatchObject({ status: 400, body: { errors: [{ message: expect.stringMatching(/malformed JSON/), extensions: { code: 'BAD_REQUEST' } }] } });
      expect(await get('/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(200) }) })).toMatchObject({ status: 413, body: { errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] } });
    } finally {
      await s.close();
    }
  });
});
