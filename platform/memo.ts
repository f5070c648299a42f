/**
 * A bounded memo for derived values that hot paths ask for again and again
 * (parsed operations, rewrites, query-plan inputs). Least recently used
 * entries leave first, so the few operations a dashboard repeats all day stay.
 */
export class Memo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string, make: () => V): V {
    if (this.entries.has(key)) {
      const value = this.entries.get(key)!;
      // Re-inserting moves the key to the end: Map order is recency.
      this.entries.delete(key);
      this.entries.set(key, value);
      return value;
    }
    const value = make();
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
