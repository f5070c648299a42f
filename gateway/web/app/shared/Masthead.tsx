/** The top of every page: where you are, the way to the other page, and who you are signed in as. */
import { useId, useState, type FormEvent } from 'react';
import { guessKind, type Credential, type CredentialKind } from './credentials.ts';
import type { Identity } from './useCredential.ts';

export type PageName = 'graphiql' | 'portal';

interface Props {
  page: PageName;
  credential: Credential | undefined;
  identity: Identity;
  onCredential(c: Credential | undefined): void;
}

/** Whether this gateway serves GraphiQL; the server says so on the page's <body>. */
const graphiqlOn = () => document.body.dataset.graphiql !== 'off';

export function Masthead({ page, credential, identity, onCredential }: Props) {
  return (
    <header className="dpg-masthead">
      <a className="dpg-skip" href="#main">
        Skip to content
      </a>
      <span className="dpg-brand">Data Product Gateway</span>
      <nav aria-label="Pages" className="dpg-nav">
        {graphiqlOn() && (
          <a href="/" aria-current={page === 'graphiql' ? 'page' : undefined}>
            GraphiQL
          </a>
        )}
        <a href="/portal" aria-current={page === 'portal' ? 'page' : undefined}>
          Data products
        </a>
      </nav>
      {credential ? <SignedIn identity={identity} onSignOut={() => onCredential(undefined)} /> : <SignIn onCredential={onCredential} />}
    </header>
  );
}

function SignedIn({ identity, onSignOut }: { identity: Identity; onSignOut(): void }) {
  return (
    <div className="dpg-identity" role="status">
      {identity.state === 'signed-in' && (
        <span>
          Signed in as <strong>{identity.principal.subject}</strong>
          {identity.principal.roles.length > 0 && <span className="dpg-roles"> · {identity.principal.roles.join(', ')}</span>}
        </span>
      )}
      {identity.state === 'checking' && <span>Checking your credential…</span>}
      {identity.state === 'refused' && <span className="dpg-error">The gateway refused this credential: {identity.reason}</span>}
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </div>
  );
}

const KIND_LABEL: Record<CredentialKind, string> = { bearer: 'Bearer token', apiKey: 'API key' };

function SignIn({ onCredential }: { onCredential(c: Credential): void }) {
  const [value, setValue] = useState('');
  const [kind, setKind] = useState<CredentialKind>('bearer');
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) onCredential({ kind, value: value.trim() });
  };
  return (
    <form className="dpg-signin" aria-label="Sign in" onSubmit={submit}>
      <label htmlFor={`${id}-value`}>Token or API key</label>
      <input
        id={`${id}-value`}
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          setValue(e.target.value);
          setKind(guessKind(e.target.value));
        }}
      />
      <label htmlFor={`${id}-kind`} className="dpg-visually-hidden">
        Send as
      </label>
      <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as CredentialKind)}>
        {(Object.keys(KIND_LABEL) as CredentialKind[]).map((k) => (
          <option key={k} value={k}>
            {KIND_LABEL[k]}
          </option>
        ))}
      </select>
      <button type="submit">Sign in</button>
      <span id={`${id}-hint`} className="dpg-hint">
        Kept in this tab only. Get one with <code>npm run -s dpg -- token --sub you --role analyst</code>
      </span>
    </form>
  );
}
