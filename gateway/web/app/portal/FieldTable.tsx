/** Every field of a product with its classification, and the caller's decision on it with the rule and reason. */
import type { FieldDecision } from '../shared/gateway.ts';
import type { Product } from './catalog.ts';
import { ClassificationBadge, DecisionBadge } from './badges.tsx';
import { MASK_WORDS } from './format.ts';

export function FieldTable({ product, decisions }: { product: Product; decisions: Map<string, FieldDecision> }) {
  return (
    <div className="dpg-table-scroll" role="region" aria-labelledby="fields-caption" tabIndex={0}>
      <table className="dpg-fields">
        <caption id="fields-caption">Fields of {product.name}, and what you may see of each</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Classification</th>
            <th scope="col">You see</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {product.fields.map((f) => {
            const coordinate = `${f.type}.${f.field}`;
            const d = decisions.get(coordinate);
            return (
              <tr key={coordinate} data-coordinate={coordinate}>
                <th scope="row">
                  <code>{coordinate}</code>
                  {f.description && <div className="dpg-field-about">{f.description}</div>}
                </th>
                <td>
                  <code>{f.returns}</code>
                </td>
                <td>
                  <ClassificationBadge classification={f.classification} />
                  {f.tags.filter((t) => t !== f.classification).map((t) => (
                    <span key={t} className="dpg-tag">
                      {t}
                    </span>
                  ))}
                </td>
                <td>{d ? <DecisionBadge decision={d.decision} mask={d.mask} /> : 'unknown'}</td>
                <td className="dpg-why">
                  {d && (
                    <>
                      <code>{d.rule}</code> {d.reason}
                      {d.decision === 'mask' && d.mask && MASK_WORDS[d.mask] ? ` Values are ${MASK_WORDS[d.mask]}.` : ''}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
