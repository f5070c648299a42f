/**
 * The data-product portal: domains → data products → fields, with owner,
 * purpose, status, freshness, classification, lineage, clients, and what the
 * signed-in caller may see of each field and why.
 */
import { useEffect, useMemo, useState } from 'react';
import { Masthead } from '../shared/Masthead.tsx';
import { useCredential, useIdentity } from '../shared/useCredential.ts';
import { loadCatalog, type Catalog } from './catalog.ts';
import { ProductDetail } from './ProductDetail.tsx';
import { ProductList } from './ProductList.tsx';

type Load = { state: 'idle' } | { state: 'loading' } | { state: 'loaded'; catalog: Catalog } | { state: 'failed'; reason: string };

/** The selected product lives in the URL fragment, so it can be linked and the back button works. */
function useSelection(): string | undefined {
  const read = () => decodeURIComponent(location.hash.replace(/^#/, '')) || undefined;
  const [selected, setSelected] = useState(read);
  useEffect(() => {
    const onHash = () => setSelected(read());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return selected;
}

export function Portal() {
  const [credential, setCredential] = useCredential();
  const identity = useIdentity(credential);
  const [load, setLoad] = useState<Load>({ state: 'idle' });
  const selected = useSelection();

  useEffect(() => {
    if (!credential) return setLoad({ state: 'idle' });
    let current = true;
    setLoad({ state: 'loading' });
    loadCatalog(credential).then(
      (catalog) => current && setLoad({ state: 'loaded', catalog }),
      (err: Error) => current && setLoad({ state: 'failed', reason: err.message }),
    );
    return () => {
      current = false;
    };
  }, [credential]);

  const catalog = load.state === 'loaded' ? load.catalog : undefined;
  const product = useMemo(() => catalog?.products.find((p) => p.id === selected) ?? catalog?.products[0], [catalog, selected]);

  return (
    <div className="dpg-portal">
      <Masthead page="portal" credential={credential} identity={identity} onCredential={setCredential} />
      <main id="main" className="dpg-portal-main">
        <h1>Data products</h1>
        {load.state === 'idle' && (
          <p className="dpg-notice">
            Sign in above to browse the data products. The catalog is itself a governed data product: you see it, and every field's access, as your credential allows.
          </p>
        )}
        {load.state === 'loading' && <p role="status">Loading the catalog…</p>}
        {load.state === 'failed' && (
          <p className="dpg-notice dpg-error" role="alert">
            The catalog could not be loaded: {load.reason}
          </p>
        )}
        {catalog && product && (
          <div className="dpg-portal-layout">
            <ProductList products={catalog.products} selected={product.id} />
            <ProductDetail key={product.id} product={product} catalog={catalog} />
          </div>
        )}
        {catalog && catalog.products.length === 0 && <p className="dpg-notice">The catalog lists no data products.</p>}
      </main>
    </div>
  );
}
