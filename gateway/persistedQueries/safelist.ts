/**
 * The operations a production gateway runs in safelist mode: `.graphql` files
 * in a folder, reviewed like code (typically one dashboard query per file).
 * A client names one by the sha256 of the file's text (Apollo's persisted
 * query hash) or sends the text itself; text that differs only in layout or
 * comments is recognised by its printed form.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, print } from 'graphql';
import { sha256 } from '../../platform/hash.ts';

export interface Safelist {
  readonly size: number;
  /** The operation text registered under a hash. */
  byHash(hash: string): string | undefined;
  allows(query: string): boolean;
}

const canonical = (text: string) => print(parse(text));
const MAX_MEMO = 1000;

export function safelistOf(texts: readonly string[]): Safelist {
  const byHash = new Map<string, string>();
  const printed = new Set<string>();
  for (const text of texts) {
    const normal = canonical(text);
    byHash.set(sha256(text), text);
    byHash.set(sha256(normal), normal);
    printed.add(normal);
  }
  const memo = new Map<string, boolean>();
  return {
    size: texts.length,
    byHash: (hash) => byHash.get(hash),
    allows(query) {
      if (byHash.has(sha256(query))) return true;
      let ok = memo.get(query);
      if (ok === undefined) {
        try {
          ok = printed.has(canonical(query));
        } catch {
          ok = false;
        }
        if (memo.size >= MAX_MEMO) memo.clear();
        memo.set(query, ok);
      }
      return ok;
    },
  };
}

/** Every `.graphql` file under `dir`; a file that does not parse stops the gateway from starting, naming it. */
export function loadSafelist(dir: string): Safelist {
  if (!fs.existsSync(dir)) throw new Error(`PERSISTED_QUERIES=safelist: folder "${dir}" does not exist`);
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.graphql')).sort();
  const texts = files.map((f) => {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    try {
      canonical(text);
    } catch (err) {
      throw new Error(`${path.join(dir, f)}: ${(err as Error).message}`);
    }
    return text;
  });
  return safelistOf(texts);
}
