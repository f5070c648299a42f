/**
 * A bounded memo for derived values that hot paths ask for again and again
 * (parsed operations, rewrites, query-plan inputs). Least recently used
 * entries leave first, so the few operations a dashboard repeats all day stay.
 *
 * Bounded twice: by entries and by bytes. A count alone does not bound
 * memory when keys are operation texts (a caller may send a thousand
 * distinct megabyte queries), so each entry has a weight — by default its
 * key, or what the caller says it costs (a parsed document costs about
 * DOCUMENT_BYTES_PER_CHAR per character of its text) — and the oldest
 * entries leave until both bounds hold.
 */

/** What a parsed (and validated) GraphQL document costs on the heap per character of its text: measured ≈ 86 with locations, rounded up. */
export const DOCUMENT_BYTES_PER_CHAR = 100;
/** A Map entry and its value's header, beyond the key's characters. */
const ENTRY_BYTES = 96;
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

export class Memo<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    private readonly max: number,
    private readonly maxBytes: number = DEFAULT_MAX_BYTES,
  ) {}

  /** `bytes`: what the entry costs, when more than its key (e.g. a document parsed from text). */
  get(key: string, make: () => V, bytes?: number): V {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-inserting moves the key to the end: Map order is recency.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = make();
    const weight = (bytes ?? 0) + key.length * 2 + ENTRY_BYTES;
    // Something bigger than the whole budget is computed but not kept.
    if (weight > this.maxBytes) return value;
    this.entries.set(key, { value, bytes: weight });
    this.total += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.max && this.total <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.total -= entry.bytes;
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** What the entries weigh, in estimated bytes. */
  get bytes(): number {
    return this.total;
  }
}
