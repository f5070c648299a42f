/**
 * SQL fragments that carry their own parameters. Query builders, filters and
 * (later) policy row filters each produce fragments; composing them can never
 * splice a value into SQL text, and placeholders are numbered only once, when
 * the final statement is rendered.
 */

export interface Fragment {
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
}

const isFragment = (v: unknown): v is Fragment => typeof v === 'object' && v !== null && 'strings' in v && 'values' in v;

/** Tagged template: `sql\`a = ${value}\``; nested fragments are inlined, other values become parameters. */
export function sql(strings: TemplateStringsArray | readonly string[], ...values: unknown[]): Fragment {
  const outStrings: string[] = [strings[0]];
  const outValues: unknown[] = [];
  values.forEach((value, i) => {
    if (isFragment(value)) {
      outStrings[outStrings.length - 1] += value.strings[0];
      for (let j = 0; j < value.values.length; j++) {
        outValues.push(value.values[j]);
        outStrings.push(value.strings[j + 1]);
      }
      outStrings[outStrings.length - 1] += strings[i + 1];
    } else {
      outValues.push(value);
      outStrings.push(strings[i + 1]);
    }
  });
  return { strings: outStrings, values: outValues };
}

/** Trusted SQL text (identifiers from table definitions, keywords). */
export function raw(text: string): Fragment {
  return { strings: [text], values: [] };
}

export function join(fragments: readonly Fragment[], separator: string): Fragment {
  return fragments.reduce((acc, f, i) => (i === 0 ? f : sql`${acc}${raw(separator)}${f}`), raw(''));
}

/** AND of conditions; TRUE when there are none. */
export function and(conditions: readonly Fragment[]): Fragment {
  return conditions.length ? sql`(${join(conditions, ' AND ')})` : raw('TRUE');
}

/** OR of conditions; FALSE when there are none (no applicable condition matches nothing). */
export function or(conditions: readonly Fragment[]): Fragment {
  return conditions.length ? sql`(${join(conditions, ' OR ')})` : raw('FALSE');
}

export function render(fragment: Fragment): { text: string; params: unknown[] } {
  let text = fragment.strings[0];
  for (let i = 0; i < fragment.values.length; i++) text += `$${i + 1}${fragment.strings[i + 1]}`;
  return { text, params: [...fragment.values] };
}
