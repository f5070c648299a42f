/** The caller's credential as React state, kept in session storage, and who it says the caller is. */
import { useCallback, useEffect, useState } from 'react';
import { loadCredential, saveCredential, type Credential } from './credentials.ts';
import { explainFields, type Principal } from './gateway.ts';

export function useCredential(): [Credential | undefined, (c: Credential | undefined) => void] {
  const [credential, setState] = useState<Credential | undefined>(loadCredential);
  const set = useCallback((c: Credential | undefined) => {
    saveCredential(c);
    setState(c);
  }, []);
  return [credential, set];
}

export type Identity = { state: 'signed-out' } | { state: 'checking' } | { state: 'signed-in'; principal: Principal } | { state: 'refused'; reason: string };

/** Asks the gateway who the credential stands for; a refused credential says why. */
export function useIdentity(credential: Credential | undefined): Identity {
  const [identity, setIdentity] = useState<Identity>({ state: credential ? 'checking' : 'signed-out' });
  useEffect(() => {
    if (!credential) return setIdentity({ state: 'signed-out' });
    let current = true;
    setIdentity({ state: 'checking' });
    explainFields([], credential).then(
      (d) => current && setIdentity({ state: 'signed-in', principal: d.principal }),
      (err: Error) => current && setIdentity({ state: 'refused', reason: err.message }),
    );
    return () => {
      current = false;
    };
  }, [credential]);
  return identity;
}
