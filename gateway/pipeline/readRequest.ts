/** GraphQL over HTTP: the query, variables and operation name from a POST body or GET query string. */
import { HttpError, type HttpRequest } from '../../platform/http.ts';
import { jsonValueProblem } from './inputs.ts';
import type { GraphQLParams } from './plugin.ts';

function jsonParam(raw: string | null, name: string): Record<string, unknown> | undefined {
  if (raw == null || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, `"${name}" query parameter is not valid JSON`);
  }
}

export function readGraphQLParams(req: HttpRequest): GraphQLParams {
  const source =
    req.method === 'GET'
      ? {
          query: req.query.get('query') ?? undefined,
          variables: jsonParam(req.query.get('variables'), 'variables'),
          operationName: req.query.get('operationName') ?? undefined,
          extensions: jsonParam(req.query.get('extensions'), 'extensions'),
        }
      : (req.body as Record<string, unknown> | undefined);

  if (!source || typeof source !== 'object' || Array.isArray(source)) throw new HttpError(400, 'request body must be a JSON object with "query"');
  const { query, variables, operationName, extensions } = source as Record<string, unknown>;
  if (query !== undefined && typeof query !== 'string') throw new HttpError(400, '"query" must be a string');
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) throw new HttpError(400, '"variables" must be an object');
  if (operationName != null && typeof operationName !== 'string') throw new HttpError(400, '"operationName" must be a string');
  if (extensions != null && (typeof extensions !== 'object' || Array.isArray(extensions))) throw new HttpError(400, '"extensions" must be an object');
  for (const [name, value] of Object.entries((variables ?? {}) as Record<string, unknown>)) {
    const problem = jsonValueProblem(value, `variable "$${name}"`);
    if (problem) throw new HttpError(400, problem, { code: 'BAD_USER_INPUT', variable: name });
  }
  const extensionsProblem = jsonValueProblem(extensions ?? {}, '"extensions"');
  if (extensionsProblem) throw new HttpError(400, extensionsProblem, { code: 'BAD_USER_INPUT' });
  return {
    query: query as string | undefined,
    variables: (variables ?? {}) as Record<string, unknown>,
    operationName: (operationName ?? undefined) as string | undefined,
    extensions: (extensions ?? {}) as Record<string, unknown>,
  };
}
