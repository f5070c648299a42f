/**
 * GraphiQL at the gateway: the caller's own schema (introspected with their
 * credential, so they see what they may query), the README's examples as
 * ready tabs, and a sign-in field in place of hand-written headers.
 */
import 'graphiql/style.css';
import '../shared/base.css';
import './graphiql.css';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import { StrictMode, useEffect, useMemo, useRef, type RefObject } from 'react';
import { createRoot } from 'react-dom/client';
import { EXAMPLES, exampleTab } from '../../examples.ts';
import { graphqlRaw } from '../shared/gateway.ts';
import { Masthead } from '../shared/Masthead.tsx';
import { useCredential, useIdentity } from '../shared/useCredential.ts';

const TABS = EXAMPLES.map((e) => ({ query: exampleTab(e) }));

/** GraphiQL's editors, by the class of the element around each, and the name a screen reader gives each. */
const EDITOR_LABELS: [string, string][] = [
  ['.graphiql-query-editor', 'Query editor'],
  ['.result-window', 'Response'],
  ['.graphiql-editor-tool .graphiql-editor:nth-child(1)', 'Variables editor'],
  ['.graphiql-editor-tool .graphiql-editor:nth-child(2)', 'Headers editor'],
];

type CodeMirrorElement = HTMLElement & { CodeMirror?: { setOption(name: string, value: unknown): void } };

/** GraphiQL's CodeMirror editors have unlabelled text areas; name each as it appears. */
function useEditorLabels(container: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const root = container.current;
    if (!root) return;
    const label = () => {
      for (const [selector, name] of EDITOR_LABELS) {
        const editor = root.querySelector<CodeMirrorElement>(`${selector} .CodeMirror`);
        if (editor?.CodeMirror && editor.dataset.dpgLabel !== name) {
          editor.CodeMirror.setOption('screenReaderLabel', name);
          editor.dataset.dpgLabel = name;
        }
      }
    };
    label();
    const observer = new MutationObserver(label);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [container]);
}

const SIGN_IN_FIRST = 'Sign in above with a token or API key: every request to the gateway carries an identity, and the schema you see is the one your credential may query.';

function GraphiQLPage() {
  const [credential, setCredential] = useCredential();
  const identity = useIdentity(credential);
  const main = useRef<HTMLElement>(null);
  useEditorLabels(main);
  // A new fetcher makes GraphiQL introspect again: signing in shows that caller's schema.
  const fetcher = useMemo<GraphiQLProps['fetcher']>(
    () => async (params, options) => (credential ? graphqlRaw(params, credential, options?.headers as Record<string, string> | undefined) : { errors: [{ message: SIGN_IN_FIRST }] }),
    [credential],
  );
  return (
    <div className="dpg-graphiql-page">
      <Masthead page="graphiql" credential={credential} identity={identity} onCredential={setCredential} />
      <main id="main" className="dpg-graphiql" aria-label="GraphiQL" ref={main}>
        <h1 className="dpg-visually-hidden">GraphiQL</h1>
        <GraphiQL fetcher={fetcher} defaultTabs={TABS} defaultEditorToolsVisibility={false}>
          {/* GraphiQL's own logo links to github.com; this product links nowhere it was not configured to. */}
          <GraphiQL.Logo>GraphiQL</GraphiQL.Logo>
        </GraphiQL>
      </main>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <GraphiQLPage />
  </StrictMode>,
);
