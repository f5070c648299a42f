/**
 * Which media type a GraphQL response is sent as, from the request's Accept
 * header (GraphQL over HTTP). `application/graphql-response+json` gets the
 * specification's status codes: 400 for a request that could not run.
 * A client that asks for `application/json` by name, and not for the new
 * type, is a legacy client: the specification asks for 200 on GraphQL
 * request errors there, the error still in the body. Without an Accept header
 * (or with `*` / `*`), the answer is `application/json` with the gateway's
 * status codes, as before the new media type existed.
 */
export const GRAPHQL_RESPONSE = 'application/graphql-response+json';
export const JSON_MEDIA = 'application/json';

export interface Negotiated {
  contentType: string;
  /** GraphQL request errors (parse, validation, variables) are answered 200. */
  legacyStatus: boolean;
}

interface Range {
  type: string;
  q: number;
}

export function acceptedRanges(accept: string | undefined): Range[] {
  if (!accept) return [];
  return accept
    .split(',')
    .map((part) => {
      const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return { type, q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((r) => r.type && r.q > 0)
    .sort((a, b) => b.q - a.q);
}

export function negotiate(accept: string | undefined): Negotiated {
  const ranges = acceptedRanges(accept);
  const graphqlResponse = ranges.find((r) => r.type === GRAPHQL_RESPONSE);
  const json = ranges.find((r) => r.type === JSON_MEDIA);
  if (graphqlResponse && (!json || graphqlResponse.q >= json.q)) return { contentType: `${GRAPHQL_RESPONSE}; charset=utf-8`, legacyStatus: false };
  return { contentType: `${JSON_MEDIA}; charset=utf-8`, legacyStatus: json !== undefined && !graphqlResponse };
}

/** Media types a list query may be answered in as a file (gateway/export/byAccept.ts), by the format they name. */
export const EXPORT_MEDIA = { 'text/csv': 'csv', 'application/x-ndjson': 'ndjson' } as const;

/** The export format the client prefers to every JSON type it accepts, if any: `Accept: text/csv` asks for the list as CSV. */
export function exportFormatAccepted(accept: string | undefined): (typeof EXPORT_MEDIA)[keyof typeof EXPORT_MEDIA] | undefined {
  const preferred = acceptedRanges(accept).find((r) => r.type in EXPORT_MEDIA || r.type === GRAPHQL_RESPONSE || r.type === JSON_MEDIA || r.type === '*/*');
  return preferred && preferred.type in EXPORT_MEDIA ? EXPORT_MEDIA[preferred.type as keyof typeof EXPORT_MEDIA] : undefined;
}
