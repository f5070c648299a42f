/**
 * One id per request, carried end to end: the caller's `x-request-id` when
 * it is a sensible token (so a client or proxy can correlate), else a new
 * UUID. Anything else a caller sends there is replaced, so logs never take
 * arbitrary text from the network.
 */
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

const USABLE = /^[A-Za-z0-9._:\-]{1,128}$/;

export function requestIdOf(headers: Record<string, string | string[] | undefined>): string {
  const given = headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && USABLE.test(given) ? given : randomUUID();
}
