import { describe, expect, it } from 'vitest';
import { credentialHeaders, guessKind } from './credentials.ts';

describe('credentials', () => {
  it('takes a JWT for a bearer token and anything else for an API key', () => {
    expect(guessKind('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2lnbmF0dXJl')).toBe('bearer');
    expect(guessKind('  eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2lnbmF0dXJl ')).toBe('bearer');
    expect(guessKind('dpg_3yF1c2Vy-a2V5X3RoYXRfaXNfbG9uZw')).toBe('apiKey');
    expect(guessKind('a.b')).toBe('apiKey');
  });

  it('sends a token as Authorization: Bearer and a key as X-API-Key, never both', () => {
    expect(credentialHeaders({ kind: 'bearer', value: 't' })).toEqual({ authorization: 'Bearer t' });
    expect(credentialHeaders({ kind: 'apiKey', value: 'k' })).toEqual({ 'x-api-key': 'k' });
    expect(credentialHeaders(undefined)).toEqual({});
  });
});
