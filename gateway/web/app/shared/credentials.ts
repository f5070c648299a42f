/**
 * The caller's credential, as typed into the page: a bearer token or an API
 * key. It lives in this browser tab's session storage only — gone when the
 * tab closes, never in local storage, never in a URL.
 */

export type CredentialKind = 'bearer' | 'apiKey';

export interface Credential {
  kind: CredentialKind;
  value: string;
}

const STORAGE_KEY = 'dpg.credential';

/** A JWT is three base64url parts joined by dots; anything else is taken for an API key. */
export function guessKind(value: string): CredentialKind {
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(value.trim()) ? 'bearer' : 'apiKey';
}

/** The request headers that carry a credential to the gateway. */
export function credentialHeaders(c: Credential | undefined): Record<string, string> {
  if (!c) return {};
  return c.kind === 'bearer' ? { authorization: `Bearer ${c.value}` } : { 'x-api-key': c.value };
}

export function loadCredential(): Credential | undefined {
  try {
    const raw = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Credential> | null;
    if (raw && (raw.kind === 'bearer' || raw.kind === 'apiKey') && typeof raw.value === 'string' && raw.value) return { kind: raw.kind, value: raw.value };
  } catch {
    // Unreadable storage is the same as no credential.
  }
  return undefined;
}

export function saveCredential(c: Credential | undefined): void {
  if (c) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(c));
  else sessionStorage.removeItem(STORAGE_KEY);
}
