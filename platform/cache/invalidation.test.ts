import { describe, expect, it } from 'vitest';
import { decodeInvalidation, invalidationProblems, invalidationPublisher } from './invalidation.ts';
import type { MessageBus } from './store.ts';

describe('invalidation messages', () => {
  it('accept types with optional keys and explain what is wrong otherwise', () => {
    expect(invalidationProblems({ types: ['Account'], keys: ['acc-1', 2] })).toEqual([]);
    expect(invalidationProblems({ types: [] })).toEqual(['"types" must list at least one type name']);
    expect(invalidationProblems({ types: ['Account; DROP'] })).toEqual(['"Account; DROP" is not a GraphQL type name']);
    expect(invalidationProblems({ types: ['A'], keys: 'acc-1' })).toEqual(['"keys" must be a list of entity keys']);
    expect(invalidationProblems([1])).toHaveLength(1);
  });

  it('decode only well-formed messages', () => {
    expect(decodeInvalidation('{"subgraph":"sales","types":["Account"]}')).toEqual({ subgraph: 'sales', types: ['Account'] });
    expect(decodeInvalidation('{"types":["Account"]}')).toBeUndefined();
    expect(decodeInvalidation('not json')).toBeUndefined();
  });

  it('are kept while the bus is down and published, in order, once it is back', async () => {
    const sent: string[] = [];
    let up = false;
    const bus: MessageBus = {
      publish: async (_channel, message) => (up ? (sent.push(message), true) : false),
      subscribe: () => () => {},
      close: async () => {},
    };
    const publisher = invalidationPublisher(bus, 'dpg:v1', 10);
    expect(await publisher.publish({ subgraph: 's', types: ['A'] })).toBe(false);
    expect(await publisher.publish({ subgraph: 's', types: ['B'], keys: ['1'] })).toBe(false);
    expect(publisher.pending).toBe(2);
    up = true;
    while (publisher.pending) await new Promise((r) => setTimeout(r, 5));
    expect(sent.map((m) => JSON.parse(m).types[0])).toEqual(['A', 'B']);
    publisher.stop();
  });
});
