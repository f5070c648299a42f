/**
 * What a request may hold before anything reads it. JSON values (variables,
 * extensions) are walked once, without recursion, so that a value nested a
 * hundred thousand levels deep is refused here instead of overflowing the
 * stack of whatever reads it next (cache keys, variable coercion, the
 * planner). Strings may not hold NUL characters or unpaired surrogates:
 * PostgreSQL refuses the first and UTF-8 cannot carry the second, so either
 * would fail or silently change deep inside a subgraph.
 */

/** Deeper than any input type of a data product needs (filters nest two or three levels). */
export const MAX_INPUT_DEPTH = 32;

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` is not a string a data product can hold, or undefined when it is fine. */
export function invalidString(text: string): string | undefined {
  if (text.includes('\u0000')) return 'holds a NUL character';
  if (UNPAIRED_SURROGATE.test(text)) return 'holds an unpaired UTF-16 surrogate, which is not valid Unicode';
  return undefined;
}

/**
 * The first problem of a JSON value, as a sentence about `name`
 * (e.g. `variable "$filter"`), or undefined when the value is acceptable.
 */
export function jsonValueProblem(value: unknown, name: string, maxDepth = MAX_INPUT_DEPTH): string | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const why = invalidString(v);
      if (why) return `${name}${path ? ` at ${path}` : ''} ${why}`;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return `${name} is nested deeper than ${maxDepth} levels`;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    for (const [key, child] of Object.entries(v)) {
      const why = invalidString(key);
      if (why) return `${name} has a key that ${why}`;
      stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return undefined;
}
