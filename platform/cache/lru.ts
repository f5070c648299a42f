/**
 * A least-recently-used map with per-entry expiry and a size budget. A Map
 * keeps insertion order, so re-inserting on read makes the first key the
 * least recently used one. Time comes from `now` so tests need no clocks.
 */

interface Slot<V> {
  value: V;
  expiresAt: number;
  size: number;
}

export interface LruOptions<V> {
  /** Budget for the sum of entry sizes. */
  maxSize: number;
  sizeOf: (value: V, key: string) => number;
  /** Called for every entry that leaves the map (evicted, expired, deleted or replaced). */
  onRemove?: (key: string, value: V) => void;
  now?: () => number;
}

export class Lru<V> {
  private readonly slots = new Map<string, Slot<V>>();
  private used = 0;
  private readonly now: () => number;

  constructor(private readonly options: LruOptions<V>) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.slots.size;
  }

  get bytes(): number {
    return this.used;
  }

  get(key: string): V | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt <= this.now()) {
      this.delete(key);
      return undefined;
    }
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.value;
  }

  /** Remaining time to live in ms, or undefined when absent. */
  ttl(key: string): number | undefined {
    const slot = this.slots.get(key);
    const left = slot ? slot.expiresAt - this.now() : 0;
    return left > 0 ? left : undefined;
  }

  set(key: string, value: V, ttlMs: number): void {
    this.delete(key);
    const size = this.options.sizeOf(value, key);
    // An entry larger than the whole budget would only evict everything else.
    if (size > this.options.maxSize || ttlMs <= 0) return;
    this.slots.set(key, { value, expiresAt: this.now() + ttlMs, size });
    this.used += size;
    while (this.used > this.options.maxSize) this.delete(this.slots.keys().next().value!);
  }

  delete(key: string): boolean {
    const slot = this.slots.get(key);
    if (!slot) return false;
    this.slots.delete(key);
    this.used -= slot.size;
    this.options.onRemove?.(key, slot.value);
    return true;
  }

  clear(): void {
    for (const key of [...this.slots.keys()]) this.delete(key);
  }
}
