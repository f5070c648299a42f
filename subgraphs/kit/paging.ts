/**
 * Page arguments as BI tools send them. Every list has a hard maximum page
 * size: a dashboard asking for a million rows gets a clear error instead of
 * a gateway that runs out of memory.
 */
import { GraphQLError } from 'graphql';
import type { PageArgs } from './table.ts';

export interface PageInput {
  first?: number | null;
  after?: string | null;
  filter?: Record<string, unknown> | null;
}

export const DEFAULT_PAGE_SIZE = 50;

export function pageArgs(input: PageInput, maxPageSize: number): PageArgs {
  const first = input.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
    throw new GraphQLError(`"first" must be between 1 and ${maxPageSize} (got ${first})`, {
      extensions: { code: 'BAD_USER_INPUT', argument: 'first', max: maxPageSize },
    });
  }
  return { first, after: input.after ?? null, filter: input.filter ?? null };
}
