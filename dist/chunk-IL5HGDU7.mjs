import { dirname as __dpgDir } from 'node:path';
import { fileURLToPath as __dpgPath, pathToFileURL as __dpgToUrl } from 'node:url';
const __dpgRoot = __dpgDir(__dpgDir(__dpgPath(import.meta.url)));
const __dpgSource = (rel) => __dpgRoot + '/' + rel;
const __dpgUrl = (file) => __dpgToUrl(file).href;

// platform/hash.ts
import { createHash } from "node:crypto";
var sha256 = (text) => createHash("sha256").update(text).digest("hex");

// platform/memo.ts
var Memo = class {
  constructor(max) {
    this.max = max;
  }
  max;
  entries = /* @__PURE__ */ new Map();
  get(key, make) {
    if (this.entries.has(key)) {
      const value2 = this.entries.get(key);
      this.entries.delete(key);
      this.entries.set(key, value2);
      return value2;
    }
    const value = make();
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value);
    this.entries.set(key, value);
    return value;
  }
  clear() {
    this.entries.clear();
  }
  get size() {
    return this.entries.size;
  }
};

export {
  sha256,
  Memo
};
