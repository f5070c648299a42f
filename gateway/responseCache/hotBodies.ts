/**
 * Response bodies this replica has sent or fetched recently, already
 * encoded, by response key and body digest: a hit whose head names bytes
 * held here writes them without fetching, decoding or measuring a string.
 * Bounded by total size; when full it starts afresh.
 */
export function hotBodies(maxBytes: number) {
  const held = new Map<string, { etag: string; bytes: Buffer }>();
  let size = 0;
  return {
    get(key: string, etag: string): Buffer | undefined {
      const h = held.get(key);
      return h && h.etag === etag ? h.bytes : undefined;
    },
    put(key: string, etag: string, body: string): Buffer {
      const bytes = Buffer.from(body);
      const old = held.get(key);
      if (old) size -= old.bytes.length;
      if (size + bytes.length > maxBytes) {
        held.clear();
        size = 0;
      }
      held.set(key, { etag, bytes });
      size += bytes.length;
      return bytes;
    },
    get size() {
      return size;
    },
  };
}
