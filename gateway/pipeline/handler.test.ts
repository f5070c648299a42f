import { buildSchema } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import type { HttpRequest } from '../../platform/http.ts';
import type { Logger } from '../../platform/log.ts';
import type { SupergraphRuntime, SupergraphSnapshot } from '../supergraph/runtime.ts';
import { INTERNAL_FAILURE } from './execute.ts';
import { graphqlHandler } from './handler.ts';

const apiSchema = buildSchema('type Query { hello: String }');
const post = (query: string): HttpRequest => ({ method: 'POST', path: '/graphql', query: new URLSearchParams(), params: {}, headers: {}, body: { query }, raw: undefined as never });

function handlerWith(executor: SupergraphSnapshot['executor']) {
  const logger = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() } as unknown as Logger;
  const snapshot = { apiSchema, executor, hash: 'h1', origin: 'file', loadedAt: '', subgraphs: {}, sdl: '' } as unknown as SupergraphSnapshot;
  const runtime = { current: snapshot } as SupergraphRuntime;
  return { handle: graphqlHandler(runtime, [], logger), logger };
}

describe('a failure inside the query planner or executor', () => {
  it('becomes a GraphQL error with no internals, logged in full, and the next request is served', async () => {
    const failure = new Error('Cannot add selection of field "T.x" to selection set of parent type "U" (planner internals)');
    let fail = true;
    const { handle, logger } = handlerWith((async () => {
      if (fail) throw failure;
      return { data: { hello: 'world' } };
    }) as never);

    const reply = await handle(post('{ hello }'));
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({ errors: [{ message: INTERNAL_FAILURE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    expect(JSON.stringify(reply.body)).not.toMatch(/planner internals|selection set|at /);
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ err: failure, queryHash: expect.any(String) }), expect.stringContaining('planner'));

    fail = false;
    expect((await handle(post('{ hello }'))).body).toEqual({ data: { hello: 'world' } });
  });

  it('leaves invalid variables (the caller\'s fault) a 400', async () => {
    const { handle } = handlerWith((async () => ({ errors: [{ message: 'Variable "$x" got invalid value' }] })) as never);
    expect((await handle(post('{ hello }'))).status).toBe(400);
  });
});
