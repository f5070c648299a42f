/** Calls to the gateway this page came from, with the caller's credential. */
import { credentialHeaders, type Credential } from './credentials.ts';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** A refusal by the gateway before anything ran (401, 403, 4xx, 5xx), with the reason it gave. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The reason in an error body: every refusal of the gateway is `{"errors":[{message, extensions}]}`; anything else (a proxy's page) as it came. */
async function reasonOf(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { errors?: { message?: string }[] };
    return body.errors?.[0]?.message ?? text;
  } catch {
    return text || res.statusText;
  }
}

async function post(path: string, body: unknown, credential: Credential | undefined, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers, ...credentialHeaders(credential) },
    body: JSON.stringify(body),
  });
}

/** The raw GraphQL answer; GraphiQL shows it as it is, whatever the status. */
export async function graphqlRaw(params: unknown, credential: Credential | undefined, headers?: Record<string, string>): Promise<unknown> {
  const res = await post('/graphql', params, credential, headers);
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `the gateway answered ${res.status}: ${text}` }] };
  }
}

/** A query whose answer the page uses: data and field errors, or a GatewayError when the request was refused. */
export async function graphql<T>(query: string, credential: Credential | undefined, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const res = await post('/graphql', { query, variables }, credential);
  if (!res.ok) throw new GatewayError(res.status, await reasonOf(res));
  return (await res.json()) as GraphQLResponse<T>;
}

export type Effect = 'allow' | 'mask' | 'deny';

export interface FieldDecision {
  coordinate: string;
  decision: Effect;
  mask: string | null;
  rule: string;
  /** The rule's description from the policy: why. */
  reason: string;
}

export interface RowVisibility {
  type: string;
  subgraph: string;
  rows: string;
  rules: string[];
}

export interface Principal {
  subject: string;
  roles: string[];
  scopes: string[];
  attributes: Record<string, string>;
}

export interface FieldDecisions {
  policyVersion: string;
  principal: Principal;
  decisions: FieldDecision[];
  rows: RowVisibility[];
}

/** The caller's own access decisions for these fields (`POST /explain/fields`); with none, just who the caller is. */
export async function explainFields(coordinates: string[], credential: Credential | undefined): Promise<FieldDecisions> {
  const res = await post('/explain/fields', { coordinates }, credential);
  if (!res.ok) throw new GatewayError(res.status, await reasonOf(res));
  return (await res.json()) as FieldDecisions;
}
