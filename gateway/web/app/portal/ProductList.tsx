/** The left column: search, then the data products grouped by domain. */
import { useId, useMemo, useState } from 'react';
import type { Product } from './catalog.ts';
import { matchesSearch, parseSearch } from './search.ts';
import { FreshnessBadge } from './badges.tsx';

interface Props {
  products: Product[];
  selected: string;
}

export function ProductList({ products, selected }: Props) {
  const [query, setQuery] = useState('');
  const id = useId();
  const shown = useMemo(() => {
    const terms = parseSearch(query);
    return products.filter((p) => matchesSearch(p, terms));
  }, [products, query]);
  const domains = [...new Set(shown.map((p) => p.domain))].sort();

  return (
    <nav className="dpg-product-list" aria-label="Data products by domain">
      <div className="dpg-search" role="search">
        <label htmlFor={`${id}-q`}>Search by name, tag or owner</label>
        <input id={`${id}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} aria-describedby={`${id}-help ${id}-count`} />
        <p id={`${id}-help`} className="dpg-hint-inline">
          Narrow with <code>tag:pii</code>, <code>owner:sales-ops</code> or <code>domain:sales</code>.
        </p>
        <p id={`${id}-count`} role="status" className="dpg-count">
          {shown.length} of {products.length} data products
        </p>
      </div>
      {domains.map((domain) => (
        <section key={domain} aria-labelledby={`${id}-${domain}`} className="dpg-domain">
          <h2 id={`${id}-${domain}`}>{domain}</h2>
          <ul>
            {shown
              .filter((p) => p.domain === domain)
              .map((p) => (
                <li key={p.id}>
                  <a href={`#${encodeURIComponent(p.id)}`} aria-current={p.id === selected ? 'true' : undefined} data-product={p.id}>
                    <span className="dpg-product-name">{p.name}</span>
                    {p.live && <FreshnessBadge live={p.live} compact />}
                  </a>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
