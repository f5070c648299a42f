import { buildSchema, execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { chargeLists, requestBudget } from './budget.ts';

// A self-referencing graph, like tickets → account → tickets: every node has three children.
const schema = buildSchema(`type Node { id: ID! children: [Node!]! } type Query { roots: [Node!]! }`);
const node = (id: string): Record<string, unknown> => ({ id, children: () => [1, 2, 3].map((i) => node(`${id}.${i}`)) });
const rootValue = { roots: () => Promise.resolve([node('a'), node('b')]) };
chargeLists(schema);
chargeLists(schema); // wrapping twice must not charge twice

const nested = (depth: number) => `{ roots { id ${'children { id '.repeat(depth)}${'}'.repeat(depth)} } }`;
const run = (query: string, budget?: ReturnType<typeof requestBudget>) => execute({ schema, document: parse(query), rootValue, contextValue: { budget } });

describe('request budget', () => {
  it('counts every list returned and stops past the row budget with one ROW_LIMIT error and no data', async () => {
    // 2 roots + 6 + 18 = 26 rows for depth 2: a budget of 26 is enough, 25 is not.
    const enough = requestBudget(undefined, { requestDeadlineMs: 60_000, maxRowsPerRequest: 26 }, 'test');
    const ok = enough.settle(await run(nested(2), enough));
    expect(ok.errors).toBeUndefined();
    const short = requestBudget(undefined, { requestDeadlineMs: 60_000, maxRowsPerRequest: 25 }, 'test');
    const refused = short.settle(await run(nested(2), short));
    expect(refused.data).toBeNull();
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'ROW_LIMIT', subgraph: 'test', maxRows: 25 });
  });

  it('stops at the deadline: lists resolved after it fail, and the answer is one DEADLINE_EXCEEDED error', async () => {
    let clock = 1_000_000;
    // Each read of the clock advances it 10 ms; the deadline falls inside the execution.
    const budget = requestBudget(undefined, { requestDeadlineMs: 100, maxRowsPerRequest: 1e9 }, 'test', () => (clock += 10));
    const result = budget.settle(await run(nested(6), budget));
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED', subgraph: 'test' });
  });

  it('takes the earlier of the gateway\'s deadline (whole seconds) and its own', () => {
    const now = () => 5_000_500;
    expect(requestBudget(5_002, { requestDeadlineMs: 30_000, maxRowsPerRequest: 1 }, 's', now).deadline).toBe(5_002_000);
    expect(requestBudget(9_999, { requestDeadlineMs: 30_000, maxRowsPerRequest: 1 }, 's', now).deadline).toBe(5_030_500);
    expect(requestBudget(undefined, { requestDeadlineMs: 30_000, maxRowsPerRequest: 1 }, 's', now).deadline).toBe(5_030_500);
  });

  it('leaves requests without a budget (no HTTP request) alone', async () => {
    expect((await run(nested(3))).errors).toBeUndefined();
  });
});
