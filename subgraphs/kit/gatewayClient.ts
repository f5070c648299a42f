/**
 * How a derived data product reads other domains' products: through the
 * gateway, like any consumer, never through their tables. Lists are read page
 * by page with keyset cursors until a short page says there is no more.
 */

export interface GatewayClientOptions {
  url: string;
  /** Credentials headers for the gateway (a service token or API key). */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  timeoutMs?: number;
}

export class GatewayQueryError extends Error {
  constructor(
    message: string,
    readonly errors: unknown[] = [],
  ) {
    super(message);
  }
}

export function gatewayClient(options: GatewayClientOptions) {
  async function query<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(`${options.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await options.headers?.()) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: { message: string }[] };
    // A derived product computed from partial inputs would be silently wrong, so any error fails the read.
    if (!res.ok || body.errors?.length || !body.data) {
      throw new GatewayQueryError(`gateway answered ${res.status}: ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`, body.errors);
    }
    return body.data;
  }

  /** Every item of a root list field; `listQuery` takes `$first: Int` and `$after: ID` and selects `id`. */
  async function all<T extends { id: string }>(listQuery: string, field: string, variables: Record<string, unknown> = {}, pageSize = 500): Promise<T[]> {
    const items: T[] = [];
    let after: string | null = null;
    for (;;) {
      const data: Record<string, T[]> = await query(listQuery, { ...variables, first: pageSize, after });
      const page = data[field];
      items.push(...page);
      if (page.length < pageSize) return items;
      after = page[page.length - 1].id;
    }
  }

  return { query, all };
}

export type GatewayClient = ReturnType<typeof gatewayClient>;
