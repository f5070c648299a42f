/**
 * The gateway's access-log line: one per request, at info, with what an
 * operator needs to find and judge it — never the token, the API key, the
 * subject or the variables.
 */
import { subjectHash } from '../../platform/telemetry/subject.ts';
import type { RequestState } from '../pipeline/plugin.ts';

export interface AccessLine {
  requestId: string;
  client?: string;
  clientVersion?: string;
  apiKeyId?: string;
  operationName?: string;
  operationHash?: string;
  operationType?: string;
  status: number;
  durationMs: number;
  cache: string;
  cost?: number;
  errors: number;
  subject?: string;
}

const header = (state: RequestState, name: string): string | undefined => {
  const v = state.http.headers[name];
  const first = Array.isArray(v) ? v[0] : v;
  // Client headers are the caller's text: control characters out, length bounded.
  return first?.replace(/[\u0000-\u001f]/g, '').trim().slice(0, 200) || undefined;
};

export function accessLine(state: RequestState, outcome: { status: number; operationHash?: string; cache: string; errors: number }): AccessLine {
  const operationName = state.operation?.name?.value ?? state.params.operationName;
  return {
    requestId: state.requestId,
    client: header(state, 'apollographql-client-name'),
    clientVersion: header(state, 'apollographql-client-version'),
    apiKeyId: state.apiKeyId,
    operationName: operationName || undefined,
    operationHash: outcome.operationHash,
    operationType: state.operation?.operation,
    status: outcome.status,
    durationMs: Math.round((performance.now() - state.startedAt) * 10) / 10,
    cache: outcome.cache,
    cost: state.cost,
    errors: outcome.errors,
    subject: state.principal ? subjectHash(state.principal.subject) : undefined,
  };
}
