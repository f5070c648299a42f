import { dirname as __dpgDir } from 'node:path';
import { fileURLToPath as __dpgPath, pathToFileURL as __dpgToUrl } from 'node:url';
const __dpgRoot = __dpgDir(__dpgDir(__dpgPath(import.meta.url)));
const __dpgSource = (rel) => __dpgRoot + '/' + rel;
const __dpgUrl = (file) => __dpgToUrl(file).href;
import {
  AuthError,
  CLASSIFICATIONS,
  DEV_AUDIENCE,
  DEV_ISSUER,
  FALSE,
  LIMIT_KEYS,
  RULES_DIR,
  apiKeyLookup,
  applyMask,
  claimsOf,
  compareClassifications,
  compilePolicy,
  descriptorProblems,
  devSecret,
  durationSeconds,
  explainOperation,
  explainRows,
  factsFromSubgraph,
  factsFromSupergraph,
  fieldClassification,
  formatProblems,
  hashKey,
  loadApiKeys,
  loadDescriptor,
  matches,
  newApiKey,
  parsePolicy,
  policyReferences,
  principalFromClaims,
  readPolicyDir,
  readingInputs,
  readsGiven,
  rolesReading,
  rowDecision,
  rowsReadBy,
  ruleSet,
  strongestClassification,
  unknownRowDecision,
  userTokenVerifier,
  validatePolicy,
  where
} from "./chunk-TTYD4AHS.mjs";
import {
  DIST_DIR,
  readManifest
} from "./chunk-D5ACUYCF.mjs";
import {
  apiSchemaOf
} from "./chunk-DRAH7UVT.mjs";
import {
  Memo,
  sha256
} from "./chunk-IL5HGDU7.mjs";

// platform/config.ts
var ConfigError = class extends Error {
  constructor(problems) {
    super(`invalid configuration:
  ${problems.join("\n  ")}`);
    this.problems = problems;
    this.name = "ConfigError";
  }
  problems;
};
function readConfig(table, env = process.env) {
  const out = {};
  const problems = [];
  for (const [key, setting] of Object.entries(table)) {
    const raw2 = env[setting.env];
    if (raw2 === void 0 || raw2 === "") {
      out[key] = setting.default;
      continue;
    }
    try {
      out[key] = setting.parse(raw2);
    } catch (err) {
      problems.push(`${setting.env}=${JSON.stringify(raw2)}: ${err.message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return out;
}
function text(env, def, doc) {
  return { env, default: def, doc, parse: (raw2) => raw2 };
}
function int(env, def, doc, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return {
    env,
    default: def,
    doc,
    parse(raw2) {
      const n = Number(raw2);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`expected an integer from ${min} to ${max}`);
      return n;
    }
  };
}
function port(env, def, doc) {
  return int(env, def, doc, 0, 65535);
}
function url(env, def, doc) {
  return {
    env,
    default: def,
    doc,
    parse(raw2) {
      new URL(raw2);
      return raw2.replace(/\/+$/, "");
    }
  };
}
function bool(env, def, doc) {
  return {
    env,
    default: def,
    doc,
    parse(raw2) {
      if (/^(1|true|yes|on)$/i.test(raw2)) return true;
      if (/^(0|false|no|off)$/i.test(raw2)) return false;
      throw new Error("expected true/false");
    }
  };
}
function oneOf(env, def, values, doc) {
  return {
    env,
    default: def,
    doc,
    parse(raw2) {
      if (!values.includes(raw2)) throw new Error(`expected one of ${values.join(", ")}`);
      return raw2;
    }
  };
}
function list(env, def, doc) {
  return {
    env,
    default: def,
    doc,
    parse: (raw2) => raw2.split(",").map((s) => s.trim()).filter(Boolean)
  };
}
function positive(env, def, doc) {
  return {
    env,
    default: def,
    doc,
    parse(raw2) {
      const n = Number(raw2);
      if (!(n > 0) || !Number.isFinite(n)) throw new Error("expected a positive number");
      return n;
    }
  };
}

// platform/metrics.ts
import client from "prom-client";
function createMetrics(service) {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service });
  return registry;
}
function counter(registry, name, help, labelNames = []) {
  return new client.Counter({ name, help, labelNames, registers: [registry] });
}
function histogram(registry, name, help, labelNames = [], buckets) {
  return new client.Histogram({ name, help, labelNames, registers: [registry], ...buckets ? { buckets } : {} });
}

// platform/cache/keys.ts
import { createHash } from "node:crypto";
var CACHE_FORMAT_VERSION = 1;
var PREFIX = /^[A-Za-z0-9_.-]+$/;
function namespace(prefix) {
  if (!PREFIX.test(prefix)) throw new Error(`cache key prefix "${prefix}" may hold only letters, digits, ".", "_" and "-"`);
  return `${prefix}:v${CACHE_FORMAT_VERSION}`;
}
function digest(...parts) {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(`${part.length}:${part}`);
  return hash.digest("base64url");
}
function stableJson(value) {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== void 0).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
}

// platform/cache/memoryStore.ts
import { EventEmitter } from "node:events";

// platform/cache/lru.ts
var Lru = class {
  constructor(options) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }
  options;
  slots = /* @__PURE__ */ new Map();
  used = 0;
  now;
  get size() {
    return this.slots.size;
  }
  get bytes() {
    return this.used;
  }
  get(key) {
    const slot = this.slots.get(key);
    if (!slot) return void 0;
    if (slot.expiresAt <= this.now()) {
      this.delete(key);
      return void 0;
    }
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.value;
  }
  /** Remaining time to live in ms, or undefined when absent. */
  ttl(key) {
    const slot = this.slots.get(key);
    const left = slot ? slot.expiresAt - this.now() : 0;
    return left > 0 ? left : void 0;
  }
  set(key, value, ttlMs) {
    this.delete(key);
    const size = this.options.sizeOf(value, key);
    if (size > this.options.maxSize || ttlMs <= 0) return;
    this.slots.set(key, { value, expiresAt: this.now() + ttlMs, size });
    this.used += size;
    while (this.used > this.options.maxSize) this.delete(this.slots.keys().next().value);
  }
  delete(key) {
    const slot = this.slots.get(key);
    if (!slot) return false;
    this.slots.delete(key);
    this.used -= slot.size;
    this.options.onRemove?.(key, slot.value);
    return true;
  }
  clear() {
    for (const key of [...this.slots.keys()]) this.delete(key);
  }
};

// platform/cache/memoryStore.ts
function memoryStore(options) {
  const now = options.now ?? Date.now;
  const tags = /* @__PURE__ */ new Map();
  const lru = new Lru({
    maxSize: options.maxBytes,
    // JS strings are UTF-16: two bytes per code unit is what they cost.
    sizeOf: (held2, key) => 2 * (held2.value.length + key.length) + 64,
    now,
    onRemove(key, held2) {
      for (const tag of held2.tags) {
        const members = tags.get(tag);
        members?.delete(key);
        if (members?.size === 0) tags.delete(tag);
      }
    }
  });
  return {
    kind: "memory",
    async mget(keys) {
      return keys.map((k) => lru.get(k)?.value);
    },
    async set(entries, entryTags = []) {
      for (const { key, value, ttlMs } of entries) {
        lru.set(key, { value, tags: entryTags }, ttlMs);
        if (lru.ttl(key) === void 0) continue;
        for (const tag of entryTags) (tags.get(tag) ?? tags.set(tag, /* @__PURE__ */ new Set()).get(tag)).add(key);
      }
    },
    async delete(keys) {
      for (const key of keys) lru.delete(key);
      return true;
    },
    async tagged(tag) {
      return [...tags.get(tag) ?? []].filter((key) => lru.ttl(key) !== void 0);
    },
    async invalidateTags(list4) {
      for (const tag of list4) for (const key of [...tags.get(tag) ?? []]) lru.delete(key);
      return true;
    },
    async close() {
      lru.clear();
    }
  };
}
var processBus = new EventEmitter().setMaxListeners(0);
function memoryBus() {
  const mine = [];
  return {
    async publish(channel, message) {
      setImmediate(() => processBus.emit(channel, message));
      return true;
    },
    subscribe(channel, onMessage) {
      processBus.on(channel, onMessage);
      mine.push([channel, onMessage]);
      return () => void processBus.off(channel, onMessage);
    },
    async close() {
      for (const [channel, handler] of mine) processBus.off(channel, handler);
    }
  };
}

// platform/cache/redisStore.ts
import { Cluster, Redis } from "ioredis";
var retry = (times) => Math.min(50 * 2 ** times, 2e3);
function redisClient(settings, role) {
  const fastFail = role === "commands";
  const common = {
    connectTimeout: 1e3,
    maxRetriesPerRequest: fastFail ? 0 : null,
    ...fastFail ? { commandTimeout: settings.commandTimeoutMs } : {}
  };
  const client2 = settings.clusterNodes?.length ? new Cluster(
    settings.clusterNodes.map((n) => {
      const [host, port2] = n.split(":");
      return { host, port: Number(port2) || 6379 };
    }),
    { enableOfflineQueue: !fastFail, enableAutoPipelining: true, clusterRetryStrategy: retry, redisOptions: common }
  ) : new Redis(settings.url ?? "redis://127.0.0.1:6379", { ...common, enableOfflineQueue: !fastFail, enableAutoPipelining: true, retryStrategy: retry });
  client2.on("error", () => {
  });
  return client2;
}
function whenReady(client2, ms) {
  if (client2.status === "ready") return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok) => {
      clearTimeout(timer);
      client2.off("ready", onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    client2.on("ready", onReady);
  });
}
var CHUNK = 1e3;
function redisStore(client2) {
  const cluster = client2 instanceof Cluster;
  const mget = (keys) => cluster ? Promise.all(keys.map((k) => client2.get(k))) : client2.mget(keys);
  async function unlink(keys) {
    if (cluster) {
      await Promise.all(keys.map((k) => client2.unlink(k)));
      return;
    }
    for (let i = 0; i < keys.length; i += CHUNK) await client2.unlink(...keys.slice(i, i + CHUNK));
  }
  return {
    kind: "redis",
    async mget(keys) {
      if (keys.length === 0) return [];
      return (await mget(keys)).map((v) => v ?? void 0);
    },
    async set(entries, tags = []) {
      if (entries.length === 0) return;
      const now = Date.now();
      const ttl = (e) => Math.max(1, Math.round(e.ttlMs));
      const writes = entries.map((e) => client2.set(e.key, e.value, "PX", ttl(e)));
      for (const tag of tags) {
        writes.push(client2.zadd(tag, ...entries.flatMap((e) => [now + ttl(e), e.key])));
        writes.push(client2.zremrangebyscore(tag, "-inf", now));
      }
      await Promise.all(writes);
    },
    async delete(keys) {
      await unlink(keys);
      return true;
    },
    async tagged(tag) {
      return client2.zrangebyscore(tag, Date.now(), "+inf");
    },
    async invalidateTags(tags) {
      for (const tag of tags) await unlink([...await client2.zrange(tag, 0, -1), tag]);
      return true;
    },
    async close() {
      client2.disconnect();
    }
  };
}
function redisBus(publisher, makeSubscriber) {
  let subscriber;
  const handlers = /* @__PURE__ */ new Map();
  return {
    async publish(channel, message) {
      await publisher.publish(channel, message);
      return true;
    },
    subscribe(channel, onMessage) {
      if (!subscriber) {
        subscriber = makeSubscriber();
        subscriber.on("message", (ch, message) => {
          for (const handler of handlers.get(ch) ?? []) handler(message);
        });
      }
      let set = handlers.get(channel);
      if (!set) {
        handlers.set(channel, set = /* @__PURE__ */ new Set());
        subscriber.subscribe(channel).catch(() => {
        });
      }
      set.add(onMessage);
      return () => {
        set.delete(onMessage);
      };
    },
    async close() {
      subscriber?.disconnect();
    }
  };
}

// platform/cache/resilient.ts
function resilience(name, options) {
  const now = options.now ?? Date.now;
  const breakMs = options.breakMs ?? 1e3;
  const threshold = options.threshold ?? 3;
  let up = true;
  let failuresInARow = 0;
  let skipUntil = 0;
  const listeners = [];
  async function guard(operation, call, fallback) {
    if (!up && now() < skipUntil) {
      options.failures.inc({ operation, outcome: "skipped" });
      return fallback;
    }
    try {
      const result = await call();
      failuresInARow = 0;
      if (!up) {
        up = true;
        options.logger.info({ store: name }, "cache store reachable again; caching resumed");
        for (const listener of listeners) listener();
      }
      return result;
    } catch (err) {
      options.failures.inc({ operation, outcome: "error" });
      if (!up) skipUntil = now() + breakMs;
      else if (++failuresInARow >= threshold) {
        up = false;
        skipUntil = now() + breakMs;
        options.logger.warn({ store: name, err: err.message }, "cache store unavailable; serving without it until it is back");
      }
      return fallback;
    }
  }
  const health = {
    get up() {
      return up;
    },
    onRecover: (listener) => void listeners.push(listener)
  };
  return {
    health,
    store: (store) => ({
      kind: store.kind,
      mget: (keys) => guard("mget", () => store.mget(keys), keys.map(() => void 0)),
      set: (entries, tags) => guard("set", () => store.set(entries, tags), void 0),
      delete: (keys) => guard("delete", () => store.delete(keys), false),
      tagged: (tag) => guard("tagged", () => store.tagged(tag), void 0),
      invalidateTags: (tags) => guard("invalidate", () => store.invalidateTags(tags), false),
      close: () => store.close()
    }),
    bus: (bus) => ({
      publish: (channel, message) => guard("publish", () => bus.publish(channel, message), false),
      subscribe: (channel, onMessage) => bus.subscribe(channel, onMessage),
      close: () => bus.close()
    })
  };
}

// platform/cache/open.ts
var CACHE_MODES = ["auto", "off", "memory", "redis"];
async function openCaches(config, options) {
  const ns = namespace(config.cacheKeyPrefix);
  const redisConfigured = Boolean(config.redisUrl || config.redisClusterNodes.length);
  let memory;
  const memoryFor = () => memory ??= memoryStore({ maxBytes: config.cacheMemoryMb * 1024 * 1024 });
  if (!redisConfigured) {
    const bus2 = memoryBus();
    return {
      namespace: ns,
      bus: bus2,
      store(mode, setting) {
        if (mode === "redis") throw new ConfigError([`${setting}=redis: set REDIS_URL or REDIS_CLUSTER_NODES`]);
        return mode === "off" ? void 0 : memoryFor();
      },
      async close() {
        await bus2.close();
        await memory?.close();
      }
    };
  }
  const settings = { url: config.redisUrl, clusterNodes: config.redisClusterNodes, commandTimeoutMs: config.redisCommandTimeoutMs };
  const client2 = redisClient(settings, "commands");
  const failures = counter(options.metrics, "dpg_cache_failures_total", "Cache store calls that failed or were skipped during an outage; each acted as a miss or no-op", ["operation", "outcome"]);
  const guarded = resilience("redis", { logger: options.logger, failures });
  const redis = guarded.store(redisStore(client2));
  const bus = guarded.bus(redisBus(client2, () => redisClient(settings, "subscriber")));
  await whenReady(client2, options.connectWaitMs ?? 1e3);
  return {
    namespace: ns,
    bus,
    health: guarded.health,
    store(mode) {
      if (mode === "off") return void 0;
      return mode === "memory" ? memoryFor() : redis;
    },
    async close() {
      await bus.close();
      await redis.close();
      await memory?.close();
    }
  };
}

// platform/safety.ts
var DEPLOYMENTS = ["development", "production"];
var deploymentSetting = oneOf("DPG_ENV", "development", DEPLOYMENTS, "production: every service refuses to start on a development default (registry admin token, mask key, generated JWT secret or signing key, change-me placeholders) and names each, and conveniences meant for a developer's machine, such as GraphiQL, are off; development: each default is warned about once.");
function placeholders(table, config) {
  return Object.entries(table).filter(([key]) => typeof config[key] === "string" && /change-?me/i.test(config[key])).map(([, s]) => ({ setting: s.env, problem: 'is a placeholder ("change-me"): set a real value' }));
}
var warned = /* @__PURE__ */ new Set();
function guardDevelopmentDefaults(deployment, found, logger) {
  if (deployment === "production" && found.length) {
    throw new ConfigError(found.map((d) => `${d.setting} ${d.problem} (DPG_ENV=production refuses development defaults)`));
  }
  for (const d of found) {
    if (warned.has(d.setting)) continue;
    warned.add(d.setting);
    logger.warn({ setting: d.setting }, `${d.setting} ${d.problem}; fine for development, refused with DPG_ENV=production`);
  }
}

// platform/settings.ts
var shared = {
  deployment: deploymentSetting,
  databaseUrl: url("DATABASE_URL", void 0, "PostgreSQL connection URL. Unset: embedded PGlite under DATA_DIR."),
  dataDir: text("DATA_DIR", ".data", "Where embedded PGlite databases and the gateway's last supergraph live; `memory` keeps nothing on disk."),
  metricsToken: text("METRICS_TOKEN", void 0, "Bearer token /metrics requires when set (Prometheus: `authorization.credentials`). Unset: /metrics is open, like /health and /ready."),
  host: text("HOST", "127.0.0.1", "Network interface every service listens on. Default: loopback only, so nothing is reachable from other machines by accident; 0.0.0.0 for all interfaces (containers)."),
  logLevel: text("LOG_LEVEL", "info", "pino log level: fatal, error, warn, info, debug, trace or silent."),
  maxBodyBytes: int("MAX_BODY_BYTES", 1048576, "Largest accepted HTTP request body, in bytes.", 1),
  registryUrl: url("REGISTRY_URL", "http://127.0.0.1:4100", "Schema registry base URL."),
  supergraphFile: text("SUPERGRAPH_FILE", void 0, "Use this supergraph file instead of the registry's (reloaded when it changes): the gateway serves it, and every service checks its policy against it."),
  registryToken: text("REGISTRY_TOKEN", "dev-admin-token", "Registry token subgraphs publish their schema with at start, and the gateway reports field usage with. Default: the registry's development admin token.")
};
var cacheSettings = {
  redisUrl: url("REDIS_URL", void 0, "Redis for the entity cache, response cache, persisted queries and invalidation messages, e.g. redis://127.0.0.1:6379. Unset: in-process caches, and invalidations reach only services in the same process."),
  redisClusterNodes: list("REDIS_CLUSTER_NODES", [], "Redis Cluster seed nodes, host:port,host:port; used instead of REDIS_URL when set."),
  redisCommandTimeoutMs: int("REDIS_COMMAND_TIMEOUT_MS", 10, "Longest wait for one Redis command; a slower or failed command counts as a cache miss, never as a failed request.", 1),
  cacheKeyPrefix: text("CACHE_KEY_PREFIX", "dpg", "Start of every cache key and channel (letters, digits, . _ -), so deployments sharing one Redis never read each other's entries."),
  cacheMemoryMb: int("CACHE_MEMORY_MB", 64, "Budget of each in-process cache store, in MiB.", 1)
};
function pgliteDir(dataDir, service) {
  return dataDir === "memory" ? "memory" : `${dataDir}/${service}/pglite`;
}

// policies/settings.ts
import path from "node:path";
var policySettings = {
  policySource: oneOf("POLICY_SOURCE", "folder", ["folder", "registry"], "Where policies come from: the POLICY_DIR folder (watched; development) or the registry's published bundle (production)."),
  policyDir: { ...text("POLICY_DIR", path.join(__dpgDir(__dpgSource("policies/settings.ts")), "rules"), "Folder of policy YAML files when POLICY_SOURCE=folder."), defaultDoc: "policies/rules" },
  policyPollMs: int("POLICY_POLL_INTERVAL_MS", 1e3, "How often the policy source is checked for a new version.", 50),
  maskHashKey: text("MASK_HASH_KEY", "dpg-development-mask-key", 'Secret key of the "hash" mask (HMAC); the same on every subgraph so hashed values still join. Set it in production.')
};

// gateway/limits/settings.ts
var DEMAND_CONTROL_MODES = ["off", "measure", "enforce"];
var limitSettings = {
  demandControl: oneOf("DEMAND_CONTROL", "enforce", DEMAND_CONTROL_MODES, "Demand control before planning: enforce = refuse operations over their limits (400, extensions.code COST_LIMIT, DEPTH_LIMIT, \u2026); measure = only report each operation's figures in extensions.cost; off."),
  maxCost: int("MAX_COST", 2e5, "Largest estimated cost of one operation: objects it may return (lists multiplied by their page size) plus entity fetches across subgraphs. The benchmark's 500-account, three-domain join costs 101,500.", 1),
  maxDepth: int("MAX_DEPTH", 10, "Deepest field nesting of one operation.", 1),
  maxAliases: int("MAX_ALIASES", 30, "Most aliases in one operation (fragments counted each time they are spread)."),
  maxRootFields: int("MAX_ROOT_FIELDS", 20, "Most root fields in one operation.", 1),
  maxDirectives: int("MAX_DIRECTIVES", 50, "Most directives in one operation."),
  maxBatchSize: int("MAX_BATCH_SIZE", 10, "Most operations in one batched request.", 1),
  assumedListSize: int("COST_ASSUMED_LIST_SIZE", 50, "Size demand control assumes for a list whose size neither the operation (`first`), the schema (a default for `first`) nor `@listSize(assumedSize:)` gives.", 1),
  requestsPerSecond: int("RATE_LIMIT_REQUESTS_PER_SECOND", 0, "Requests per second per consumer (token subject or API key), counted across replicas in Redis when configured; 0 = no limit. Policies set it per role or key."),
  costPerMinute: int("RATE_LIMIT_COST_PER_MINUTE", 0, "Estimated cost per minute per consumer, counted like requests; 0 = no limit.")
};

// gateway/config.ts
var gatewaySettings = {
  port: port("GATEWAY_PORT", 4e3, "Gateway port; GraphQL is served at /graphql."),
  registryUrl: shared.registryUrl,
  registryToken: shared.registryToken,
  usageFlushIntervalMs: int("USAGE_FLUSH_INTERVAL_MS", 5e3, "How often the gateway sends field usage (per client and operation) to the registry, whose breaking-change checks rely on it.", 10),
  supergraphFile: shared.supergraphFile,
  pollIntervalMs: int("SUPERGRAPH_POLL_INTERVAL_MS", 1e3, "How often the gateway asks the registry (or checks the file) for a new supergraph.", 50),
  apolloTelemetryDisabled: bool("APOLLO_TELEMETRY_DISABLED", true, "@apollo/gateway's own telemetry: unless this is false, the product turns it off, so the gateway neither probes cloud metadata endpoints (AWS, GCP, Azure, Alibaba) nor sends host metrics to Apollo."),
  subgraphTimeoutMs: int("SUBGRAPH_TIMEOUT_MS", 1e4, "Longest wait for one subgraph request before it counts as failed.", 1),
  responseCache: oneOf("RESPONSE_CACHE", "auto", CACHE_MODES, "Response cache in the gateway: auto = Redis when configured, else in-process; off, memory or redis. Only errorless query results whose data products all allow caching are kept, for their shortest freshness SLA."),
  responseCacheMaxTtlSeconds: int("RESPONSE_CACHE_MAX_TTL_SECONDS", 3600, "Longest time any response stays cached, whatever the freshness SLAs allow.", 1),
  persistedQueries: oneOf("PERSISTED_QUERIES", "apq", ["off", "apq", "safelist"], "Persisted queries: apq = automatic persisted queries (clients may send a sha256 hash instead of the text); safelist = only operations in PERSISTED_QUERIES_DIR run; off."),
  introspection: oneOf("INTROSPECTION", "on", ["on", "off"], "Introspection (__schema, __type): on = answered with the schema filtered to what the caller may read (hidden: denied fields and arguments, and types left with nothing readable); off = every introspection query is refused with a GraphQL error (400)."),
  persistedQueriesDir: text("PERSISTED_QUERIES_DIR", "operations", "Folder of .graphql files that make up the safelist (PERSISTED_QUERIES=safelist)."),
  ...cacheSettings,
  jwtSecret: text("JWT_SECRET", void 0, "HS256 secret for callers' JWTs (development). Unset: a secret generated once under DATA_DIR, which `dpg token` also uses."),
  jwtJwksUrl: url("JWT_JWKS_URL", void 0, "JWKS URL of the identity provider, for RS256/ES256 JWTs (production)."),
  jwtJwksFile: text("JWT_JWKS_FILE", void 0, "JWKS file of the identity provider, for RS256/ES256 JWTs."),
  jwtIssuer: text("JWT_ISSUER", DEV_ISSUER, "Required `iss` of callers' JWTs."),
  jwtAudience: text("JWT_AUDIENCE", DEV_AUDIENCE, "Required `aud` of callers' JWTs."),
  apiKeysFile: text("API_KEYS_FILE", void 0, "YAML file of API keys (SHA-256 hashes) and the principals they stand for, for BI tools without OAuth."),
  signingKey: text("GATEWAY_SIGNING_KEY", void 0, "Private Ed25519 JWK (JSON) the gateway signs subgraph identity tokens with; replicas must share it. Unset: generated once under DATA_DIR."),
  graphiql: oneOf("GRAPHIQL", "auto", ["auto", "on", "off"], "GraphiQL, the in-browser IDE, at / and at /graphql for browsers: auto = on unless DPG_ENV=production; on; off. The data-product portal at /portal is always served."),
  auditFlushMs: int("AUDIT_FLUSH_INTERVAL_MS", 1e3, "How often buffered audit events are sent to the governance subgraph.", 10),
  ...policySettings,
  ...limitSettings,
  dataDir: shared.dataDir,
  host: shared.host,
  deployment: shared.deployment,
  metricsToken: shared.metricsToken,
  maxBodyBytes: shared.maxBodyBytes,
  logLevel: shared.logLevel
};
var graphiqlEnabled = (config) => config.graphiql === "on" || config.graphiql === "auto" && config.deployment !== "production";
var readGatewayConfig = (env = process.env) => readConfig(gatewaySettings, env);
function gatewayDevelopmentDefaults(config) {
  const found = [];
  if (!config.jwtSecret && !config.jwtJwksUrl && !config.jwtJwksFile) found.push({ setting: "JWT_SECRET", problem: "is unset and no JWKS is configured: callers' tokens are checked with a secret generated under DATA_DIR" });
  if (!config.signingKey) found.push({ setting: "GATEWAY_SIGNING_KEY", problem: "is unset: subgraph identity tokens are signed with a key generated under DATA_DIR, which replicas do not share" });
  if (config.registryToken === shared.registryToken.default) found.push({ setting: "REGISTRY_TOKEN", problem: "is the registry's development admin token: give the gateway a gateway-role token" });
  return [...found, ...placeholders(gatewaySettings, config)];
}

// gateway/server.ts
import path6 from "node:path";
import { NoSchemaIntrospectionCustomRule } from "graphql";

// platform/http.ts
import http from "node:http";
var STATUS_CODES = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "UNPROCESSABLE",
  429: "RATE_LIMITED",
  500: "INTERNAL_SERVER_ERROR",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE"
};
var codeForStatus = (status) => STATUS_CODES[status] ?? (status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST");
function errorBody(status, message, extensions = {}) {
  return { errors: [{ message, extensions: { code: codeForStatus(status), ...extensions } }] };
}
var HttpError = class extends Error {
  constructor(status, message, details = {}, headers = {}) {
    super(message);
    this.status = status;
    this.details = details;
    this.headers = headers;
  }
  status;
  details;
  headers;
};
function compileRoutes(routes) {
  return Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(" ");
    return { method, parts: pattern.split("/").filter(Boolean), handler };
  });
}
function match(route, method, parts) {
  if (route.method !== method && !(route.method === "GET" && method === "HEAD")) return void 0;
  if (route.parts.length !== parts.length) return void 0;
  const params = {};
  for (let i = 0; i < parts.length; i++) {
    const want = route.parts[i];
    if (want.startsWith(":")) params[want.slice(1)] = decodeParam(parts[i]);
    else if (want !== parts[i]) return void 0;
  }
  return params;
}
function decodeParam(raw2) {
  try {
    return decodeURIComponent(raw2);
  } catch {
    throw new HttpError(400, `the path holds malformed percent-encoding: ${raw2}`);
  }
}
function createHttpServer(options) {
  const routes = compileRoutes(options.routes);
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  return http.createServer(async (raw2, res) => {
    const url2 = new URL(raw2.url ?? "/", "http://localhost");
    const parts = url2.pathname.split("/").filter(Boolean);
    let req = { method: raw2.method ?? "GET", path: url2.pathname, query: url2.searchParams, params: {}, headers: raw2.headers, body: void 0, raw: raw2 };
    try {
      let params;
      const route = routes.find((r) => params = match(r, req.method, parts));
      if (!route) {
        const pathKnown = routes.some((r) => match({ ...r, method: req.method }, req.method, parts));
        throw pathKnown ? new HttpError(405, `method ${req.method} not allowed on ${url2.pathname}`) : new HttpError(404, `no route for ${url2.pathname}`);
      }
      req = { ...req, params, body: await readBody(raw2, bodyLimit) };
      send(res, await route.handler(req));
    } catch (err) {
      if (err instanceof HttpError) {
        send(res, { status: err.status, headers: err.headers, body: errorBody(err.status, err.message, err.details) });
      } else {
        options.onError?.(err, req);
        send(res, { status: 500, body: errorBody(500, "internal error") });
      }
    }
  });
}
async function readBody(raw2, limit) {
  if (raw2.method === "GET" || raw2.method === "HEAD") return void 0;
  const declared = Number(raw2.headers["content-length"]);
  if (declared > limit) {
    raw2.resume();
    throw new HttpError(413, `request body is larger than ${limit} bytes`);
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of raw2) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `request body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return void 0;
  const text3 = Buffer.concat(chunks).toString("utf8");
  const type = raw2.headers["content-type"] ?? "";
  if (!type.includes("json")) return text3;
  try {
    return JSON.parse(text3);
  } catch (err) {
    throw new HttpError(400, `malformed JSON body: ${err.message}`);
  }
}
function send(res, reply2) {
  if (res.headersSent) return;
  const body = withErrors(reply2);
  const isRaw = typeof body === "string" || Buffer.isBuffer(body);
  const payload = body === void 0 ? "" : isRaw ? body : JSON.stringify(body);
  const headers = { ...reply2.headers };
  if (body !== void 0 && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["content-type"] = isRaw ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
  }
  headers["content-length"] = Buffer.byteLength(payload);
  res.writeHead(reply2.status ?? 200, headers);
  res.end(res.req.method === "HEAD" ? void 0 : payload);
}
function withErrors(reply2) {
  const status = reply2.status ?? 200;
  const body = reply2.body;
  if (status < 400 || typeof body !== "object" || body === null || Buffer.isBuffer(body) || Array.isArray(body)) return body;
  if (Array.isArray(body.errors)) return body;
  return { ...errorBody(status, http.STATUS_CODES[status] ?? `status ${status}`), ...body };
}
async function listen(server, port2, host = "127.0.0.1") {
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port2, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actual = server.address().port;
  const local = host === "0.0.0.0" || host === "::" || host === "" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return {
    server,
    port: actual,
    url: `http://${local}:${actual}`,
    close: () => closeServer(server)
  };
}
function closeServer(server) {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2e3).unref();
  });
}

// platform/tokens.ts
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path2 from "node:path";
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT
} from "jose";
var SERVICE_ISSUER = "dpg-gateway";
var ALG = "EdDSA";
async function loadSigner(options) {
  let jwk;
  if (options.privateJwk) jwk = JSON.parse(options.privateJwk);
  else if (options.file && fs.existsSync(options.file)) jwk = JSON.parse(fs.readFileSync(options.file, "utf8"));
  if (!jwk) {
    const { privateKey } = await generateKeyPair(ALG, { crv: "Ed25519", extractable: true });
    jwk = await exportJWK(privateKey);
    if (options.file) {
      fs.mkdirSync(path2.dirname(options.file), { recursive: true });
      fs.writeFileSync(options.file, JSON.stringify(jwk), { mode: 384 });
    }
  }
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || !jwk.d) throw new Error("the gateway signing key must be a private Ed25519 JWK");
  const kid = await calculateJwkThumbprint(jwk);
  const key = await importJWK(jwk, ALG);
  const { d: _private, ...publicJwk } = jwk;
  return {
    jwks: { keys: [{ ...publicJwk, kid, alg: ALG, use: "sig" }] },
    sign: (claims, audience, ttlSeconds) => new SignJWT(claims).setProtectedHeader({ alg: ALG, kid }).setIssuer(SERVICE_ISSUER).setAudience(audience).setIssuedAt().setExpirationTime(`${ttlSeconds}s`).setJti(randomUUID()).sign(key)
  };
}
function serviceVerifier(source) {
  const keys = "jwksUrl" in source ? createRemoteJWKSet(new URL(source.jwksUrl), { cooldownDuration: 5e3 }) : createLocalJWKSet(source.jwks);
  return async (token, audience) => (await jwtVerify(token, keys, { issuer: SERVICE_ISSUER, audience, algorithms: [ALG] })).payload;
}

// policies/holder.ts
import fs2 from "node:fs";
var KEPT_VERSIONS = 4;
function folderPolicy(dir) {
  let last = "";
  return {
    async latest() {
      const sources = readPolicyDir(dir);
      const stamp = JSON.stringify(sources);
      if (stamp === last) return void 0;
      last = stamp;
      return sources;
    }
  };
}
function registryPolicy(registryUrl) {
  let etag;
  return {
    async latest() {
      const res = await fetch(`${registryUrl}/policies`, { headers: etag ? { "if-none-match": etag } : {}, signal: AbortSignal.timeout(5e3) });
      if (res.status === 304 || res.status === 404) return void 0;
      if (!res.ok) throw new Error(`registry answered ${res.status}`);
      etag = res.headers.get("etag") ?? void 0;
      return (await res.json()).files;
    },
    async version(version) {
      const res = await fetch(`${registryUrl}/policies/versions/${encodeURIComponent(version)}`, { signal: AbortSignal.timeout(5e3) });
      if (res.status === 404) return void 0;
      if (!res.ok) throw new Error(`registry answered ${res.status}`);
      return (await res.json()).files;
    }
  };
}
function registrySupergraph(registryUrl) {
  let etag;
  return async () => {
    const res = await fetch(`${registryUrl}/supergraph`, { headers: etag ? { "if-none-match": etag } : {}, signal: AbortSignal.timeout(5e3) });
    if (res.status === 304 || res.status === 404) return void 0;
    if (!res.ok) throw new Error(`registry answered ${res.status}`);
    etag = res.headers.get("etag") ?? void 0;
    return res.text();
  };
}
function fileSupergraph(file) {
  let last;
  return async () => {
    const sdl = fs2.readFileSync(file, "utf8");
    if (sdl === last) return void 0;
    last = sdl;
    return sdl;
  };
}
var PolicyHolder = class {
  constructor(options) {
    this.options = options;
  }
  options;
  current;
  /** The newest policy the source gave, valid or not: it is tried again against every new schema. */
  loaded;
  kept = [];
  facts;
  complete = false;
  state = { version: null, loadedAt: null, kept: [], schema: null, rejected: null, sourceError: null, supergraphError: null };
  timer;
  stopped = false;
  polling;
  absent = /* @__PURE__ */ new Map();
  listeners = [];
  /** Starts following the source; resolves after the first attempt. */
  async start() {
    await this.refresh();
    const loop = () => {
      if (!this.stopped) this.timer = setTimeout(async () => (await this.refresh(), loop()), this.options.intervalMs);
    };
    loop();
  }
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }
  onChange(listener) {
    this.listeners.push(listener);
  }
  /**
   * The schema changed: the policy is checked and compiled against it. Only a
   * supergraph makes the check complete; a subgraph's own schema cannot tell
   * another domain's field from a typo.
   */
  setFacts(facts, origin) {
    this.facts = facts;
    this.complete = origin.kind === "supergraph";
    this.state.schema = origin;
    this.kept = this.kept.map((k) => validatePolicy(k.loaded, facts, this.complete).length ? k : { loaded: k.loaded, compiled: compilePolicy(k.loaded, facts) });
    if (this.current) this.current = this.held(this.current.version) ?? this.current;
    if (this.loaded) this.install(this.loaded, "info");
  }
  status() {
    return { ...this.state, kept: this.kept.map((k) => k.compiled.version) };
  }
  /** A kept version, compiled against the newest schema it fits. */
  held(version) {
    return this.kept.find((k) => k.compiled.version === version)?.compiled;
  }
  /**
   * The compiled policy of `version`, looked for at once when it is not held:
   * the gateway may name a version this service has not polled yet.
   */
  async obtain(version) {
    const held2 = this.held(version);
    if (held2) return held2;
    if ((this.absent.get(version) ?? 0) > Date.now()) return void 0;
    await this.refresh();
    if (!this.held(version)) await this.refresh();
    if (!this.held(version) && this.options.source.version && this.facts) {
      try {
        const sources = await this.options.source.version(version);
        const { policy } = sources ? parsePolicy(sources) : {};
        if (policy?.version === version && !validatePolicy(policy, this.facts, this.complete).length) this.keep(policy, compilePolicy(policy, this.facts), false);
      } catch (err) {
        this.options.logger.warn({ err: err.message, version }, "could not fetch a policy version by name");
      }
    }
    const found = this.held(version);
    if (!found) {
      if (this.absent.size > 100) this.absent.clear();
      this.absent.set(version, Date.now() + this.options.intervalMs);
    }
    return found;
  }
  /** Reads the supergraph and the policy source now; concurrent callers share one read. */
  refresh() {
    this.polling ??= this.poll().finally(() => this.polling = void 0);
    return this.polling;
  }
  async poll() {
    if (this.options.supergraph) await this.pollSupergraph(this.options.supergraph);
    let sources;
    try {
      sources = await this.options.source.latest();
      this.state.sourceError = null;
    } catch (err) {
      if (!this.state.sourceError) this.options.logger.warn({ err: err.message }, "policy source unreachable; keeping the current policy");
      this.state.sourceError = err.message;
      return;
    }
    if (!sources) return;
    const { policy, problems } = parsePolicy(sources);
    if (!policy) return this.refuse(null, problems, "error");
    this.loaded = policy;
    this.install(policy, "error");
  }
  async pollSupergraph({ feed, member }) {
    try {
      const sdl = await feed();
      this.state.supergraphError = null;
      if (sdl === void 0) return;
      const facts = factsFromSupergraph(sdl);
      if (facts.subgraphs.has(member)) this.setFacts(facts, { kind: "supergraph", hash: sha256(sdl) });
    } catch (err) {
      if (!this.state.supergraphError) this.options.logger.warn({ err: err.message }, "supergraph unreachable; policies stay checked against the last one known");
      this.state.supergraphError = err.message;
    }
  }
  install(policy, level) {
    if (!this.facts) return;
    const problems = validatePolicy(policy, this.facts, this.complete);
    if (problems.length) return this.refuse(policy.version, problems, level);
    const compiled = compilePolicy(policy, this.facts);
    const changed = compiled.version !== this.current?.version;
    this.keep(policy, compiled, true);
    this.current = compiled;
    this.state = { ...this.state, version: compiled.version, loadedAt: (/* @__PURE__ */ new Date()).toISOString(), rejected: null };
    if (changed) this.options.logger.info({ version: compiled.version }, "policy loaded");
    for (const l of this.listeners) l(compiled);
  }
  /** Newest first; a version fetched by name for one request goes last, first to be dropped. */
  keep(loaded, compiled, newest) {
    const others = this.kept.filter((k) => k.compiled.version !== compiled.version).slice(0, KEPT_VERSIONS - 1);
    this.kept = newest ? [{ loaded, compiled }, ...others] : [...others, { loaded, compiled }];
    this.absent.delete(compiled.version);
  }
  refuse(version, problems, level) {
    this.state.rejected = { version, problems, at: (/* @__PURE__ */ new Date()).toISOString() };
    this.options.logger[level]({ version, problems: formatProblems(problems).split("\n") }, "policy refused; the last valid policy stays in force");
  }
};

// gateway/admin/explain.ts
import { parse } from "graphql";

// gateway/identity/plugin.ts
var unauthorized = (reason) => new HttpError(401, reason, { code: "UNAUTHENTICATED" }, { "www-authenticate": `Bearer error="invalid_token", error_description="${reason.replace(/"/g, "'")}"` });
async function authenticate(headers, options) {
  const authorization = headers.authorization;
  const apiKey = headers["x-api-key"];
  if (typeof apiKey === "string" && apiKey) {
    const match2 = options.lookupApiKey(apiKey);
    if (!match2) throw unauthorized("unknown API key");
    return { principal: match2.principal, apiKeyId: match2.id };
  }
  if (typeof authorization !== "string" || !authorization) throw unauthorized('credentials required: send "Authorization: Bearer <token>" or "X-API-Key: <key>"');
  const [scheme, token] = authorization.split(" ");
  if (scheme?.toLowerCase() !== "bearer" || !token) throw unauthorized('the Authorization header must be "Bearer <token>"');
  try {
    return { principal: await options.verifyToken(token) };
  } catch (err) {
    throw unauthorized(err instanceof AuthError ? err.message : "token is invalid");
  }
}
function identityPlugin(options) {
  return {
    name: "identity",
    async onRequest(state) {
      const caller = await authenticate(state.http.headers, options);
      const policy = options.policy.current;
      state.principal = caller.principal;
      state.apiKeyId = caller.apiKeyId;
      state.policy = policy;
      state.policyVersion = policy?.version;
      state.fingerprint = policy?.fingerprint(caller.principal) ?? "no-policy";
    }
  };
}

// gateway/admin/explain.ts
var EXPLAIN_ROLES = ["governance", "admin"];
function explainRoute(deps) {
  return async (req) => {
    const { principal: caller } = await authenticate(req.headers, deps.identity);
    if (!caller.roles.some((r) => EXPLAIN_ROLES.includes(r))) throw new HttpError(403, `explain is for the ${EXPLAIN_ROLES.join(" or ")} role`);
    const body = req.body ?? {};
    if (typeof body.query !== "string") throw new HttpError(400, 'body must be JSON with a "query" string');
    const supergraph = deps.runtime.current;
    const policy = deps.policy.current;
    if (!supergraph || !policy) throw new HttpError(503, "no supergraph or policy loaded yet");
    const p = body.principal;
    const principal = p ? { subject: String(p.subject ?? "explained"), roles: p.roles ?? [], scopes: p.scopes ?? [], attributes: p.attributes ?? {} } : caller;
    let document;
    try {
      document = parse(body.query);
    } catch (err) {
      throw new HttpError(400, `query does not parse: ${err.message}`);
    }
    try {
      return { body: explainOperation(policy, supergraph.apiSchema, document, principal, typeof body.operationName === "string" ? body.operationName : void 0) };
    } catch (err) {
      throw new HttpError(400, err.message);
    }
  };
}

// gateway/admin/explainFields.ts
var MAX_COORDINATES = 5e3;
var COORDINATE = /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/;
var DEFAULT_REASONS = {
  "default-deny": "No grant lets you read this field, and access is denied by default.",
  "no-valid-policy": "No valid policy is loaded, so everything is denied."
};
function reasons(policy) {
  const { grants, forbids, tagRules, filters } = policy.rules;
  const all = [...grants, ...forbids, ...tagRules.values(), ...filters].map((l) => l.rule);
  return new Map(all.filter((r) => r.description).map((r) => [r.id, r.description]));
}
var strings = (v, what) => {
  if (v === void 0) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new HttpError(400, `"principal.${what}" must be a list of strings`);
  return v;
};
function principalFrom(body) {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpError(400, '"principal" must be an object with subject, roles, scopes and attributes');
  const p = body;
  const attributes = p.attributes ?? {};
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes) || Object.values(attributes).some((v) => typeof v !== "string")) {
    throw new HttpError(400, '"principal.attributes" must map names to strings');
  }
  return { subject: String(p.subject ?? "explained"), roles: strings(p.roles, "roles"), scopes: strings(p.scopes, "scopes"), attributes };
}
function coordinatesFrom(body) {
  const list4 = body.coordinates;
  if (!Array.isArray(list4)) throw new HttpError(400, 'body must be JSON with "coordinates": a list of Type.field');
  if (list4.length > MAX_COORDINATES) throw new HttpError(400, `at most ${MAX_COORDINATES} coordinates per request`);
  const bad = list4.find((c) => typeof c !== "string" || !COORDINATE.test(c));
  if (bad !== void 0) throw new HttpError(400, `${JSON.stringify(bad)} is not a field coordinate like Contact.email`);
  return [...new Set(list4)];
}
function explainFieldsRoute(deps) {
  return async (req) => {
    const { principal: caller } = await authenticate(req.headers, deps.identity);
    const body = req.body;
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpError(400, 'body must be JSON with "coordinates": a list of Type.field');
    const coordinates = coordinatesFrom(body);
    const asked = body.principal;
    if (asked !== void 0 && !caller.roles.some((r) => EXPLAIN_ROLES.includes(r))) {
      throw new HttpError(403, `explaining another principal is for the ${EXPLAIN_ROLES.join(" or ")} role; leave "principal" out to explain your own access`);
    }
    const principal = asked === void 0 ? caller : principalFrom(asked);
    const policy = deps.policy.current;
    if (!policy) throw new HttpError(503, "no valid policy loaded yet");
    const why = reasons(policy);
    const decisions = coordinates.map((coordinate) => {
      const d = policy.decide(principal, coordinate);
      return { coordinate, decision: d.effect, mask: d.mask, rule: d.rule, reason: why.get(d.rule) ?? DEFAULT_REASONS[d.rule] ?? "" };
    });
    const schema = deps.runtime.current?.apiSchema;
    const roots = new Set([schema?.getQueryType(), schema?.getMutationType(), schema?.getSubscriptionType()].map((t) => t?.name ?? "Query"));
    const types = new Set(coordinates.map((c) => c.split(".")[0]).filter((t) => policy.facts.types.has(t) && !roots.has(t)));
    return {
      headers: { "cache-control": "private, no-store" },
      body: { policyVersion: policy.version, principal, decisions, rows: explainRows(policy, principal, types) }
    };
  };
}

// gateway/audit/events.ts
function auditEvents(input) {
  const base = {
    at: (input.at ?? /* @__PURE__ */ new Date()).toISOString(),
    subject: input.principal.subject,
    roles: input.principal.roles,
    operationHash: input.operationHash ?? null,
    operationName: input.operationName ?? null,
    policyVersion: input.policyVersion
  };
  const gatewayDenials = input.errors.filter((e) => e.extensions?.code === "FORBIDDEN" && typeof e.extensions.coordinate === "string" && !e.extensions.serviceName).map((e) => ({ ...base, path: e.path?.join(".") ?? null, coordinate: String(e.extensions.coordinate), decision: "deny", rule: String(e.extensions.rule), source: "gateway" }));
  const seen = /* @__PURE__ */ new Set();
  const fromSubgraphs = input.subgraphRecords.filter((r) => {
    const key = `${r.source}|${r.coordinate}|${r.decision}`;
    return !seen.has(key) && seen.add(key);
  }).map((r) => ({ ...base, path: null, coordinate: r.coordinate, decision: r.decision, rule: r.rule, source: r.source }));
  return [...gatewayDenials, ...fromSubgraphs];
}

// gateway/audit/plugin.ts
function auditPlugin(sink) {
  return {
    name: "audit",
    onRequest: (state) => ({
      onResult() {
        if (!state.principal) return;
        const events = auditEvents({
          principal: state.principal,
          operationHash: state.queryHash,
          operationName: state.operation?.name?.value ?? null,
          policyVersion: state.policyVersion ?? "none",
          errors: state.errors,
          subgraphRecords: state.audit
        });
        if (events.length) sink.record(events);
      }
    })
  };
}

// gateway/audit/sink.ts
var MAX_BUFFER = 2e4;
var BATCH = 500;
function auditSink(options) {
  let buffer = [];
  let warned2 = false;
  let flushing = Promise.resolve();
  async function send2() {
    const base = options.target();
    if (!base || buffer.length === 0) return;
    while (buffer.length) {
      const batch = buffer.slice(0, BATCH);
      try {
        const res = await fetch(`${base}/audit`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${await options.token()}` },
          body: JSON.stringify({ events: batch }),
          signal: AbortSignal.timeout(5e3)
        });
        if (!res.ok) throw new Error(`governance answered ${res.status}`);
        buffer = buffer.slice(batch.length);
        warned2 = false;
      } catch (err) {
        if (!warned2) options.logger.warn({ err: err.message, pending: buffer.length }, "cannot deliver audit events yet; keeping them");
        warned2 = true;
        return;
      }
    }
  }
  const flush = () => flushing = flushing.then(send2);
  const timer = setInterval(() => void flush(), options.intervalMs);
  timer.unref();
  return {
    record(events) {
      buffer.push(...events);
      if (buffer.length > MAX_BUFFER) {
        options.onDropped?.(buffer.length - MAX_BUFFER);
        buffer = buffer.slice(buffer.length - MAX_BUFFER);
      }
    },
    /** Sends what is buffered now (tests, shutdown). */
    flush,
    pending: () => buffer.length,
    async close() {
      clearInterval(timer);
      await flush();
    }
  };
}

// gateway/authorize/plugin.ts
import { print as print2 } from "graphql";

// gateway/authorize/arguments.ts
import {
  getArgumentValues,
  getVariableValues,
  isAbstractType,
  TypeInfo,
  visit,
  visitWithTypeInfo
} from "graphql";
function readingSites(schema, reads, document) {
  if (!reads.size) return [];
  const sites = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const field2 = typeInfo.getFieldDef();
        if (!parent || !field2 || !field2.args.length) return;
        const owners = isAbstractType(parent) ? [parent, ...schema.getPossibleTypes(parent)] : [parent];
        for (const owner of owners) {
          const def = "getFields" in owner ? owner.getFields()[field2.name] : void 0;
          const inputs = def ? readingInputs(reads, owner.name, def) : [];
          if (inputs.length) sites.push({ node, typeName: owner.name, field: def, coordinate: `${owner.name}.${field2.name}`, inputs });
        }
      }
    })
  );
  return sites;
}
function deniedArguments(schema, reads, operation, sites, variables, decideRead) {
  const denied = /* @__PURE__ */ new Map();
  if (!sites.length) return denied;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  for (const site of sites) {
    const values = coerced.coerced ? argumentValues(site, coerced.coerced) : void 0;
    const made = values ? readsGiven(reads, site.typeName, site.field, values) : site.inputs;
    for (const input of made) {
      const refused2 = input.reads.map((reads2) => ({ reads: reads2, decision: decideRead(reads2) })).find((r) => r.decision.effect !== "allow");
      if (!refused2) continue;
      const byType = denied.get(site.node) ?? /* @__PURE__ */ new Map();
      denied.set(site.node, byType);
      const owner = schema.getType(site.typeName);
      for (const t of isAbstractType(owner) ? schema.getPossibleTypes(owner) : [{ name: site.typeName }]) {
        if (!byType.has(t.name)) byType.set(t.name, { coordinate: site.coordinate, argument: input.path.join("."), reads: refused2.reads, decision: refused2.decision });
      }
      break;
    }
  }
  return denied;
}
function argumentValues(site, variables) {
  try {
    return getArgumentValues(site.field, site.node, variables);
  } catch {
    return void 0;
  }
}

// gateway/authorize/prune.ts
import {
  getNamedType,
  isAbstractType as isAbstractType2,
  isCompositeType,
  isIntrospectionType,
  Kind,
  print,
  TypeInfo as TypeInfo2,
  visit as visit2,
  visitWithTypeInfo as visitWithTypeInfo2
} from "graphql";
var isMeta = (name) => name.startsWith("__");
var keyOf = (path15) => path15.map((s) => s.key).join(".");
var possibleTypes = (schema, type) => (isAbstractType2(type) ? schema.getPossibleTypes(type) : [type]).map((t) => t.name);
function pruneOperation(schema, document, operation, decide, deniedNodes = /* @__PURE__ */ new Map()) {
  const fragments = new Map(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const denied = /* @__PURE__ */ new Map();
  const objectPaths = /* @__PURE__ */ new Map();
  const record2 = (entry) => {
    const key = entry.path.map((s) => `${s.key}${s.only ? `<${s.only.join("|")}>` : ""}`).join(".");
    const existing = denied.get(key);
    if (!existing || !entry.byType) denied.set(key, existing && !existing.byType ? existing : entry);
    else if (existing.byType) for (const [t, d] of entry.byType) existing.byType.set(t, d);
  };
  function walk(set, parent, runtime, atPath, prefix) {
    for (const sel of set.selections) {
      if (sel.kind !== Kind.FIELD) {
        const fragment = sel.kind === Kind.INLINE_FRAGMENT ? sel : fragments.get(sel.name.value);
        if (!fragment) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
        if (!condition) continue;
        const within = new Set(possibleTypes(schema, condition));
        const narrowed2 = runtime.filter((t) => within.has(t));
        if (narrowed2.length) walk(fragment.selectionSet, condition, narrowed2, atPath, prefix);
        continue;
      }
      const name = sel.name.value;
      if (isMeta(name)) continue;
      const def = "getFields" in parent ? parent.getFields()[name] : void 0;
      if (!def) continue;
      const narrowed = runtime.length < atPath.length;
      const path15 = [...prefix, { key: sel.alias?.value ?? name, field: name, type: def.type, ...narrowed ? { only: runtime } : {} }];
      const refusedArguments = deniedNodes.get(sel);
      const denials = runtime.map((type) => {
        const argument2 = refusedArguments?.get(type);
        if (argument2) return { type, denial: { coordinate: argument2.coordinate, rule: argument2.decision.rule, argument: argument2 } };
        const decision = decide(`${type}.${name}`);
        return { type, denial: decision.effect === "deny" ? { coordinate: `${type}.${name}`, rule: decision.rule } : void 0 };
      });
      const deniedHere = denials.filter((d) => d.denial !== void 0);
      if (deniedHere.length) {
        const alike = new Set(deniedHere.map((d) => d.denial.argument ? `${d.denial.argument.argument}|${d.denial.argument.reads}|${d.denial.rule}` : d.denial.rule));
        const first = deniedHere[0].denial;
        const everyObject = deniedHere.length === atPath.length && alike.size === 1;
        record2(
          everyObject ? { coordinate: first.argument ? first.coordinate : `${parent.name}.${name}`, rule: first.rule, path: path15, ...first.argument ? { argument: first.argument } : {} } : { coordinate: `${parent.name}.${name}`, rule: "", path: path15, byType: new Map(deniedHere.map((d) => [d.type, d.denial])) }
        );
      }
      const named2 = getNamedType(def.type);
      if (deniedHere.length < denials.length && sel.selectionSet && isCompositeType(named2)) {
        objectPaths.set(keyOf(path15), path15);
        const inside = possibleTypes(schema, named2);
        walk(sel.selectionSet, named2, inside, inside, path15);
      }
    }
  }
  const root = schema.getRootType(operation.operation);
  objectPaths.set("", []);
  walk(operation.selectionSet, root, [root.name], [root.name], []);
  const typenameKey = freeKey(document);
  const askedTypenameKey = `${typenameKey}_asked`;
  const rewritten = removeDenied(schema, document, decide, deniedNodes, typenameKey, askedTypenameKey);
  if (!rewritten) return { document, denied: [], typenameKey, askedTypenameKey, objectPaths: [], schema, changed: false };
  return { document: rewritten, denied: [...denied.values()], typenameKey, askedTypenameKey, objectPaths: [...objectPaths.values()], schema, changed: true };
}
function freeKey(document) {
  const text3 = print(document);
  let key = "_dpg_typename";
  for (let i = 1; text3.includes(key); i++) key = `_dpg_typename${i}`;
  return key;
}
var field = (name, alias) => ({ kind: Kind.FIELD, name: { kind: Kind.NAME, value: name }, ...alias ? { alias: { kind: Kind.NAME, value: alias } } : {} });
var on = (type, selection) => ({
  kind: Kind.INLINE_FRAGMENT,
  typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: type } },
  selectionSet: { kind: Kind.SELECTION_SET, selections: [selection] }
});
function removeDenied(schema, document, decide, deniedNodes, typenameKey, askedTypenameKey) {
  const typeInfo = new TypeInfo2(schema);
  const typename = field("__typename", typenameKey);
  const asked = field("__typename", askedTypenameKey);
  const roots = /* @__PURE__ */ new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  let changed = false;
  const rewritten = visit2(
    document,
    visitWithTypeInfo2(typeInfo, {
      SelectionSet: {
        enter(node) {
          const parent = typeInfo.getParentType();
          if (!parent || isIntrospectionType(parent)) return void 0;
          const types = possibleTypes(schema, parent);
          const selections = node.selections.flatMap((sel) => {
            if (sel.kind === Kind.FIELD && sel.name.value === "__typename" && !sel.alias && !roots.has(parent)) return [asked];
            if (sel.kind !== Kind.FIELD || isMeta(sel.name.value)) return [sel];
            const refused2 = deniedNodes.get(sel);
            const allowed = types.filter((t) => !refused2?.has(t) && decide(`${t}.${sel.name.value}`).effect !== "deny");
            if (allowed.length === types.length) return [sel];
            changed = true;
            return allowed.map((t) => on(t, sel));
          });
          if (isAbstractType2(parent)) selections.push(typename);
          return { ...node, selections };
        },
        leave: (node) => node.selections.length ? void 0 : { ...node, selections: [typename] }
      }
    })
  );
  return changed ? rewritten : void 0;
}

// gateway/authorize/reshape.ts
import { isListType, isNonNullType, isObjectType } from "graphql";

// policies/forbidden.ts
import { GraphQLError } from "graphql";
function forbidden(coordinate, decision) {
  return new GraphQLError(`Forbidden: your access policy does not allow reading ${coordinate} (rule ${decision.rule}).`, {
    extensions: { code: "FORBIDDEN", coordinate, rule: decision.rule }
  });
}
function argumentForbidden(a, decision) {
  const why = decision.effect === "mask" ? `shows you only masked (${decision.mask})` : "does not let you read";
  return {
    message: `Forbidden: argument "${a.argument}" of ${a.coordinate} reads ${a.reads}, which your access policy ${why} (rule ${decision.rule}); leave it out to get the rest.`,
    extensions: { code: "FORBIDDEN", coordinate: a.coordinate, argument: a.argument, reads: a.reads, rule: decision.rule }
  };
}

// gateway/authorize/reshape.ts
function placer(pruned) {
  const typeAt = (obj, step) => {
    const typename = obj[pruned.typenameKey];
    const type = typeof typename === "string" ? pruned.schema.getType(typename) : void 0;
    return isObjectType(type) && type.getFields()[step.field]?.type || step.type;
  };
  function place(obj, d, i, chain, at2, found) {
    const step = d.path[i];
    if (step.only && !step.only.includes(obj[pruned.typenameKey])) return;
    const type = typeAt(obj, step);
    const here = [...chain, { holder: obj, key: step.key, nonNull: isNonNullType(type) }];
    if (i === d.path.length - 1) {
      const denial = d.byType ? d.byType.get(obj[pruned.typenameKey]) : d;
      if (!denial) return;
      obj[step.key] = null;
      found.push({ at: [...at2, step.key], denial, chain: here });
      return;
    }
    const value = obj[step.key];
    if (value !== null && value !== void 0) into(value, type, d, i, here, [...at2, step.key], found);
  }
  function into(value, type, d, i, chain, at2, found) {
    const inner = isNonNullType(type) ? type.ofType : type;
    if (!isListType(inner)) return place(value, d, i + 1, chain, at2, found);
    value.forEach((item, index) => {
      if (item !== null && item !== void 0) into(item, inner.ofType, d, i, [...chain, { holder: value, key: index, nonNull: isNonNullType(inner.ofType) }], [...at2, index], found);
    });
  }
  return { place };
}
function propagate(chain) {
  for (let k = chain.length - 1; k >= 0 && chain[k].nonNull; k--) {
    if (k === 0) return true;
    const { holder, key } = chain[k - 1];
    holder[key] = null;
  }
  return false;
}
function eachObject(value, path15, i, visit7) {
  if (value === null || value === void 0) return;
  if (Array.isArray(value)) return value.forEach((v) => eachObject(v, path15, i, visit7));
  if (i === path15.length) return visit7(value);
  eachObject(value[path15[i].key], path15, i + 1, visit7);
}
function forbiddenError(d, path15) {
  if (d.argument) return { ...argumentForbidden(d.argument, d.argument.decision), path: path15 };
  return {
    message: `Forbidden: your access policy does not allow reading ${d.coordinate} (rule ${d.rule}).`,
    path: path15,
    extensions: { code: "FORBIDDEN", coordinate: d.coordinate, rule: d.rule }
  };
}
function reshape(data, pruned) {
  if (data === void 0 || data === null) return { data, errors: [] };
  const { place } = placer(pruned);
  const placed = pruned.denied.map((d) => {
    const found = [];
    place(data, d, 0, [], [], found);
    return { d, found };
  });
  let rootNulled = false;
  for (const { found } of placed) for (const f of found) rootNulled = propagate(f.chain) || rootNulled;
  const errors = [];
  for (const { d, found } of placed) {
    if (!d.byType) {
      errors.push(forbiddenError(d, found[0]?.at ?? d.path.map((s) => s.key)));
      continue;
    }
    const first = /* @__PURE__ */ new Map();
    for (const f of found) if (!first.has(f.denial.coordinate)) first.set(f.denial.coordinate, f);
    for (const f of first.values()) errors.push(forbiddenError(f.denial, f.at));
  }
  if (rootNulled) return { data: null, errors };
  for (const p of pruned.objectPaths) eachObject(data, p, 0, (obj) => restoreTypename(obj, pruned));
  return { data, errors };
}
function restoreTypename(obj, pruned) {
  delete obj[pruned.typenameKey];
  if (!(pruned.askedTypenameKey in obj)) return;
  const entries = Object.entries(obj);
  for (const [k] of entries) delete obj[k];
  for (const [k, v] of entries) obj[k === pruned.askedTypenameKey ? "__typename" : k] = v;
}

// gateway/authorize/plugin.ts
var NO_POLICY = { effect: "deny", mask: null, rule: "no-valid-policy" };
var MAX_ENTRIES = 2e3;
function authorizationPlugin() {
  const rewrites = new Memo(MAX_ENTRIES);
  const sites = /* @__PURE__ */ new WeakMap();
  const sitesOf = (schema, reads, document) => {
    let found = sites.get(document);
    if (found?.reads !== reads) sites.set(document, found = { reads, sites: readingSites(schema, reads, document) });
    return found.sites;
  };
  return {
    name: "authorize",
    onRequest(state) {
      let pruned;
      return {
        onOperation() {
          const compiled = state.policy;
          const principal = state.principal;
          const schema = state.supergraph.apiSchema;
          const reading = compiled ? sitesOf(schema, compiled.facts.reads, state.document) : [];
          const refused2 = compiled ? deniedArguments(schema, compiled.facts.reads, state.operation, reading, state.params.variables, (c) => compiled.decideRead(principal, c)) : /* @__PURE__ */ new Map();
          const refusedKey = reading.flatMap((s, i) => [...refused2.get(s.node) ?? []].map(([type, d]) => `${i}:${type}:${d.argument}:${d.reads}`)).join(",");
          const key = `${state.supergraph.hash}|${state.fingerprint}|${state.queryHash}|${state.params.operationName ?? ""}|${refusedKey}`;
          const entry = rewrites.get(key, () => {
            const decide = compiled ? (c) => compiled.decide(principal, c) : () => NO_POLICY;
            const p = pruneOperation(schema, state.document, state.operation, decide, refused2);
            return { ...p, queryHash: p.changed ? sha256(print2(p.document)) : state.queryHash };
          });
          if (!entry.changed) return;
          pruned = entry;
          state.document = entry.document;
          state.operation = entry.document.definitions.find((d) => d.kind === "OperationDefinition" && (d.name?.value ?? void 0) === (state.operation.name?.value ?? void 0));
          state.queryHash = entry.queryHash;
        },
        onResult(result) {
          if (!pruned) return;
          const shaped = reshape(result.data, pruned);
          result.data = shaped.data;
          state.errors.push(...shaped.errors);
        }
      };
    }
  };
}

// gateway/introspection/plugin.ts
import { executeSync, Kind as Kind3 } from "graphql";

// gateway/introspection/filterSchema.ts
import {
  buildASTSchema,
  getNamedType as getNamedType2,
  isAbstractType as isAbstractType3,
  isInputObjectType,
  isInterfaceType,
  isNonNullType as isNonNullType2,
  isObjectType as isObjectType2,
  isUnionType,
  Kind as Kind2,
  parse as parse2,
  printSchema,
  visit as visit3
} from "graphql";
var required = (v) => isNonNullType2(v.type) && v.defaultValue === void 0;
function filterSchema(schema, visibility) {
  const types = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith("__"));
  const composites = types.filter((t) => isObjectType2(t) || isInterfaceType(t));
  const inputs = types.filter(isInputObjectType);
  const inputShown = new Map(inputs.map((t) => [t.name, new Set(Object.values(t.getFields()).filter((f) => !visibility.inputField || visibility.inputField(`${t.name}.${f.name}`)).map((f) => f.name))]));
  const inputHidden = /* @__PURE__ */ new Set();
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of inputs) {
      if (inputHidden.has(t.name)) continue;
      const fields = inputShown.get(t.name);
      for (const f of Object.values(t.getFields())) if (inputHidden.has(getNamedType2(f.type).name)) fields.delete(f.name);
      if (fields.size === 0 || Object.values(t.getFields()).some((f) => required(f) && !fields.has(f.name))) inputHidden.add(t.name), changed = true;
    }
  }
  const usable = (owner, f, arg) => !inputHidden.has(getNamedType2(f.args.find((a) => a.name === arg).type).name) && (!visibility.argument || visibility.argument(`${owner}.${f.name}(${arg}:)`));
  const shown = /* @__PURE__ */ new Map();
  for (const t of composites) {
    const concrete = isAbstractType3(t) ? schema.getPossibleTypes(t).map((p) => p.name) : [t.name];
    const fields = Object.values(t.getFields()).filter(
      (f) => concrete.some((c) => visibility.field(`${c}.${f.name}`)) && f.args.every((a) => !required(a) || usable(t.name, f, a.name))
    );
    shown.set(t.name, new Set(fields.map((f) => f.name)));
  }
  const unionMembers = new Map(types.filter(isUnionType).map((u) => [u.name, new Set(u.getTypes().map((m) => m.name))]));
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean).map((t) => t.name);
  const hidden = (name) => shown.has(name) ? shown.get(name).size === 0 && name !== schema.getQueryType()?.name : unionMembers.has(name) ? unionMembers.get(name).size === 0 : false;
  for (let changed = true; changed; ) {
    changed = false;
    const drop = (set, item) => set.delete(item) && (changed = true);
    for (const members of unionMembers.values()) for (const m of members) if (hidden(m)) drop(members, m);
    for (const t of composites) {
      const fields = shown.get(t.name);
      for (const f of fields) if (hidden(getNamedType2(t.getFields()[f].type).name)) drop(fields, f);
      if (fields.size === 0) continue;
      for (const i of t.getInterfaces()) {
        if (hidden(i.name)) continue;
        for (const f of shown.get(i.name)) if (!fields.has(f)) fields.add(f), changed = true;
      }
    }
  }
  const document = parse2(printSchema(schema));
  const keptRoots = new Set(roots.filter((r) => !hidden(r) || r === schema.getQueryType()?.name));
  const filtered = visit3(document, {
    SchemaDefinition: (node) => ({ ...node, operationTypes: node.operationTypes.filter((o) => keptRoots.has(o.type.name.value)) }),
    ObjectTypeDefinition: (node) => hidden(node.name.value) ? null : { ...node, interfaces: node.interfaces?.filter((i) => !hidden(i.name.value)), fields: node.fields?.filter((f) => shown.get(node.name.value).has(f.name.value)) },
    InterfaceTypeDefinition: (node) => hidden(node.name.value) ? null : { ...node, interfaces: node.interfaces?.filter((i) => !hidden(i.name.value)), fields: node.fields?.filter((f) => shown.get(node.name.value).has(f.name.value)) },
    InputObjectTypeDefinition: (node) => inputHidden.has(node.name.value) ? null : { ...node, fields: node.fields?.filter((f) => inputShown.get(node.name.value).has(f.name.value)) },
    UnionTypeDefinition: (node) => hidden(node.name.value) ? null : { ...node, types: node.types?.filter((m) => unionMembers.get(node.name.value).has(m.name.value)) },
    FieldDefinition: {
      enter(node, _key, _parent, _path, ancestors) {
        const owner = ancestors[ancestors.length - 1];
        if (owner.kind !== Kind2.OBJECT_TYPE_DEFINITION && owner.kind !== Kind2.INTERFACE_TYPE_DEFINITION) return void 0;
        const def = schema.getType(owner.name.value).getFields()[node.name.value];
        return { ...node, arguments: node.arguments?.filter((a) => usable(owner.name.value, def, a.name.value)) };
      }
    }
  });
  return buildASTSchema(withoutUnreachable(filtered, [...keptRoots]), { assumeValidSDL: true });
}
function withoutUnreachable(document, roots) {
  const byName = /* @__PURE__ */ new Map();
  for (const d of document.definitions) if ("name" in d && d.name && d.kind !== Kind2.DIRECTIVE_DEFINITION) byName.set(d.name.value, d);
  const reached = /* @__PURE__ */ new Set();
  const reach = (name) => {
    if (reached.has(name) || !byName.has(name)) return;
    reached.add(name);
    visit3(byName.get(name), { NamedType: (n) => reach(n.name.value) });
  };
  roots.forEach(reach);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of document.definitions) {
      if (d.kind === Kind2.OBJECT_TYPE_DEFINITION && !reached.has(d.name.value) && d.interfaces?.some((i) => reached.has(i.name.value))) {
        reach(d.name.value);
        grew = true;
      }
    }
  }
  for (const d of document.definitions) if (d.kind === Kind2.DIRECTIVE_DEFINITION) visit3(d, { NamedType: (n) => reach(n.name.value) });
  return { ...document, definitions: document.definitions.filter((d) => !("name" in d) || !d.name || d.kind === Kind2.DIRECTIVE_DEFINITION || reached.has(d.name.value)) };
}

// gateway/introspection/plugin.ts
var INTROSPECTION_FIELDS = /* @__PURE__ */ new Set(["__schema", "__type"]);
var MAX_SCHEMAS = 64;
function introspectionPart(document, operation) {
  const keys = /* @__PURE__ */ new Set();
  const fragments = new Map(document.definitions.filter((d) => d.kind === Kind3.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const rootFragments = /* @__PURE__ */ new Set();
  const only = (set) => {
    const selections = set.selections.flatMap((s) => {
      if (s.kind === Kind3.FIELD) {
        if (!INTROSPECTION_FIELDS.has(s.name.value)) return [];
        keys.add(s.alias?.value ?? s.name.value);
        return [s];
      }
      if (s.kind === Kind3.INLINE_FRAGMENT) return [{ ...s, selectionSet: only(s.selectionSet) }];
      const f = fragments.get(s.name.value);
      if (!f) return [];
      if (!rootFragments.has(f.name.value)) {
        rootFragments.add(f.name.value);
        fragments.set(f.name.value, { ...f, selectionSet: only(f.selectionSet) });
      }
      return [s];
    });
    return { ...set, selections: selections.length ? selections : [{ kind: Kind3.FIELD, name: { kind: Kind3.NAME, value: "__typename" } }] };
  };
  const root = { ...operation, selectionSet: only(operation.selectionSet) };
  if (!keys.size) return void 0;
  return { document: { kind: Kind3.DOCUMENT, definitions: [root, ...fragments.values()] }, keys };
}
function introspectionPlugin() {
  const schemas = new Memo(MAX_SCHEMAS);
  return {
    name: "introspection",
    onRequest(state) {
      return {
        onResult(result) {
          const part = introspectionPart(state.document, state.operation);
          const data = result.data;
          if (!part || !data) return;
          const compiled = state.policy;
          const principal = state.principal;
          const fingerprint = compiled?.fingerprint(principal) ?? "no-policy";
          const usable = (c) => compiled !== void 0 && (compiled.facts.reads.get(c) ?? []).every((read2) => compiled.decideRead(principal, read2).effect === "allow");
          const schema = schemas.get(
            `${state.supergraph.hash}|${fingerprint}`,
            () => filterSchema(state.supergraph.apiSchema, { field: (c) => compiled !== void 0 && compiled.decide(principal, c).effect !== "deny", argument: usable, inputField: usable })
          );
          const answer = executeSync({ schema, document: part.document, variableValues: state.params.variables, operationName: state.operation.name?.value });
          const own = answer.data ?? {};
          for (const key of part.keys) if (key in data) data[key] = own[key] ?? null;
        }
      };
    }
  };
}

// gateway/limits/costModel.ts
import { Kind as Kind4, parse as parse3 } from "graphql";
var named = (d, ...names) => names.includes(d.name.value);
var argument = (d, name) => d.arguments?.find((a) => a.name.value === name)?.value;
var intArg = (d, name) => {
  const v = argument(d, name);
  return v?.kind === Kind4.INT ? Number(v.value) : void 0;
};
var stringsArg = (d, name) => {
  const v = argument(d, name);
  if (v?.kind === Kind4.STRING) return [v.value];
  return v?.kind === Kind4.LIST ? v.values.filter((x) => x.kind === Kind4.STRING).map((x) => x.value) : void 0;
};
var stringArg = (d, name) => {
  const v = argument(d, name);
  return v?.kind === Kind4.STRING || v?.kind === Kind4.ENUM || v?.kind === Kind4.BOOLEAN ? String(v.value) : void 0;
};
var COST = ["cost", "cost__cost"];
var LIST_SIZE = ["listSize", "cost__listSize"];
function weightOf(directives) {
  const d = directives?.find((x) => named(x, ...COST));
  return d ? intArg(d, "weight") : void 0;
}
function costModelFromSupergraph(supergraphSdl) {
  const doc = parse3(supergraphSdl);
  const graphNames = /* @__PURE__ */ new Map();
  for (const d of doc.definitions) {
    if (d.kind !== Kind4.ENUM_TYPE_DEFINITION || d.name.value !== "join__Graph") continue;
    for (const v of d.values ?? []) {
      const g = v.directives?.find((x) => named(x, "join__graph"));
      graphNames.set(v.name.value, (g && stringArg(g, "name")) ?? v.name.value.toLowerCase());
    }
  }
  const graphOf = (d) => graphNames.get(stringArg(d, "graph") ?? "");
  const fields = /* @__PURE__ */ new Map();
  const typeWeights = /* @__PURE__ */ new Map();
  for (const def of doc.definitions) {
    if (def.kind !== Kind4.OBJECT_TYPE_DEFINITION && def.kind !== Kind4.INTERFACE_TYPE_DEFINITION && def.kind !== Kind4.SCALAR_TYPE_DEFINITION && def.kind !== Kind4.ENUM_TYPE_DEFINITION) continue;
    const type = def.name.value;
    const typeWeight = weightOf(def.directives);
    if (typeWeight !== void 0) typeWeights.set(type, typeWeight);
    if (def.kind !== Kind4.OBJECT_TYPE_DEFINITION && def.kind !== Kind4.INTERFACE_TYPE_DEFINITION) continue;
    const typeGraphs = (def.directives ?? []).filter((d) => named(d, "join__type")).map(graphOf).filter((g) => g !== void 0);
    for (const f of def.fields ?? []) {
      const joins = (f.directives ?? []).filter((d) => named(d, "join__field") && stringArg(d, "graph") && stringArg(d, "external") !== "true");
      const own = joins.map(graphOf).filter((g) => g !== void 0);
      const sizing = f.directives?.find((d) => named(d, ...LIST_SIZE));
      fields.set(`${type}.${f.name.value}`, {
        subgraphs: own.length ? own : typeGraphs,
        weight: weightOf(f.directives),
        listSize: sizing && { assumedSize: intArg(sizing, "assumedSize"), slicingArguments: stringsArg(sizing, "slicingArguments"), sizedFields: stringsArg(sizing, "sizedFields") }
      });
    }
  }
  return {
    field: (type, field2) => fields.get(`${type}.${field2}`),
    typeWeight: (type) => typeWeights.get(type)
  };
}

// gateway/limits/limits.ts
var RATES = ["requestsPerSecond", "costPerMinute"];
var generous = (key, values) => RATES.includes(key) && values.includes(0) ? 0 : Math.max(...values);
function limitsFor(defaults, rules, principal) {
  const matching = rules.filter((r) => matches(principal, r.to));
  const limits = { ...defaults };
  for (const key of LIMIT_KEYS) {
    const values = matching.map((r) => r[key]).filter((v) => v !== void 0);
    if (values.length) limits[key] = generous(key, values);
  }
  return { limits, rules: matching.map((r) => r.id) };
}
var CHECKS = [
  { key: "depth", code: "DEPTH_LIMIT", what: "nests fields {measured} levels deep; at most {allowed} are allowed" },
  { key: "aliases", code: "ALIAS_LIMIT", what: "uses {measured} aliases; at most {allowed} are allowed" },
  { key: "rootFields", code: "ROOT_FIELD_LIMIT", what: "asks for {measured} root fields; at most {allowed} are allowed" },
  { key: "directives", code: "DIRECTIVE_LIMIT", what: "uses {measured} directives; at most {allowed} are allowed" },
  { key: "cost", code: "COST_LIMIT", what: "has an estimated cost of {measured}; at most {allowed} is allowed (ask for smaller pages with `first`, or fewer nested lists)" }
];
function refusal(m, limits) {
  for (const c of CHECKS) {
    if (m[c.key] > limits[c.key]) {
      const message = `the operation ${c.what.replace("{measured}", String(m[c.key])).replace("{allowed}", String(limits[c.key]))}`;
      return { code: c.code, message, measured: m[c.key], allowed: limits[c.key] };
    }
  }
  return void 0;
}

// gateway/limits/measure.ts
import {
  getNamedType as getNamedType3,
  getNullableType,
  isCompositeType as isCompositeType2,
  isInterfaceType as isInterfaceType2,
  isListType as isListType2,
  isObjectType as isObjectType3,
  Kind as Kind6,
  SchemaMetaFieldDef,
  TypeMetaFieldDef
} from "graphql";

// gateway/pipeline/depth.ts
import { Kind as Kind5 } from "graphql";
var INTROSPECTION_ROOTS = /* @__PURE__ */ new Set(["__schema", "__type"]);
function shapeOf(set) {
  const shape = { depth: 0, nesting: 0, spreads: [] };
  const stack = [{ set, level: 1, nesting: 1, introspection: false }];
  while (stack.length) {
    const { set: s, level, nesting, introspection } = stack.pop();
    if (nesting > shape.nesting) shape.nesting = nesting;
    for (const sel of s.selections) {
      if (sel.kind === Kind5.FIELD) {
        const inside = introspection || INTROSPECTION_ROOTS.has(sel.name.value);
        if (!inside && level > shape.depth) shape.depth = level;
        if (sel.selectionSet) stack.push({ set: sel.selectionSet, level: level + 1, nesting: nesting + 1, introspection: inside });
      } else if (sel.kind === Kind5.INLINE_FRAGMENT) stack.push({ set: sel.selectionSet, level, nesting: nesting + 1, introspection });
      else shape.spreads.push({ name: sel.name.value, level, nesting, introspection });
    }
  }
  return shape;
}
function writtenDepth(document) {
  const out = { depth: 0, nesting: 0 };
  for (const def of document.definitions) {
    if (!("selectionSet" in def) || !def.selectionSet) continue;
    const s = shapeOf(def.selectionSet);
    out.depth = Math.max(out.depth, s.depth);
    out.nesting = Math.max(out.nesting, s.nesting);
  }
  return out;
}
function operationDepth(document, definition) {
  const fragments = new Map(document.definitions.filter((d) => d.kind === Kind5.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const shapes = /* @__PURE__ */ new Map();
  const measured = /* @__PURE__ */ new Map();
  const shape = (name) => {
    let s = shapes.get(name);
    if (!s) shapes.set(name, s = shapeOf(fragments.get(name).selectionSet));
    return s;
  };
  const measure = (s) => s.spreads.reduce(
    (d, sp) => {
      const inner = measured.get(sp.name);
      if (!inner) return d;
      return { depth: sp.introspection ? d.depth : Math.max(d.depth, sp.level - 1 + inner.depth), nesting: Math.max(d.nesting, sp.nesting + inner.nesting) };
    },
    { depth: s.depth, nesting: s.nesting }
  );
  const root = shapeOf(definition.selectionSet);
  const visiting = /* @__PURE__ */ new Set();
  const stack = root.spreads.filter((sp) => fragments.has(sp.name)).map((sp) => ({ name: sp.name, expanded: false }));
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (measured.has(top.name)) {
      stack.pop();
      continue;
    }
    if (top.expanded) {
      stack.pop();
      visiting.delete(top.name);
      measured.set(top.name, measure(shape(top.name)));
      continue;
    }
    top.expanded = true;
    visiting.add(top.name);
    for (const sp of shape(top.name).spreads) if (fragments.has(sp.name) && !measured.has(sp.name) && !visiting.has(sp.name)) stack.push({ name: sp.name, expanded: false });
  }
  return measure(root);
}

// gateway/limits/measure.ts
var ENTITY_FETCH_WEIGHT = 1;
var DEFAULT_SLICING_ARGUMENT = "first";
var add = (a, b) => {
  a.cost += b.cost;
  a.aliases += b.aliases;
  a.directives += b.directives;
};
function measureOperation(input) {
  const { schema, model, document, operation, variables, assumedListSize } = input;
  const fragments = new Map(document.definitions.filter((d) => d.kind === Kind6.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const defaults = new Map(operation.variableDefinitions?.map((v) => [v.variable.name.value, v.defaultValue]) ?? []);
  const sizeVariables = /* @__PURE__ */ new Set();
  const measured = /* @__PURE__ */ new Map();
  function numberArgument(node, def, name) {
    const given = node.arguments?.find((a) => a.name.value === name)?.value;
    if (given?.kind === Kind6.INT) return Number(given.value);
    if (given?.kind === Kind6.VARIABLE) {
      const variable = given.name.value;
      sizeVariables.add(variable);
      const value = variables[variable];
      if (typeof value === "number") return value;
      const fallback2 = value == null ? defaults.get(variable) : void 0;
      if (fallback2?.kind === Kind6.INT) return Number(fallback2.value);
    }
    if (given && given.kind !== Kind6.VARIABLE && given.kind !== Kind6.NULL) return void 0;
    const fallback = def.args.find((a) => a.name === name)?.defaultValue;
    return typeof fallback === "number" ? fallback : void 0;
  }
  function listSize(node, def, sizing) {
    const slicing = sizing?.slicingArguments ?? (def.args.some((a) => a.name === DEFAULT_SLICING_ARGUMENT) ? [DEFAULT_SLICING_ARGUMENT] : []);
    let size;
    for (const name of slicing) {
      const n = numberArgument(node, def, name);
      if (n !== void 0) size = Math.max(size ?? 0, n);
    }
    return Math.max(0, size ?? sizing?.assumedSize ?? assumedListSize);
  }
  function fieldDef(parent, name) {
    if (name === SchemaMetaFieldDef.name && parent === schema.getQueryType()) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name && parent === schema.getQueryType()) return TypeMetaFieldDef;
    return isObjectType3(parent) || isInterfaceType2(parent) ? parent.getFields()[name] : void 0;
  }
  function selectionSet(set, parent, from2, sized) {
    const totals2 = { cost: 0, aliases: 0, directives: 0 };
    for (const sel of set.selections) {
      totals2.directives += sel.directives?.length ?? 0;
      if (sel.kind === Kind6.FIELD) add(totals2, field2(sel, parent, from2, sized));
      else if (sel.kind === Kind6.INLINE_FRAGMENT) add(totals2, selectionSet(sel.selectionSet, sel.typeCondition && schema.getType(sel.typeCondition.name.value) || parent, from2, sized));
      else {
        const fragment = fragments.get(sel.name.value);
        if (!fragment) continue;
        const key = `${sel.name.value}|${from2?.join(",") ?? ""}|${sized ? `${sized.fields.join(",")}:${sized.size}` : ""}`;
        let inner = measured.get(key);
        if (!inner) {
          inner = selectionSet(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? parent, from2, sized);
          inner.directives += fragment.directives?.length ?? 0;
          measured.set(key, inner);
        }
        add(totals2, inner);
      }
    }
    return totals2;
  }
  function field2(node, parent, from2, sized) {
    const aliases = node.alias ? 1 : 0;
    const def = fieldDef(parent, node.name.value);
    if (!def) return { cost: 0, aliases, directives: 0 };
    const returns = getNamedType3(def.type);
    const meta = model.field(parent.name, node.name.value);
    const subgraphs = meta?.subgraphs ?? [];
    const shared2 = from2 ? subgraphs.filter((s) => from2.includes(s)) : subgraphs;
    const crosses = from2 !== void 0 && subgraphs.length > 0 && shared2.length === 0;
    const childFrom = subgraphs.length === 0 ? from2 : shared2.length ? shared2 : subgraphs;
    const weight = meta?.weight ?? model.typeWeight(returns.name) ?? (isCompositeType2(returns) ? 1 : 0);
    let size = sized?.fields.includes(node.name.value) ? sized.size : 1;
    let childSized;
    if (isListType2(getNullableType(def.type)) || meta?.listSize?.sizedFields) {
      const n = listSize(node, def, meta?.listSize);
      if (meta?.listSize?.sizedFields?.length) childSized = { fields: meta.listSize.sizedFields, size: n };
      else size *= n;
    }
    const inner = node.selectionSet ? selectionSet(node.selectionSet, returns, childFrom, childSized) : { cost: 0, aliases: 0, directives: 0 };
    if (def === SchemaMetaFieldDef || def === TypeMetaFieldDef) return { cost: 0, aliases: aliases + inner.aliases, directives: inner.directives };
    return { cost: (crosses ? ENTITY_FETCH_WEIGHT : 0) + size * (weight + inner.cost), aliases: aliases + inner.aliases, directives: inner.directives };
  }
  function rootFields(set, seen) {
    let n = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind6.FIELD) n++;
      else if (sel.kind === Kind6.INLINE_FRAGMENT) n += rootFields(sel.selectionSet, seen);
      else if (!seen.has(sel.name.value) && fragments.has(sel.name.value)) n += rootFields(fragments.get(sel.name.value).selectionSet, /* @__PURE__ */ new Set([...seen, sel.name.value]));
    }
    return n;
  }
  const root = schema.getRootType(operation.operation);
  const totals = root ? selectionSet(operation.selectionSet, root, void 0) : { cost: 0, aliases: 0, directives: 0 };
  const directives = totals.directives + (operation.directives?.length ?? 0) + (operation.variableDefinitions ?? []).reduce((n, v) => n + (v.directives?.length ?? 0), 0);
  return {
    cost: Math.min(Math.round(totals.cost), Number.MAX_SAFE_INTEGER),
    depth: operationDepth(document, operation).depth,
    aliases: totals.aliases,
    rootFields: rootFields(operation.selectionSet, /* @__PURE__ */ new Set()),
    directives,
    sizeVariables: [...sizeVariables].sort()
  };
}

// gateway/limits/rates.ts
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
var RATE_KINDS = {
  requests: { windowSeconds: 1, limit: "requestsPerSecond" },
  cost: { windowSeconds: 60, limit: "costPerMinute" }
};
async function openRateLimiter(options) {
  const limiter = rateLimiter(options);
  await limiter.ready;
  return limiter;
}
function rateLimiter(options) {
  const client2 = options.redis ? redisClient(options.redis, "commands") : void 0;
  const limiters = /* @__PURE__ */ new Map();
  let failing = false;
  const limiterFor = (kind, quota) => {
    const name = `${kind}:${quota}`;
    let limiter = limiters.get(name);
    if (!limiter) {
      const common = { keyPrefix: `${options.keyPrefix}:rl:${name}`, points: quota, duration: RATE_KINDS[kind].windowSeconds };
      limiter = client2 ? new RateLimiterRedis({ ...common, storeClient: client2, rejectIfRedisNotReady: true }) : new RateLimiterMemory(common);
      limiters.set(name, limiter);
    }
    return limiter;
  };
  return {
    ready: client2 ? whenReady(client2, 1e3) : Promise.resolve(true),
    /** Takes `points` from `consumer`'s budget of `quota` per window of this kind. */
    async consume(kind, consumer, points, quota) {
      const { windowSeconds } = RATE_KINDS[kind];
      const policy = `"${kind}";q=${quota};w=${windowSeconds}`;
      const outcome = (allowed, res) => {
        const resetSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1e3));
        return { allowed, policy, state: `"${kind}";r=${Math.max(0, res.remainingPoints)};t=${resetSeconds}`, resetSeconds };
      };
      try {
        const res = await limiterFor(kind, quota).consume(consumer, points);
        if (failing) options.logger.warn("rate-limit store answers again; counting resumes");
        failing = false;
        return outcome(true, res);
      } catch (err) {
        if (err instanceof RateLimiterRes) return outcome(false, err);
        options.onStoreFailure?.();
        if (!failing) options.logger.warn({ err: err?.message ?? String(err) }, "rate-limit store unreachable; requests pass uncounted until it answers");
        failing = true;
        return { allowed: true, policy, state: `"${kind}";r=${quota};t=${windowSeconds}`, resetSeconds: windowSeconds };
      }
    },
    close() {
      client2?.disconnect();
    }
  };
}

// gateway/limits/plugin.ts
var MAX_OPERATIONS = 2e3;
function limitsPlugin({ config, rates, metrics }) {
  const refusals = counter(metrics, "dpg_demand_control_refusals_total", "Operations refused before planning, by extensions.code", ["code"]);
  const rateRefusals = counter(metrics, "dpg_rate_limit_refusals_total", "Requests refused with 429, by the limit they reached", ["limit"]);
  const defaults = {
    cost: config.maxCost,
    depth: config.maxDepth,
    aliases: config.maxAliases,
    rootFields: config.maxRootFields,
    directives: config.maxDirectives,
    batchSize: config.maxBatchSize,
    requestsPerSecond: config.requestsPerSecond,
    costPerMinute: config.costPerMinute
  };
  let model;
  const modelOf = (s) => model?.hash === s.hash ? model.model : (model = { hash: s.hash, model: costModelFromSupergraph(s.sdl) }).model;
  const sizeVariables = new Memo(MAX_OPERATIONS);
  const measurements = new Memo(MAX_OPERATIONS);
  function measure(state) {
    const run = () => measureOperation({ schema: state.supergraph.apiSchema, model: modelOf(state.supergraph), document: state.document, operation: state.operation, variables: state.params.variables, assumedListSize: config.assumedListSize });
    const operation = `${state.supergraph.hash}|${state.queryHash}|${state.params.operationName ?? ""}`;
    let fresh;
    const names = sizeVariables.get(operation, () => (fresh = run()).sizeVariables);
    const values = names.map((n) => typeof state.params.variables[n] === "number" ? state.params.variables[n] : "-");
    return measurements.get(`${operation}|${values.join(",")}`, () => fresh ?? run());
  }
  async function take(kind, state, points, quota, taken) {
    const outcome = await rates.consume(kind, state.principal.subject, points, quota);
    taken.push(outcome);
    const headers = { "ratelimit-policy": taken.map((t) => t.policy).join(", "), ratelimit: taken.map((t) => t.state).join(", ") };
    if (outcome.allowed) return void Object.assign(state.headers, headers);
    const limit = RATE_KINDS[kind].limit;
    rateRefusals.inc({ limit });
    const what = kind === "requests" ? `${quota} requests per second` : points > quota ? `a cost of ${quota} per minute, and this operation alone costs ${points}` : `a cost of ${quota} per minute`;
    throw new HttpError(429, `rate limit reached: you may send ${what}; retry in ${outcome.resetSeconds} s`, { code: "RATE_LIMITED", limit, allowed: quota, retryAfter: outcome.resetSeconds }, { ...headers, "retry-after": String(outcome.resetSeconds) });
  }
  return {
    name: "limits",
    async onRequest(state) {
      const { limits } = limitsFor(defaults, state.policy?.rules.limits.map((l) => l.rule) ?? [], state.principal);
      const taken = [];
      if (limits.requestsPerSecond > 0) await take("requests", state, 1, limits.requestsPerSecond, taken);
      if (config.demandControl === "off" && limits.costPerMinute === 0) return;
      let measured;
      return {
        async onOperation() {
          measured = measure(state);
          if (config.demandControl === "enforce") {
            const refused2 = refusal(measured, limits);
            if (refused2) {
              refusals.inc({ code: refused2.code });
              throw new HttpError(400, refused2.message, { code: refused2.code, measured: refused2.measured, allowed: refused2.allowed });
            }
          }
          if (limits.costPerMinute > 0 && measured.cost > 0) await take("cost", state, measured.cost, limits.costPerMinute, taken);
        },
        onResult(result) {
          if (config.demandControl !== "measure" || !measured) return;
          const { sizeVariables: _, ...figures } = measured;
          result.extensions = { ...result.extensions, cost: { mode: "measure", ...figures, limits: { cost: limits.cost, depth: limits.depth, aliases: limits.aliases, rootFields: limits.rootFields, directives: limits.directives } } };
        }
      };
    }
  };
}

// gateway/plugins/usage.ts
import { getOperationAST, parse as parse4, print as print3 } from "graphql";

// gateway/plugins/usageCoordinates.ts
import {
  getNamedType as getNamedType4,
  getNullableType as getNullableType2,
  isEnumType,
  isInputObjectType as isInputObjectType2,
  isListType as isListType3,
  Kind as Kind7,
  TypeInfo as TypeInfo3,
  typeFromAST,
  visit as visit4,
  visitWithTypeInfo as visitWithTypeInfo3
} from "graphql";
var carriesInputs = (type) => {
  const named2 = getNamedType4(type);
  return isInputObjectType2(named2) || isEnumType(named2);
};
function reachableFragments(doc, operation) {
  const fragments = new Map(doc.definitions.filter((d) => d.kind === Kind7.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const reached = /* @__PURE__ */ new Map();
  const walk = (node) => visit4(node, {
    FragmentSpread(spread) {
      const f = fragments.get(spread.name.value);
      if (f && !reached.has(f.name.value)) {
        reached.set(f.name.value, f);
        walk(f);
      }
    }
  });
  walk(operation);
  return [...reached.values()];
}
function operationUsage(schema, doc, operation) {
  const found = /* @__PURE__ */ new Set();
  const typeInfo = new TypeInfo3(schema);
  const visitor = visitWithTypeInfo3(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType();
      if (parent && !node.name.value.startsWith("__")) found.add(`${parent.name}.${node.name.value}`);
    },
    Argument(node) {
      const parent = typeInfo.getParentType();
      const field2 = typeInfo.getFieldDef();
      if (!typeInfo.getDirective() && parent && field2) found.add(`${parent.name}.${field2.name}(${node.name.value}:)`);
    },
    ObjectValue() {
      const type = typeInfo.getInputType();
      if (type) found.add(getNamedType4(type).name);
    },
    ObjectField(node) {
      const parent = typeInfo.getParentInputType();
      const named2 = parent && getNamedType4(parent);
      if (named2 && isInputObjectType2(named2)) found.add(`${named2.name}.${node.name.value}`);
    },
    EnumValue(node) {
      const type = typeInfo.getInputType();
      if (type) found.add(`${getNamedType4(type).name}.${node.value}`);
    },
    Directive(node) {
      found.add(`@${node.name.value}`);
    }
  });
  for (const node of [operation, ...reachableFragments(doc, operation)]) visit4(node, visitor);
  const variables = (operation.variableDefinitions ?? []).flatMap((v) => {
    const type = typeFromAST(schema, v.type);
    return type && carriesInputs(type) ? [{ name: v.variable.name.value, type }] : [];
  });
  return { coordinates: [...found], variables };
}
function valueCoordinates(type, value, out = /* @__PURE__ */ new Set(), budget = { nodes: 1e4 }) {
  if (value == null || budget.nodes-- <= 0) return out;
  const inner = getNullableType2(type);
  if (isListType3(inner)) {
    for (const item of Array.isArray(value) ? value : [value]) valueCoordinates(inner.ofType, item, out, budget);
  } else if (isEnumType(inner) && typeof value === "string") {
    out.add(`${inner.name}.${value}`);
  } else if (isInputObjectType2(inner) && typeof value === "object") {
    out.add(inner.name);
    const fields = inner.getFields();
    for (const [name, v] of Object.entries(value)) {
      if (!fields[name]) continue;
      out.add(`${inner.name}.${name}`);
      valueCoordinates(fields[name].type, v, out, budget);
    }
  }
  return out;
}

// gateway/plugins/usage.ts
var CLIENT_HEADER = "apollographql-client-name";
var MAX_CACHED_OPERATIONS = 1e3;
function clientOf(state) {
  const header = state.http.headers[CLIENT_HEADER];
  const named2 = (Array.isArray(header) ? header[0] : header)?.replace(/[\u0000-\u001f]/g, "").trim().slice(0, 200);
  if (named2) return { client: named2, clientKind: "app" };
  if (state.apiKeyId) return { client: state.apiKeyId, clientKind: "api-key" };
  return { client: state.principal?.subject || "anonymous", clientKind: "user" };
}
function usagePlugin(options) {
  const maxLines = options.maxLines ?? 1e4;
  let pending = /* @__PURE__ */ new Map();
  let inFlight;
  let failing = false;
  let dropped = 0;
  let schemaSeen;
  const operations = new Memo(MAX_CACHED_OPERATIONS);
  function usageOf2(schema, query, operationName) {
    if (schema !== schemaSeen) {
      operations.clear();
      schemaSeen = schema;
    }
    return operations.get(`${operationName ?? ""}\0${query}`, () => {
      const doc = parse4(query);
      const operation = getOperationAST(doc, operationName);
      return operation ? { ...operationUsage(schema, doc, operation), hash: sha256(query), name: operation.name?.value ?? null } : null;
    });
  }
  function record2(line, requests = 1) {
    const key = `${line.clientKind}\0${line.client}\0${line.operationHash}\0${line.coordinates.join(",")}`;
    const seen = pending.get(key);
    if (seen) seen.requests += requests;
    else if (pending.size < maxLines) pending.set(key, { ...line, requests });
    else dropped += requests;
  }
  async function send2() {
    if (pending.size === 0) return;
    const batch = pending;
    pending = /* @__PURE__ */ new Map();
    try {
      const res = await fetch(`${options.registryUrl}/usage`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.token}` },
        body: JSON.stringify({ lines: [...batch.values()] }),
        signal: AbortSignal.timeout(1e4)
      });
      if (res.status >= 400 && res.status < 500) {
        if (!failing) options.logger.error({ status: res.status, body: await res.text().catch(() => "") }, "registry refused the usage report; dropping it");
        failing = true;
        return;
      }
      if (!res.ok) throw new Error(`registry answered ${res.status}`);
      if (failing) options.logger.info("usage reporting works again");
      failing = false;
    } catch (err) {
      if (!failing) options.logger.warn({ err: err.message }, "usage report not delivered; keeping it for the next try");
      failing = true;
      for (const line of batch.values()) record2(line, line.requests);
    }
    if (dropped) {
      options.logger.warn({ dropped }, "usage lines dropped: more distinct operations than USAGE buffer holds");
      dropped = 0;
    }
  }
  const flush = () => {
    inFlight ??= send2().finally(() => inFlight = void 0);
    return inFlight;
  };
  const timer = setInterval(() => void flush(), options.flushIntervalMs);
  timer.unref();
  return {
    name: "usage",
    // onResponse, not onResult: answers from the response cache are usage too,
    // and a dashboard served from cache must not look unused to the checks.
    onRequest: (state) => ({
      onResponse(reply2) {
        if (!reply2 || (reply2.status ?? 200) !== 200) return;
        const query = state.params.query ?? (state.document && print3(state.document));
        if (!query) return;
        try {
          const usage = usageOf2(state.supergraph.apiSchema, query, state.params.operationName);
          if (!usage) return;
          const coordinates = new Set(usage.coordinates);
          for (const v of usage.variables) valueCoordinates(v.type, state.params.variables[v.name], coordinates);
          record2({ ...clientOf(state), operationName: usage.name, operationHash: usage.hash, coordinates: [...coordinates].sort() });
        } catch (err) {
          options.logger.warn({ err: err.message }, "could not compute usage of an operation");
        }
      }
    }),
    flush,
    async close() {
      clearInterval(timer);
      await inFlight;
      await flush();
    }
  };
}

// policies/callClaims.ts
var POLICY_VERSION_CLAIM = "pv";
var callClaims = (call) => ({
  ...claimsOf(call.principal),
  ...call.policyVersion ? { [POLICY_VERSION_CLAIM]: call.policyVersion } : {}
});
function callFromClaims(claims) {
  const version = claims[POLICY_VERSION_CLAIM];
  return { principal: principalFromClaims(claims), ...typeof version === "string" && version ? { policyVersion: version } : {} };
}

// gateway/subgraphs/identity.ts
var TTL_SECONDS = 60;
var MAX_ENTRIES2 = 1e4;
var GATEWAY_PRINCIPAL = { subject: "gateway", roles: ["gateway"], scopes: [], attributes: {} };
function identityMinter(signer) {
  const cache = /* @__PURE__ */ new Map();
  return async function tokenFor(call, subgraph) {
    const claims = callClaims({ principal: call.principal ?? GATEWAY_PRINCIPAL, policyVersion: call.policyVersion });
    const key = `${subgraph}\0${JSON.stringify(claims)}`;
    const hit = cache.get(key);
    if (hit && hit.renewAt > Date.now()) return hit.token;
    const token = await signer.sign(claims, subgraph, TTL_SECONDS);
    if (cache.size >= MAX_ENTRIES2) cache.clear();
    cache.set(key, { token, renewAt: Date.now() + TTL_SECONDS * 1e3 / 2 });
    return token;
  };
}

// gateway/subgraphs/dataSource.ts
import { RemoteGraphQLDataSource } from "@apollo/gateway";
import { GraphQLError as GraphQLError2 } from "graphql";

// platform/cache/singleFlight.ts
function singleFlight(share = (v) => v) {
  const flights = /* @__PURE__ */ new Map();
  const outcome = (flight) => flight.promise.then((v) => flight.callers > 1 ? share(v) : v);
  function join2(key) {
    const existing = flights.get(key);
    if (existing) {
      existing.callers++;
      return { leader: false, result: outcome(existing) };
    }
    let settle;
    let fail;
    const promise = new Promise((resolve, reject) => (settle = resolve, fail = reject));
    promise.catch(() => {
    });
    flights.set(key, { promise, callers: 1 });
    const done = () => flights.delete(key);
    return {
      leader: true,
      settle(value, holdUntil) {
        settle(value);
        if (!holdUntil) return void done();
        holdUntil.finally(() => setImmediate(done)).catch(() => {
        });
      },
      fail: (error) => (done(), fail(error))
    };
  }
  return {
    join: join2,
    get inFlight() {
      return flights.size;
    },
    async run(key, work) {
      const joined = join2(key);
      if (!joined.leader) return { value: await joined.result, shared: true };
      const flight = flights.get(key);
      work().then(joined.settle, joined.fail);
      return { value: await outcome(flight), shared: false };
    }
  };
}

// gateway/subgraphs/dedup.ts
var MUTATION = /^\{"query":"\s*mutation\b/;
function headerList(headers) {
  const entries = headers instanceof Headers ? [...headers.entries()] : Array.isArray(headers) ? headers : Object.entries(headers ?? {});
  return entries.map(([k, v]) => `${k.toLowerCase()}:${v}`).sort().join("\n");
}
function dedupFetcher(fetcher, onShared) {
  const flights = singleFlight();
  return async (url2, init) => {
    const body = typeof init.body === "string" ? init.body : void 0;
    if (body === void 0 || MUTATION.test(body)) return fetcher(url2, init);
    const key = digest(init.method ?? "POST", url2, headerList(init.headers), body);
    const { value, shared: shared2 } = await flights.run(key, async () => {
      const res = await fetcher(url2, init);
      return { status: res.status, statusText: res.statusText, headers: [...res.headers.entries()], body: await res.text() };
    });
    if (shared2) onShared?.();
    return new Response(value.body, { status: value.status, statusText: value.statusText, headers: value.headers });
  };
}

// gateway/subgraphs/dataSource.ts
var SubgraphDataSource = class extends RemoteGraphQLDataSource {
  name;
  identity;
  constructor(options) {
    super({ url: options.url });
    this.name = options.name;
    this.identity = options.identity;
    this.fetcher = dedupFetcher((url2, init) => fetch(url2, { ...init, signal: AbortSignal.timeout(options.timeoutMs) }));
  }
  async willSendRequest(options) {
    const call = callOf(options) ?? { audit: [] };
    if (this.identity) options.request.http.headers.set("authorization", `Bearer ${await this.identity(call, this.name)}`);
  }
  async process(options) {
    let response;
    try {
      response = await super.process(options);
    } catch (err) {
      throw subgraphFailure(this.name, err);
    }
    const audit = response.extensions?.dpgAudit;
    if (Array.isArray(audit)) callOf(options)?.audit.push(...audit.map((a) => ({ ...a, source: this.name })));
    return response;
  }
};
var callOf = (options) => "incomingRequestContext" in options ? options.context : void 0;
function subgraphFailure(subgraph, err) {
  const status = err.extensions?.response;
  const refusal2 = status?.body?.errors?.[0];
  if (refusal2?.message) {
    return new GraphQLError2(refusal2.message, { extensions: { code: refusal2.extensions?.code ?? "BAD_USER_INPUT", subgraph } });
  }
  const cause = err;
  const reason = status?.status ? `answered HTTP ${status.status}` : cause.name === "TimeoutError" ? "timed out" : `is unreachable (${cause.cause?.code ?? cause.message})`;
  return new GraphQLError2(`subgraph "${subgraph}" ${reason}`, {
    extensions: { code: "SUBGRAPH_UNAVAILABLE", subgraph, ...status?.status ? { status: status.status } : {} }
  });
}

// platform/log.ts
import { pino } from "pino";
function createLogger(service, level = process.env.LOG_LEVEL ?? "info") {
  return pino({ name: service, level, base: { service } });
}

// platform/probes.ts
import { createHash as createHash2, timingSafeEqual } from "node:crypto";
var digest2 = (s) => createHash2("sha256").update(s).digest();
function probeRoutes(service, readiness2, metrics, options = {}) {
  const expected = options.metricsToken ? digest2(options.metricsToken) : void 0;
  return {
    "GET /health": () => ({ body: { status: "ok", service } }),
    "GET /ready": async () => {
      const state = await readiness2();
      if (state.ready || state.state === "degraded") return { body: { service, ...state } };
      return { status: 503, body: { ...errorBody(503, `${service} is not ready: ${state.reason ?? "see the details"}`), service, ...state } };
    },
    "GET /metrics": async (req) => {
      if (expected) {
        const token = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ""))?.[1];
        if (!token) throw new HttpError(401, 'metrics need "Authorization: Bearer <METRICS_TOKEN>"', {}, { "www-authenticate": 'Bearer realm="metrics"' });
        if (!timingSafeEqual(digest2(token), expected)) throw new HttpError(403, "this token may not read metrics");
      }
      return { headers: { "content-type": metrics.contentType }, body: await metrics.metrics() };
    }
  };
}

// gateway/persistedQueries/safelist.ts
import fs3 from "node:fs";
import path3 from "node:path";
import { parse as parse5, print as print4 } from "graphql";
var canonical = (text3) => print4(parse5(text3));
var MAX_MEMO = 1e3;
function safelistOf(texts) {
  const byHash = /* @__PURE__ */ new Map();
  const printed = /* @__PURE__ */ new Set();
  for (const text3 of texts) {
    const normal = canonical(text3);
    byHash.set(sha256(text3), text3);
    byHash.set(sha256(normal), normal);
    printed.add(normal);
  }
  const memo = /* @__PURE__ */ new Map();
  return {
    size: texts.length,
    byHash: (hash) => byHash.get(hash),
    allows(query) {
      if (byHash.has(sha256(query))) return true;
      let ok = memo.get(query);
      if (ok === void 0) {
        try {
          ok = printed.has(canonical(query));
        } catch {
          ok = false;
        }
        if (memo.size >= MAX_MEMO) memo.clear();
        memo.set(query, ok);
      }
      return ok;
    }
  };
}
function loadSafelist(dir) {
  if (!fs3.existsSync(dir)) throw new Error(`PERSISTED_QUERIES=safelist: folder "${dir}" does not exist`);
  const files = fs3.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".graphql")).sort();
  const texts = files.map((f) => {
    const text3 = fs3.readFileSync(path3.join(dir, f), "utf8");
    try {
      canonical(text3);
    } catch (err) {
      throw new Error(`${path3.join(dir, f)}: ${err.message}`);
    }
    return text3;
  });
  return safelistOf(texts);
}

// gateway/responseCache/key.ts
var SHA256_HEX = /^[0-9a-f]{64}$/;
function persistedQueryHash(params) {
  const pq = params.extensions.persistedQuery;
  return typeof pq?.sha256Hash === "string" && SHA256_HEX.test(pq.sha256Hash) ? pq.sha256Hash : void 0;
}
function queryIdOf(params) {
  return params.query !== void 0 ? sha256(params.query) : persistedQueryHash(params);
}
function responseKey(namespace2, p) {
  return `${namespace2}:r:${digest(p.queryId, p.operationName ?? "", stableJson(p.variables), p.fingerprint, p.supergraph, p.policyVersion)}`;
}
var responseTag = (namespace2, type) => `${namespace2}:rt:${type}`;

// gateway/plugins/persistedQueries.ts
var reply = (status, message, code) => ({
  answer: {
    status,
    headers: { "cache-control": "private, no-cache, must-revalidate" },
    body: { errors: [{ message, extensions: { code } }] }
  }
});
var apqKey = (namespace2, hash) => `${namespace2}:pq:${hash}`;
function persistedQueriesPlugin(options) {
  const { mode, store, safelist } = options;
  if (mode === "safelist" && !safelist) throw new Error("safelist mode needs a safelist");
  const ttlMs = (options.ttlSeconds ?? 24 * 3600) * 1e3;
  return {
    name: "persisted-queries",
    async onRequest({ params }) {
      const pq = params.extensions.persistedQuery;
      if (pq !== void 0) {
        if (mode === "off") return reply(200, "PersistedQueryNotSupported", "PERSISTED_QUERY_NOT_SUPPORTED");
        if (pq?.version !== 1) return reply(400, "Unsupported persisted query version", "BAD_REQUEST");
        const hash = persistedQueryHash(params);
        if (!hash) return reply(400, "persistedQuery.sha256Hash must be 64 lowercase hex digits", "BAD_REQUEST");
        const key = apqKey(options.namespace, hash);
        if (params.query === void 0) {
          const text3 = mode === "safelist" ? safelist.byHash(hash) : store ? (await store.mget([key]))[0] : void 0;
          if (text3 === void 0) return reply(200, "PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND");
          params.query = text3;
          return;
        }
        if (sha256(params.query) !== hash) return reply(400, "provided sha does not match query", "BAD_REQUEST");
        if (mode === "apq") void store?.set([{ key, value: params.query, ttlMs }]);
      }
      if (mode === "safelist" && params.query !== void 0 && !safelist.allows(params.query)) {
        return reply(400, "this gateway runs only safelisted operations, and this one is not in the safelist", "OPERATION_NOT_SAFELISTED");
      }
    }
  };
}

// platform/cache/redo.ts
function redoUntilDone(retryMs = 1e3) {
  const queue = [];
  let timer;
  const drain = async () => {
    timer = void 0;
    while (queue.length) {
      if (!await queue[0]()) return schedule2();
      queue.shift();
    }
  };
  const schedule2 = () => {
    timer ??= setTimeout(() => void drain(), retryMs);
    timer.unref();
  };
  return {
    /** Resolves true when done now, false when queued for later. */
    async run(work) {
      if (queue.length === 0 && await work()) return true;
      queue.push(work);
      schedule2();
      return false;
    },
    get pending() {
      return queue.length;
    },
    stop() {
      clearTimeout(timer);
    }
  };
}

// platform/cache/invalidation.ts
var invalidationChannel = (namespace2) => `${namespace2}:invalidate`;
var TYPE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
function invalidationProblems(input) {
  const body = input;
  if (!body || typeof body !== "object" || Array.isArray(body)) return ['body must be a JSON object like {"types": ["Account"], "keys": ["acc-000001"]}'];
  const problems = [];
  if (!Array.isArray(body.types) || body.types.length === 0) problems.push('"types" must list at least one type name');
  else for (const t of body.types) if (typeof t !== "string" || !TYPE_NAME.test(t)) problems.push(`"${String(t)}" is not a GraphQL type name`);
  if (body.keys !== void 0 && (!Array.isArray(body.keys) || body.keys.some((k) => typeof k !== "string" && typeof k !== "number"))) {
    problems.push('"keys" must be a list of entity keys');
  }
  return problems;
}
function decodeInvalidation(message) {
  try {
    const parsed = JSON.parse(message);
    return typeof parsed.subgraph === "string" && invalidationProblems(parsed).length === 0 ? parsed : void 0;
  } catch {
    return void 0;
  }
}
function invalidationPublisher(bus, namespace2, retryMs = 1e3) {
  const channel = invalidationChannel(namespace2);
  const redo = redoUntilDone(retryMs);
  return {
    /** Resolves true when published now, false when queued for a retry. */
    publish(invalidation) {
      const { subgraph, types, keys, origin } = invalidation;
      const message = JSON.stringify({ subgraph, types, ...keys ? { keys: keys.map(String) } : {}, ...origin ? { origin } : {} });
      return redo.run(() => bus.publish(channel, message));
    },
    get pending() {
      return redo.pending;
    },
    stop: () => redo.stop()
  };
}

// platform/cache/productPolicy.ts
function cachePolicyByType(products) {
  const byType = /* @__PURE__ */ new Map();
  for (const p of products) {
    for (const type of p.types) {
      const seen = byType.get(type);
      byType.set(type, {
        ttlSeconds: Math.min(seen?.ttlSeconds ?? Infinity, p.freshnessSeconds),
        cacheable: (seen?.cacheable ?? true) && p.cacheable !== false && p.freshnessSeconds > 0
      });
    }
  }
  return byType;
}
function combinedPolicy(types, byType, maxSeconds) {
  let ttlSeconds = maxSeconds;
  let cacheable = true;
  const unknown = [];
  for (const type of types) {
    const policy = byType.get(type);
    if (!policy) {
      unknown.push(type);
      cacheable = false;
      continue;
    }
    cacheable &&= policy.cacheable;
    ttlSeconds = Math.min(ttlSeconds, policy.ttlSeconds);
  }
  return { ttlSeconds, cacheable: cacheable && ttlSeconds > 0, unknown };
}

// gateway/responseCache/entry.ts
var bodyKey = (key) => `${key}:body`;
var headOf = (e) => ({ storedAt: e.storedAt, ttlMs: e.ttlMs, status: e.status, etag: digest(e.body) });
function encodeHead(h) {
  return `${h.storedAt} ${h.ttlMs} ${h.status} ${h.etag}`;
}
function decodeHead(raw2) {
  const [storedAt, ttlMs, status, etag] = raw2.split(" ");
  const numbers = [storedAt, ttlMs, status].map(Number);
  if (!etag || numbers.some((n) => !Number.isFinite(n))) return void 0;
  return { storedAt: numbers[0], ttlMs: numbers[1], status: numbers[2], etag };
}
function freshnessHeaders(e, now) {
  const age = Math.max(0, Math.floor((now - e.storedAt) / 1e3));
  const maxAge = Math.max(0, Math.floor((e.storedAt + e.ttlMs - now) / 1e3));
  return { "cache-control": `private, max-age=${maxAge}`, age: String(age) };
}

// gateway/responseCache/hotBodies.ts
function hotBodies(maxBytes) {
  const held2 = /* @__PURE__ */ new Map();
  let size = 0;
  return {
    get(key, etag) {
      const h = held2.get(key);
      return h && h.etag === etag ? h.bytes : void 0;
    },
    put(key, etag, body) {
      const bytes = Buffer.from(body);
      const old = held2.get(key);
      if (old) size -= old.bytes.length;
      if (size + bytes.length > maxBytes) {
        held2.clear();
        size = 0;
      }
      held2.set(key, { etag, bytes });
      size += bytes.length;
      return bytes;
    },
    get size() {
      return size;
    }
  };
}

// gateway/responseCache/touchedTypes.ts
import { getNamedType as getNamedType5, isAbstractType as isAbstractType4, isObjectType as isObjectType4, TypeInfo as TypeInfo4, visit as visit5, visitWithTypeInfo as visitWithTypeInfo4 } from "graphql";
function touchedTypes(schema, document) {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean).map((t) => t.name));
  const types = /* @__PURE__ */ new Set();
  const add2 = (type) => {
    if (!type) return;
    if (isAbstractType4(type)) for (const t of schema.getPossibleTypes(type)) add2(t);
    else if (isObjectType4(type) && !roots.has(type.name) && !type.name.startsWith("__")) types.add(type.name);
  };
  const info = new TypeInfo4(schema);
  visit5(
    document,
    visitWithTypeInfo4(info, {
      Field() {
        add2(info.getParentType());
        const type = info.getType();
        if (type) add2(getNamedType5(type));
      }
    })
  );
  return types;
}

// gateway/plugins/responseCache.ts
var JSON_TYPE = "application/json; charset=utf-8";
var MAX_MEMO2 = 2e3;
var HOT_BYTES = 32 * 1024 * 1024;
function responseCachePlugin(options) {
  const { store, namespace: namespace2 } = options;
  const now = options.now ?? Date.now;
  const results = counter(options.metrics, "dpg_response_cache_requests_total", "GraphQL requests by response cache outcome: hit, shared (waited for an identical request), stored, uncacheable, bypass", ["result"]);
  const flights = singleFlight();
  const typesMemo = new Memo(MAX_MEMO2);
  const hot = hotBodies(HOT_BYTES);
  async function lookup2(key) {
    const [raw2] = await store.mget([key]);
    const head = raw2 === void 0 ? void 0 : decodeHead(raw2);
    if (!head) return void 0;
    const held2 = hot.get(key, head.etag);
    if (held2) return { head, bytes: held2 };
    const [body] = await store.mget([bodyKey(key)]);
    return body === void 0 ? void 0 : { head, bytes: hot.put(key, head.etag, body) };
  }
  let generation = 0;
  const redo = redoUntilDone();
  const drop = (inv) => {
    generation++;
    return redo.run(() => store.invalidateTags(inv.types.map((t) => responseTag(namespace2, t))));
  };
  const unsubscribe = options.bus.subscribe(invalidationChannel(namespace2), (message) => {
    const inv = decodeInvalidation(message);
    if (inv) void drop(inv);
  });
  function send2(state, head, body, outcome) {
    results.inc({ result: outcome.toLowerCase() });
    return { status: head.status, headers: { ...state.headers, "content-type": JSON_TYPE, ...freshnessHeaders(head, now()), "x-cache": outcome }, body };
  }
  function typesOf2(state) {
    const id = `${state.supergraph.hash}|${state.queryHash}|${state.params.operationName ?? ""}`;
    return typesMemo.get(id, () => touchedTypes(state.supergraph.apiSchema, state.document));
  }
  function storable(state, reply2, body) {
    if ((reply2.status ?? 200) !== 200 || !body || body.errors !== void 0 || body.data == null) return void 0;
    if (state.operation?.operation !== "query" || !state.document) return void 0;
    if (state.audit.length > 0) return void 0;
    const policy = options.policy(state.supergraph.hash);
    if (!policy) return void 0;
    const types = typesOf2(state);
    const decision = combinedPolicy(types, policy, options.maxTtlSeconds);
    return decision.cacheable ? { ttlMs: decision.ttlSeconds * 1e3, tags: [...types].map((t) => responseTag(namespace2, t)) } : void 0;
  }
  function keep(state, reply2, key, current, settle) {
    let shared2;
    let stored;
    try {
      if (!reply2) return;
      const parsed = typeof reply2.body === "object" && reply2.body !== null && !Buffer.isBuffer(reply2.body) ? reply2.body : void 0;
      const body = typeof reply2.body === "string" ? reply2.body : Buffer.isBuffer(reply2.body) ? reply2.body.toString("utf8") : JSON.stringify(reply2.body ?? null);
      reply2.body = body;
      reply2.headers = Object.assign(reply2.headers ?? {}, { "content-type": JSON_TYPE });
      const decision = current ? storable(state, reply2, parsed) : void 0;
      shared2 = { storedAt: now(), ttlMs: decision?.ttlMs ?? 0, status: reply2.status ?? 200, body };
      if (decision) {
        const head = headOf(shared2);
        hot.put(key, head.etag, body);
        stored = store.set(
          [
            { key, value: encodeHead(head), ttlMs: decision.ttlMs },
            { key: bodyKey(key), value: body, ttlMs: decision.ttlMs }
          ],
          decision.tags
        );
        Object.assign(reply2.headers, freshnessHeaders(shared2, shared2.storedAt));
        results.inc({ result: "stored" });
      } else {
        reply2.headers["cache-control"] ??= "no-store";
        results.inc({ result: "uncacheable" });
      }
    } finally {
      settle(shared2, stored);
    }
  }
  return {
    name: "response-cache",
    async onRequest(state) {
      const { params, http: http2 } = state;
      if (params.query !== void 0 && /^\s*(mutation|subscription)\b/.test(params.query)) return;
      const queryId = queryIdOf(params);
      if (!queryId) return;
      const directives = String(http2.headers["cache-control"] ?? "").toLowerCase();
      if (directives.includes("no-store")) {
        state.headers["x-cache"] = "BYPASS";
        results.inc({ result: "bypass" });
        return;
      }
      const key = responseKey(namespace2, {
        queryId,
        operationName: params.operationName,
        variables: params.variables,
        fingerprint: state.fingerprint ?? "anonymous",
        supergraph: state.supergraph.hash,
        // Set by the identity plugin, which always runs first.
        policyVersion: state.policyVersion ?? "none"
      });
      if (directives.includes("no-cache")) {
        state.headers["x-cache"] = "BYPASS";
      } else {
        const hit = await lookup2(key);
        if (hit) return { answer: send2(state, hit.head, hit.bytes, "HIT") };
      }
      const joined = flights.join(key);
      if (!joined.leader) {
        const shared2 = await joined.result;
        if (shared2) return { answer: send2(state, shared2, shared2.body, "SHARED") };
        return;
      }
      state.headers["x-cache"] ??= "MISS";
      const startedAt = generation;
      return { onResponse: (reply2) => keep(state, reply2, key, startedAt === generation, joined.settle) };
    },
    stop() {
      unsubscribe();
      redo.stop();
    }
  };
}

// gateway/responseCache/catalog.ts
function policyFromCatalog(entries) {
  return cachePolicyByType(entries.map((e) => ({ types: e.types, freshnessSeconds: durationSeconds(e.sla.freshness), cacheable: e.cacheable })));
}
function catalogPolicy(registryUrl, logger, retryMs = 2e3, maxAgeMs = 6e4) {
  let policy;
  let forSupergraph;
  let loading;
  let retryAt = 0;
  let loadedAt = 0;
  async function load(supergraph) {
    try {
      const res = await fetch(`${registryUrl}/catalog`, { signal: AbortSignal.timeout(5e3) });
      if (!res.ok) throw new Error(`registry answered ${res.status}`);
      policy = policyFromCatalog(await res.json());
      forSupergraph = supergraph;
      loadedAt = Date.now();
    } catch (err) {
      retryAt = Date.now() + retryMs;
      logger.warn({ err: err.message }, "cannot read the data-product catalog; responses touching unknown types are not cached");
    } finally {
      loading = void 0;
    }
  }
  return {
    /** The policy to use for a request on `supergraph`; starts a refresh when the supergraph is new. */
    current(supergraph) {
      const now = Date.now();
      if ((forSupergraph !== supergraph || now - loadedAt > maxAgeMs) && !loading && now >= retryAt) loading = load(supergraph);
      return policy;
    },
    /** Resolves once the refresh in progress (if any) is done. */
    settled: () => loading ?? Promise.resolve()
  };
}

// gateway/caching.ts
async function openGatewayCaching(config, options) {
  const { logger, metrics } = options;
  const caches = await openCaches(config, { service: "gateway", logger, metrics });
  const plugins = [];
  const responses = caches.store(config.responseCache, "RESPONSE_CACHE");
  const responseCache = responses ? responseCachePlugin({
    store: responses,
    bus: caches.bus,
    namespace: caches.namespace,
    policy: catalogPolicy(config.registryUrl, logger).current,
    maxTtlSeconds: config.responseCacheMaxTtlSeconds,
    metrics,
    logger
  }) : void 0;
  if (responseCache) plugins.push(responseCache);
  plugins.push(
    persistedQueriesPlugin({
      mode: config.persistedQueries,
      // APQ texts are shared by every replica when Redis is there; in-process otherwise.
      store: caches.store("auto", "PERSISTED_QUERIES"),
      namespace: caches.namespace,
      safelist: config.persistedQueries === "safelist" ? loadSafelist(config.persistedQueriesDir) : void 0
    })
  );
  return {
    plugins,
    health: caches.health,
    async close() {
      responseCache?.stop();
      await caches.close();
    }
  };
}

// gateway/pipeline/execute.ts
import { GraphQLError as GraphQLError3 } from "graphql";
async function execute(state, logger) {
  const { params, document, operation, queryHash, supergraph } = state;
  if (!document || !operation || !queryHash) throw new Error("execute called before the operation was prepared");
  const request = { query: params.query, variables: params.variables, operationName: params.operationName, extensions: params.extensions };
  const requestContext = {
    request,
    document,
    source: params.query,
    queryHash,
    operationName: operation.name?.value ?? null,
    operation,
    schema: supergraph.apiSchema,
    // Data sources read what a subgraph call carries (principal, audit) from it.
    context: state,
    logger,
    metrics: {},
    cache: void 0,
    overallCachePolicy: void 0
  };
  try {
    return await supergraph.executor(requestContext);
  } catch (err) {
    logger.error({ err, operationName: requestContext.operationName, queryHash, supergraph: supergraph.hash }, "the query planner or executor failed");
    return { errors: [new GraphQLError3(INTERNAL_FAILURE, { extensions: { code: "INTERNAL_SERVER_ERROR" } })] };
  }
}
var INTERNAL_FAILURE = "The gateway failed to plan or execute this operation. The failure was logged; if it persists, report it with the operation.";

// gateway/pipeline/prepare.ts
import { getOperationAST as getOperationAST2, GraphQLError as GraphQLError4, Kind as Kind8, parse as parse6, specifiedRules, validate, visit as visit6 } from "graphql";

// gateway/pipeline/inputs.ts
var MAX_INPUT_DEPTH = 32;
var UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function invalidString(text3) {
  if (text3.includes("\0")) return "holds a NUL character";
  if (UNPAIRED_SURROGATE.test(text3)) return "holds an unpaired UTF-16 surrogate, which is not valid Unicode";
  return void 0;
}
function jsonValueProblem(value, name, maxDepth = MAX_INPUT_DEPTH) {
  const stack = [{ value, path: "", depth: 0 }];
  while (stack.length) {
    const { value: v, path: path15, depth } = stack.pop();
    if (typeof v === "string") {
      const why = invalidString(v);
      if (why) return `${name}${path15 ? ` at ${path15}` : ""} ${why}`;
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (depth >= maxDepth) return `${name} is nested deeper than ${maxDepth} levels`;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${path15}[${i}]`, depth: depth + 1 });
      continue;
    }
    for (const [key, child] of Object.entries(v)) {
      const why = invalidString(key);
      if (why) return `${name} has a key that ${why}`;
      stack.push({ value: child, path: path15 ? `${path15}.${key}` : key, depth: depth + 1 });
    }
  }
  return void 0;
}

// gateway/pipeline/prepare.ts
var MAX_ENTRIES3 = 1e3;
var MAX_TOKENS = 2e4;
var MAX_DOCUMENT_DEPTH = 64;
function createPreparer(extraRules = []) {
  const rules = [...specifiedRules, ...extraRules];
  let schemaSeen;
  const cache = new Memo(MAX_ENTRIES3);
  return function prepare(schema, query, operationName) {
    if (schema !== schemaSeen) {
      cache.clear();
      schemaSeen = schema;
    }
    return cache.get(`${operationName ?? ""}\0${query}`, () => prepareUncached(schema, query, operationName, rules));
  };
}
var refused = (message, code, extensions = {}) => ({ ok: false, errors: [new GraphQLError4(message, { extensions: { code, ...extensions } })] });
function prepareUncached(schema, query, operationName, rules) {
  let document;
  try {
    document = parse6(query, { maxTokens: MAX_TOKENS });
  } catch (err) {
    if (err instanceof GraphQLError4) return { ok: false, errors: [withCode(err, "GRAPHQL_PARSE_FAILED")] };
    if (err instanceof RangeError) return refused("the operation is nested too deeply to parse", "GRAPHQL_PARSE_FAILED");
    throw err;
  }
  const written = writtenDepth(document).nesting;
  if (written > MAX_DOCUMENT_DEPTH) return tooDeep(written);
  const errors = validate(schema, document, rules);
  if (errors.length) return { ok: false, errors: errors.map((e) => withCode(e, "GRAPHQL_VALIDATION_FAILED")) };
  const operation = getOperationAST2(document, operationName);
  if (!operation) {
    const message = operationName ? `unknown operation "${operationName}"` : 'the document holds several operations: send "operationName"';
    return refused(message, "OPERATION_RESOLUTION_FAILURE");
  }
  const nesting = operationDepth(document, operation).nesting;
  if (nesting > MAX_DOCUMENT_DEPTH) return tooDeep(nesting);
  const literal = invalidLiteral(document);
  if (literal) return refused(literal.message, "BAD_USER_INPUT", { argument: literal.argument });
  return { ok: true, document, operation, queryHash: sha256(query) };
}
function unsupportedOperation(schema, operation) {
  const type = operation.operation;
  if (type === "subscription") return new GraphQLError4("subscriptions are not supported: send a query", { extensions: { code: "OPERATION_NOT_SUPPORTED", operation: type } });
  if (!schema.getRootType(type)) return new GraphQLError4(`this schema has no ${type} type: send a query`, { extensions: { code: "OPERATION_NOT_SUPPORTED", operation: type } });
  return void 0;
}
var tooDeep = (nesting) => refused(`the operation nests fields and fragments ${nesting} levels deep; at most ${MAX_DOCUMENT_DEPTH} are accepted`, "GRAPHQL_VALIDATION_FAILED", { nesting, allowed: MAX_DOCUMENT_DEPTH });
function withCode(error, code) {
  if (error.extensions?.code) return error;
  return new GraphQLError4(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError, extensions: { ...error.extensions, code } });
}
function invalidLiteral(document) {
  let found;
  visit6(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      const why = invalidString(node.value);
      if (!why || found) return;
      const argument2 = nameOf([...ancestors, ...parent ? [parent] : []]);
      found = { message: `${argument2.label} ${why}`, argument: argument2.name };
    }
  });
  return found;
}
function nameOf(ancestors) {
  const nodes = ancestors.filter((a) => !Array.isArray(a));
  const path15 = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    if (n.kind === Kind8.OBJECT_FIELD) path15.unshift(n.name.value);
    if (n.kind === Kind8.ARGUMENT) {
      const owner = nodes[i - 1];
      const where2 = owner?.kind === Kind8.FIELD ? ` of field "${owner.name.value}"` : owner?.kind === Kind8.DIRECTIVE ? ` of directive "@${owner.name.value}"` : "";
      const at2 = path15.length ? ` at ${path15.join(".")}` : "";
      return { name: n.name.value, label: `argument "${n.name.value}"${where2}${at2}` };
    }
    if (n.kind === Kind8.VARIABLE_DEFINITION) return { name: n.variable.name.value, label: `the default value of variable "$${n.variable.name.value}"` };
  }
  return { name: "", label: "a string in the operation" };
}

// gateway/pipeline/readRequest.ts
function jsonParam(raw2, name) {
  if (raw2 == null || raw2 === "") return void 0;
  try {
    return JSON.parse(raw2);
  } catch {
    throw new HttpError(400, `"${name}" query parameter is not valid JSON`);
  }
}
function readGraphQLParams(req) {
  const source = req.method === "GET" ? {
    query: req.query.get("query") ?? void 0,
    variables: jsonParam(req.query.get("variables"), "variables"),
    operationName: req.query.get("operationName") ?? void 0,
    extensions: jsonParam(req.query.get("extensions"), "extensions")
  } : req.body;
  if (!source || typeof source !== "object" || Array.isArray(source)) throw new HttpError(400, 'request body must be a JSON object with "query"');
  const { query, variables, operationName, extensions } = source;
  if (query !== void 0 && typeof query !== "string") throw new HttpError(400, '"query" must be a string');
  if (variables != null && (typeof variables !== "object" || Array.isArray(variables))) throw new HttpError(400, '"variables" must be an object');
  if (operationName != null && typeof operationName !== "string") throw new HttpError(400, '"operationName" must be a string');
  if (extensions != null && (typeof extensions !== "object" || Array.isArray(extensions))) throw new HttpError(400, '"extensions" must be an object');
  for (const [name, value] of Object.entries(variables ?? {})) {
    const problem = jsonValueProblem(value, `variable "$${name}"`);
    if (problem) throw new HttpError(400, problem, { code: "BAD_USER_INPUT", variable: name });
  }
  const extensionsProblem = jsonValueProblem(extensions ?? {}, '"extensions"');
  if (extensionsProblem) throw new HttpError(400, extensionsProblem, { code: "BAD_USER_INPUT" });
  return {
    query,
    variables: variables ?? {},
    operationName: operationName ?? void 0,
    extensions: extensions ?? {}
  };
}

// gateway/pipeline/handler.ts
function graphqlHandler(runtime, plugins, logger, options = {}) {
  const prepare = createPreparer(options.validationRules);
  return async function handle(http2) {
    const params = readGraphQLParams(http2);
    const supergraph = runtime.current;
    if (!supergraph) throw new HttpError(503, "no supergraph loaded yet: the gateway is waiting for the registry", {}, { "retry-after": "1" });
    const state = { http: http2, params, supergraph, headers: {}, errors: [], audit: [], startedAt: performance.now() };
    const hooks = [];
    let reply2;
    try {
      for (const plugin of plugins) {
        const h = await plugin.onRequest(state);
        if (!h) continue;
        hooks.push(h);
        if (h.answer) return reply2 = h.answer;
      }
      return reply2 = await respond(state, hooks);
    } finally {
      for (const h of hooks) await h.onResponse?.(reply2);
    }
  };
  async function respond(state, hooks) {
    const { http: http2, params, supergraph } = state;
    if (!params.query) return graphqlReply(state, 400, { errors: [{ message: 'request has no "query"', extensions: { code: "BAD_REQUEST" } }] });
    const prepared = prepare(supergraph.apiSchema, params.query, params.operationName);
    if (!prepared.ok) return graphqlReply(state, 400, { errors: prepared.errors.map((e) => e.toJSON()) });
    if (http2.method === "GET" && prepared.operation.operation !== "query") throw new HttpError(405, `only queries may be sent with GET; send this ${prepared.operation.operation} with POST`, {}, { allow: "POST" });
    const unsupported = unsupportedOperation(supergraph.apiSchema, prepared.operation);
    if (unsupported) return graphqlReply(state, 400, { errors: [unsupported.toJSON()] });
    Object.assign(state, { document: prepared.document, operation: prepared.operation, queryHash: prepared.queryHash });
    for (const h of hooks) await h.onOperation?.();
    const result = await execute(state, logger);
    for (const h of hooks) await h.onResult?.(result);
    const status = result.data !== void 0 || !result.errors?.length ? 200 : result.errors.some((e) => e.extensions?.code === "INTERNAL_SERVER_ERROR") ? 500 : 400;
    return graphqlReply(state, status, result);
  }
}
function graphqlReply(state, status, result) {
  let errors = [...(result.errors ?? []).map((e) => "toJSON" in e ? e.toJSON() : e), ...state.errors];
  if (status !== 200) errors = errors.map((e) => e.extensions?.code ? e : { ...e, extensions: { ...e.extensions, code: "BAD_USER_INPUT" } });
  const body = {};
  if (errors.length) body.errors = errors;
  if ("data" in result) body.data = result.data;
  if ("extensions" in result && result.extensions) body.extensions = result.extensions;
  return { status, headers: state.headers, body };
}

// gateway/readiness.ts
var short = (hash) => hash.slice(0, 12);
function gatewayReadiness(input) {
  const { served, upstream } = input;
  const starting = (reason) => ({ state: "starting", ready: false, reason });
  if (!served) {
    const why = upstream?.reachable === false ? `; the registry cannot be reached (${upstream.lastError ?? "no answer"}) and there is no copy on disk` : "";
    return starting(`no supergraph loaded yet${why}`);
  }
  if (!input.policyLoaded) return starting("no valid policy loaded yet");
  if (!upstream || upstream.kind === "file") return { state: "ready", ready: true };
  if (upstream.reachable === false) {
    const what = served.origin === "disk" ? "the copy saved on disk" : "the last supergraph it sent";
    return { state: "degraded", ready: false, reason: `the registry cannot be reached (${upstream.lastError ?? "no answer"}); serving ${what} (${short(served.hash)}), which may be stale` };
  }
  if (upstream.currentHash === null) return starting(`the registry has no supergraph yet; the one loaded (${short(served.hash)}, from ${served.origin}) is not the registry's`);
  if (upstream.currentHash === void 0 || upstream.currentHash !== served.hash) {
    if (upstream.currentHash && input.lastRejected?.hash === upstream.currentHash) {
      return { state: "degraded", ready: false, reason: `the registry's current supergraph (${short(upstream.currentHash)}) was refused (${input.lastRejected.error}); serving the previous one (${short(served.hash)})` };
    }
    return starting(`loading the registry's current supergraph${upstream.currentHash ? ` (${short(upstream.currentHash)})` : ""}; serving ${short(served.hash)} from ${served.origin}`);
  }
  return { state: "ready", ready: true };
}

// gateway/supergraph/diskCache.ts
import fs4 from "node:fs";
import path4 from "node:path";
function diskCache(dataDir) {
  const file = dataDir === "memory" ? void 0 : path4.resolve(dataDir, "gateway", "supergraph.graphql");
  return {
    file,
    read() {
      if (!file) return void 0;
      try {
        return fs4.readFileSync(file, "utf8");
      } catch {
        return void 0;
      }
    },
    write(sdl) {
      if (!file) return;
      fs4.mkdirSync(path4.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs4.writeFileSync(tmp, sdl);
      fs4.renameSync(tmp, file);
    }
  };
}

// gateway/supergraph/fileSource.ts
import fs5 from "node:fs";
function fileSource(file, intervalMs, logger) {
  let lastHash;
  let lastError;
  let onChange;
  return {
    start(onUpdate) {
      const load = async () => {
        try {
          const sdl = fs5.readFileSync(file, "utf8");
          const hash = sha256(sdl);
          lastError = void 0;
          if (hash !== lastHash) {
            lastHash = hash;
            await onUpdate({ sdl, hash, origin: "file" });
          }
        } catch (err) {
          lastError = err.message;
          logger.error({ err: lastError, file }, "cannot read supergraph file; keeping the current supergraph");
        }
      };
      onChange = () => void load();
      fs5.watchFile(file, { interval: intervalMs }, onChange);
      void load();
    },
    status: () => ({ kind: "file", file, lastError: lastError ?? null }),
    stop() {
      if (onChange) fs5.unwatchFile(file, onChange);
    }
  };
}

// gateway/supergraph/registrySource.ts
function registrySource(registryUrl, intervalMs, cache, logger) {
  let etag;
  let timer;
  let stopped = false;
  let reachable;
  let lastError;
  let lastSuccessAt;
  let currentHash;
  async function poll() {
    const res = await fetch(`${registryUrl}/supergraph`, {
      headers: etag ? { "if-none-match": etag } : {},
      signal: AbortSignal.timeout(Math.max(intervalMs, 5e3))
    });
    if (res.status === 304) return void 0;
    if (res.status === 404) {
      currentHash = null;
      return void 0;
    }
    if (!res.ok) throw new Error(`registry answered ${res.status}`);
    const sdl = await res.text();
    etag = res.headers.get("etag") ?? void 0;
    const version = Number(res.headers.get("x-supergraph-id")) || void 0;
    currentHash = sha256(sdl);
    return { sdl, hash: sha256(sdl), version, origin: "registry" };
  }
  return {
    start(onUpdate) {
      let first = true;
      const tick = async () => {
        try {
          const update = await poll();
          if (reachable === false) logger.info("registry reachable again");
          reachable = true;
          lastError = void 0;
          lastSuccessAt = (/* @__PURE__ */ new Date()).toISOString();
          if (update && await onUpdate(update)) cache.write(update.sdl);
        } catch (err) {
          lastError = err.message;
          if (reachable !== false) logger.warn({ err: lastError }, "registry unreachable; serving the last supergraph");
          reachable = false;
          const saved = first ? cache.read() : void 0;
          if (saved) await onUpdate({ sdl: saved, hash: sha256(saved), origin: "disk" });
        }
        first = false;
        if (!stopped) timer = setTimeout(tick, intervalMs);
      };
      void tick();
    },
    upstream: () => ({ kind: "registry", reachable, currentHash, lastError }),
    status: () => ({ kind: "registry", url: registryUrl, reachable: reachable ?? null, lastSuccessAt: lastSuccessAt ?? null, lastError: lastError ?? null }),
    stop() {
      stopped = true;
      clearTimeout(timer);
    }
  };
}

// gateway/supergraph/runtime.ts
import { ApolloGateway } from "@apollo/gateway";
var SupergraphRuntime = class {
  constructor(options) {
    this.options = options;
  }
  options;
  current;
  lastRejected;
  gateway;
  push;
  serial = Promise.resolve();
  /** Applies updates one at a time; resolves false when the supergraph was refused. */
  apply(update) {
    const next = this.serial.then(() => this.load(update));
    this.serial = next.catch(() => {
    });
    return next;
  }
  async load(update) {
    if (this.current?.hash === update.hash) return true;
    try {
      if (!this.gateway) await this.boot(update.sdl);
      else this.push(update.sdl);
    } catch (err) {
      this.lastRejected = { hash: update.hash, error: err.message, at: (/* @__PURE__ */ new Date()).toISOString() };
      this.options.logger.error({ err: err.message, origin: update.origin }, "supergraph refused; still serving the previous one");
      return false;
    }
    this.current = { ...this.pending, hash: update.hash, version: update.version, origin: update.origin, loadedAt: (/* @__PURE__ */ new Date()).toISOString() };
    this.options.logger.info({ hash: update.hash.slice(0, 12), version: update.version, origin: update.origin }, "supergraph loaded");
    this.options.onSwap?.(this.current);
    return true;
  }
  // Filled by the gateway's schema listener, which runs synchronously inside
  // load()/update(), then stamped with the update's identity by load().
  pending;
  async boot(sdl) {
    const makeSource = this.options.dataSource ?? ((o) => new SubgraphDataSource(o));
    process.env.APOLLO_TELEMETRY_DISABLED = this.options.apolloTelemetry ? "false" : "true";
    const gateway = new ApolloGateway({
      supergraphSdl: async ({ update }) => {
        this.push = update;
        return { supergraphSdl: sdl };
      },
      buildService: ({ name, url: url2 }) => makeSource({ name, url: url2, timeoutMs: this.options.subgraphTimeoutMs }),
      logger: this.options.logger
    });
    gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
      this.pending = { apiSchema, executor: gateway.executor, subgraphs: subgraphUrls(coreSupergraphSdl), sdl: coreSupergraphSdl };
    });
    try {
      await gateway.load();
    } catch (err) {
      await gateway.stop().catch(() => {
      });
      throw err;
    }
    this.gateway = gateway;
  }
  async stop() {
    await this.serial;
    await this.gateway?.stop();
  }
};
function subgraphUrls(supergraphSdl) {
  const out = {};
  for (const m of supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g)) out[m[1]] = m[2];
  return out;
}

// gateway/web/serve.ts
import { createHash as createHash3 } from "node:crypto";
import fs6 from "node:fs";
import path5 from "node:path";
import { gzipSync } from "node:zlib";
var CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf"
};
var CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'"
].join("; ");
var PAGE_HEADERS = {
  "content-type": CONTENT_TYPES[".html"],
  "cache-control": "no-cache",
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer"
};
var ASSET_CACHE = "public, max-age=31536000, immutable";
var TITLES = { graphiql: "GraphiQL \xB7 Data Product Gateway", portal: "Data products \xB7 Data Product Gateway" };
var FAVICON = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%230b5cad'/%3E%3Cpath d='M4 4h8v2H4zm0 3h8v2H4zm0 3h5v2H4z' fill='white'/%3E%3C/svg%3E";
var etagOf = (body) => `"${createHash3("sha256").update(body).digest("base64url").slice(0, 22)}"`;
function shell(page, manifest, graphiql) {
  const assets = manifest.pages[page];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${TITLES[page]}</title>
<link rel="icon" href="${FAVICON}">
<link rel="stylesheet" href="/web/${assets.style}">
<script type="module" src="/web/${assets.script}"></script>
</head>
<body data-graphiql="${graphiql ? "on" : "off"}">
<div id="root"></div>
<noscript>This page needs JavaScript. The GraphQL endpoint itself is <code>/graphql</code>.</noscript>
</body>
</html>
`;
}
var notModified = (req, etag) => req.headers["if-none-match"]?.split(/\s*,\s*/).includes(etag);
var acceptsGzip = (req) => /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
function wantsPage(req) {
  return !req.query.has("query") && String(req.headers.accept ?? "").includes("text/html");
}
function webPages(options) {
  const dir = options.dir ?? DIST_DIR;
  let build;
  function current() {
    const stamp = fs6.statSync(path5.join(dir, "manifest.json"), { throwIfNoEntry: false })?.mtimeMs;
    const manifest = stamp === void 0 ? void 0 : readManifest(dir);
    if (stamp === void 0 || !manifest) throw new HttpError(503, "the web pages are not built: run `npm run build:web`");
    if (build?.stamp === stamp) return build;
    const files = /* @__PURE__ */ new Map();
    for (const name of fs6.readdirSync(dir)) {
      const type = CONTENT_TYPES[path5.extname(name)];
      if (!type || name === "manifest.json") continue;
      const body = fs6.readFileSync(path5.join(dir, name));
      files.set(name, { body, type, etag: etagOf(body) });
    }
    return build = { stamp, manifest, files };
  }
  function page(name, req) {
    const html = shell(name, current().manifest, options.graphiql);
    const etag = etagOf(html);
    if (notModified(req, etag)) return { status: 304, headers: { ...PAGE_HEADERS, etag } };
    return { headers: { ...PAGE_HEADERS, etag }, body: html };
  }
  function graphiql(req) {
    if (!options.graphiql) throw new HttpError(404, "GraphiQL is off on this gateway (production mode); an operator can set GRAPHIQL=on");
    return page("graphiql", req);
  }
  const asset = (req) => {
    const file = current().files.get(req.params.file);
    if (!file) throw new HttpError(404, `no such asset: ${req.params.file}`);
    const gzip = acceptsGzip(req) && file.body.length > 1024;
    const etag = gzip ? `${file.etag.slice(0, -1)}-gz"` : file.etag;
    const headers = { "content-type": file.type, "cache-control": ASSET_CACHE, etag, "x-content-type-options": "nosniff", vary: "accept-encoding" };
    if (notModified(req, etag)) return { status: 304, headers };
    if (!gzip) return { headers, body: file.body };
    file.gzipped ??= gzipSync(file.body);
    return { headers: { ...headers, "content-encoding": "gzip" }, body: file.gzipped };
  };
  return {
    graphiqlOn: options.graphiql,
    graphiql,
    routes: {
      "GET /": graphiql,
      "GET /portal": (req) => page("portal", req),
      "GET /web/:file": asset
    }
  };
}

// gateway/server.ts
var AUDIT_SUBGRAPH = "governance";
async function startGateway(config, options = {}) {
  const logger = options.logger ?? createLogger("gateway", config.logLevel);
  guardDevelopmentDefaults(config.deployment, gatewayDevelopmentDefaults(config), logger);
  const metrics = createMetrics("gateway");
  const requests = counter(metrics, "dpg_gateway_requests_total", "GraphQL requests by HTTP status", ["status"]);
  const latency = histogram(metrics, "dpg_gateway_request_seconds", "GraphQL request latency", [], [1e-3, 5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]);
  const swaps = counter(metrics, "dpg_gateway_supergraph_swaps_total", "Supergraphs loaded without restart");
  const policy = new PolicyHolder({
    source: config.policySource === "registry" ? registryPolicy(config.registryUrl) : folderPolicy(config.policyDir),
    intervalMs: config.policyPollMs,
    logger
  });
  const signer = await loadSigner({ privateJwk: config.signingKey, file: config.dataDir === "memory" ? void 0 : path6.resolve(config.dataDir, "gateway", "signing-key.json") });
  const tokenFor = identityMinter(signer);
  const runtime = new SupergraphRuntime({
    logger,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    apolloTelemetry: !config.apolloTelemetryDisabled,
    dataSource: (o) => new SubgraphDataSource({ ...o, identity: tokenFor }),
    onSwap: (snapshot) => {
      swaps.inc();
      policy.setFacts(factsFromSupergraph(snapshot.sdl), { kind: "supergraph", hash: snapshot.hash });
    }
  });
  const source = config.supergraphFile ? fileSource(config.supergraphFile, config.pollIntervalMs, logger) : registrySource(config.registryUrl, config.pollIntervalMs, diskCache(config.dataDir), logger);
  const verifyToken = userTokenVerifier({
    secret: config.jwtSecret ?? (config.jwtJwksUrl || config.jwtJwksFile ? void 0 : devSecret(config.dataDir)),
    jwksUrl: config.jwtJwksUrl,
    jwksFile: config.jwtJwksFile,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience
  });
  const lookupApiKey = apiKeyLookup([...config.apiKeysFile ? loadApiKeys(config.apiKeysFile) : [], ...options.apiKeys ?? []]);
  const auditDropped = counter(metrics, "dpg_audit_events_dropped_total", "Audit events dropped because the governance subgraph stayed unreachable");
  const audit = auditSink({
    target: () => runtime.current?.subgraphs[AUDIT_SUBGRAPH]?.replace(/\/graphql$/, ""),
    token: () => tokenFor({}, AUDIT_SUBGRAPH),
    intervalMs: config.auditFlushMs,
    logger,
    onDropped: (n) => auditDropped.inc(n)
  });
  const caching = await openGatewayCaching(config, { logger, metrics });
  const rateStoreFailures = counter(metrics, "dpg_rate_limit_store_failures_total", "Rate-limit counts that could not be taken because Redis failed; each request went through");
  const rates = await openRateLimiter({
    redis: config.redisUrl || config.redisClusterNodes.length ? { url: config.redisUrl, clusterNodes: config.redisClusterNodes, commandTimeoutMs: config.redisCommandTimeoutMs } : void 0,
    keyPrefix: namespace(config.cacheKeyPrefix),
    logger,
    onStoreFailure: () => rateStoreFailures.inc()
  });
  const usage = usagePlugin({ registryUrl: config.registryUrl, token: config.registryToken, flushIntervalMs: config.usageFlushIntervalMs, logger });
  const plugins = [
    identityPlugin({ verifyToken, lookupApiKey, policy }),
    limitsPlugin({ config, rates, metrics }),
    usage,
    ...options.plugins ?? [],
    ...caching.plugins,
    ...config.introspection === "on" ? [introspectionPlugin()] : [],
    authorizationPlugin(),
    auditPlugin(audit)
  ];
  const handle = graphqlHandler(runtime, plugins, logger, { validationRules: config.introspection === "off" ? [NoSchemaIntrospectionCustomRule] : [] });
  const graphql = async (req) => {
    const stop = latency.startTimer();
    try {
      const reply2 = await handle(req);
      requests.inc({ status: reply2.status ?? 200 });
      return reply2;
    } catch (err) {
      requests.inc({ status: err.status ?? 500 });
      throw err;
    } finally {
      stop();
    }
  };
  const web = webPages({ graphiql: graphiqlEnabled(config) });
  const server = createHttpServer({
    bodyLimit: config.maxBodyBytes,
    onError: (err) => logger.error({ err }, "request failed"),
    routes: {
      "POST /graphql": graphql,
      "GET /graphql": (req) => web.graphiqlOn && wantsPage(req) ? web.graphiql(req) : graphql(req),
      ...web.routes,
      "GET /.well-known/jwks.json": () => ({ headers: { "cache-control": "max-age=300" }, body: signer.jwks }),
      "POST /admin/explain": explainRoute({ runtime, policy, identity: { verifyToken, lookupApiKey } }),
      "POST /explain/fields": explainFieldsRoute({ runtime, policy, identity: { verifyToken, lookupApiKey } }),
      ...probeRoutes(
        "gateway",
        () => {
          const current = runtime.current;
          const state = gatewayReadiness({ served: current, policyLoaded: Boolean(policy.current), upstream: source.upstream?.(), lastRejected: runtime.lastRejected });
          return {
            ...state,
            policy: policy.status(),
            // A cache outage never makes the gateway unready; it is shown for operators.
            cache: caching.health ? { redis: caching.health.up ? "up" : "down" } : { redis: "not configured" },
            supergraph: current ? { hash: current.hash, version: current.version ?? null, origin: current.origin, loadedAt: current.loadedAt, subgraphs: Object.keys(current.subgraphs) } : null,
            source: source.status(),
            lastRejected: runtime.lastRejected ?? null
          };
        },
        metrics,
        { metricsToken: config.metricsToken }
      )
    }
  });
  await policy.start();
  source.start((update) => runtime.apply(update));
  const running = await listen(server, config.port, config.host);
  logger.info({ url: `${running.url}/graphql` }, "gateway listening");
  return {
    url: running.url,
    port: running.port,
    runtime,
    policy,
    audit,
    async close() {
      source.stop();
      policy.stop();
      await running.close();
      await audit.close();
      await usage.close();
      await runtime.stop();
      await caching.close();
      rates.close();
    }
  };
}

// platform/dataDirLock.ts
import fs7 from "node:fs";
import os from "node:os";
import path7 from "node:path";
var DataDirInUseError = class extends Error {
  constructor(dir, holder, lockFile) {
    const who = holder ? `${holder.pid === process.pid ? "this process" : `process ${holder.pid}`}${holder.host !== os.hostname() ? ` on ${holder.host}` : ""} (${holder.command || "unknown command"}, since ${holder.since})` : "another process that is taking it right now";
    super(`the embedded database ${dir} is in use by ${who}: stop that process first, or start this one with another DATA_DIR. If no such process is running, delete ${lockFile}.`);
    this.dir = dir;
    this.holder = holder;
    this.lockFile = lockFile;
    this.name = "DataDirInUseError";
  }
  dir;
  holder;
  lockFile;
};
var held = /* @__PURE__ */ new Set();
var exitHook = false;
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}
function read(lockFile) {
  try {
    const text3 = fs7.readFileSync(lockFile, "utf8");
    const ageMs = Date.now() - fs7.statSync(lockFile).mtimeMs;
    try {
      return { text: text3, holder: JSON.parse(text3), ageMs };
    } catch {
      return { text: text3, ageMs };
    }
  } catch {
    return void 0;
  }
}
function lockDataDir(dir) {
  const lockFile = `${dir}.lock`;
  fs7.mkdirSync(path7.dirname(dir), { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs7.openSync(lockFile, "wx", 384);
      const me = { pid: process.pid, host: os.hostname(), command: process.argv.slice(1).join(" ").slice(0, 200), since: (/* @__PURE__ */ new Date()).toISOString() };
      fs7.writeSync(fd, JSON.stringify(me));
      fs7.closeSync(fd);
      held.add(lockFile);
      if (!exitHook) {
        exitHook = true;
        process.once("exit", () => held.forEach(releaseFile));
      }
      return () => {
        releaseFile(lockFile);
        held.delete(lockFile);
      };
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
    }
    const found = read(lockFile);
    if (!found) continue;
    const { holder } = found;
    if (!holder) {
      if (found.ageMs < 5e3) throw new DataDirInUseError(dir, void 0, lockFile);
    } else if (holder.pid === process.pid || holder.host !== os.hostname() || alive(holder.pid)) {
      throw new DataDirInUseError(dir, holder, lockFile);
    }
    if (read(lockFile)?.text === found.text) fs7.rmSync(lockFile, { force: true });
  }
  throw new DataDirInUseError(dir, read(lockFile)?.holder, lockFile);
}
function releaseFile(lockFile) {
  try {
    if (JSON.parse(fs7.readFileSync(lockFile, "utf8")).pid === process.pid) fs7.rmSync(lockFile, { force: true });
  } catch {
  }
}

// platform/db.ts
import fs8 from "node:fs";
import path8 from "node:path";
import pg from "pg";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
var SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;
var OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 };
var toNumber = (v) => v === null ? null : Number(v);
var asIs = (v) => v;
async function openDatabase(options) {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error(`invalid schema name "${options.schema}"`);
  const db = options.url ? openPostgres(options.url, options) : await openPglite(options);
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  return db;
}
function openPostgres(connectionString, options) {
  const parsers = { [OID.INT8]: toNumber, [OID.NUMERIC]: toNumber, [OID.DATE]: asIs };
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    // search_path is set per connection, so unqualified table names resolve to
    // this service's schema and nothing else.
    options: `-c search_path=${options.schema}`,
    types: { getTypeParser: ((oid, format) => parsers[oid] ?? pg.types.getTypeParser(oid, format)) }
  });
  pool.on("error", () => {
  });
  let statements = 0;
  const run = async (client2, sql2, params) => {
    statements++;
    const result = await client2.query(sql2, params);
    return result.rows;
  };
  return {
    engine: "postgres",
    schema: options.schema,
    get statements() {
      return statements;
    },
    query: (sql2, params) => run(pool, sql2, params),
    async transaction(fn) {
      const client2 = await pool.connect();
      try {
        await client2.query("BEGIN");
        const result = await fn({ query: (sql2, params) => run(client2, sql2, params) });
        await client2.query("COMMIT");
        return result;
      } catch (err) {
        await client2.query("ROLLBACK").catch(() => {
        });
        throw err;
      } finally {
        client2.release();
      }
    },
    async exec(sql2) {
      statements++;
      await pool.query(sql2);
    },
    close: () => pool.end()
  };
}
var DataDirUnusableError = class extends Error {
  constructor(dir, cause) {
    super(
      `the embedded database ${dir} could not be opened (${cause?.message ?? String(cause)}). It is damaged or not a database: move it aside (mv "${dir}" "${dir}.broken") and start again to begin afresh from seed data \u2014 everything stored only there (published versions, derived data) is then gone \u2014 or point DATABASE_URL at PostgreSQL.`,
      { cause }
    );
    this.name = "DataDirUnusableError";
  }
};
async function openPglite(options) {
  const dir = options.dataDir && options.dataDir !== "memory" ? path8.resolve(options.dataDir) : void 0;
  const release = dir ? lockDataDir(dir) : () => {
  };
  let lite;
  try {
    if (dir) fs8.mkdirSync(dir, { recursive: true });
    lite = await PGlite.create({
      dataDir: dir,
      parsers: { [pgliteTypes.INT8]: toNumber, [pgliteTypes.NUMERIC]: toNumber, [pgliteTypes.DATE]: asIs }
    });
  } catch (err) {
    release();
    throw dir ? new DataDirUnusableError(dir, err) : err;
  }
  try {
    await lite.exec(`CREATE SCHEMA IF NOT EXISTS ${options.schema}; SET search_path TO ${options.schema}`);
  } catch (err) {
    await lite.close().catch(() => {
    });
    release();
    throw err;
  }
  let statements = 0;
  return {
    engine: "pglite",
    schema: options.schema,
    get statements() {
      return statements;
    },
    async query(sql2, params) {
      statements++;
      return (await lite.query(sql2, params)).rows;
    },
    transaction: (fn) => lite.transaction(
      (tx) => fn({
        async query(sql2, params) {
          statements++;
          return (await tx.query(sql2, params)).rows;
        }
      })
    ),
    async exec(sql2) {
      statements++;
      await lite.exec(sql2);
    },
    async close() {
      try {
        await lite.close();
      } finally {
        release();
      }
    }
  };
}
async function migrate(db, dir) {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set((await db.query("SELECT name FROM schema_migrations")).map((r) => r.name));
  const files = fs8.readdirSync(dir).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  const applied = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql2 = fs8.readFileSync(path8.join(dir, file), "utf8");
    await db.transaction(async (tx) => {
      for (const statement of splitStatements(sql2)) await tx.query(statement);
      await tx.query("INSERT INTO schema_migrations (name) VALUES ($1)", [file]);
    });
    applied.push(file);
  }
  return applied;
}
function splitStatements(sql2) {
  return sql2.replace(/^\s*--.*$/gm, "").split(/;\s*$/m).map((s) => s.trim()).filter(Boolean);
}
function ident(name) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier "${name}"`);
  return name;
}

// platform/ports.ts
import net from "node:net";
var PortInUseError = class extends Error {
  constructor(busy) {
    super(
      busy.map(
        (p) => p.code === "EADDRINUSE" ? `port ${p.port} (${p.service}) is already in use on ${p.host}, probably by another \`npm start\`: stop that, or ${p.remedy} to a free port` : `port ${p.port} (${p.service}) cannot be opened on ${p.host} (${p.code}): ${p.remedy} to another port`
      ).join("\n")
    );
    this.busy = busy;
    this.name = "PortInUseError";
  }
  busy;
};
function probe(port2, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (err) => resolve(err.code ?? "error"));
    server.listen({ port: port2, host, exclusive: true }, () => server.close(() => resolve(void 0)));
  });
}
async function assertPortsFree(wanted) {
  const busy = [];
  for (const w of wanted) {
    if (w.port === 0) continue;
    const code = await probe(w.port, w.host);
    if (code) busy.push({ ...w, code });
  }
  if (busy.length) throw new PortInUseError(busy);
}

// schema-registry/config.ts
import path9 from "node:path";
var DEV_ADMIN_TOKEN = "dev-admin-token";
var registrySettings = {
  port: port("REGISTRY_PORT", 4100, "Schema registry port."),
  databaseUrl: shared.databaseUrl,
  dataDir: shared.dataDir,
  host: shared.host,
  deployment: shared.deployment,
  metricsToken: shared.metricsToken,
  maxBodyBytes: shared.maxBodyBytes,
  logLevel: shared.logLevel,
  adminToken: text("REGISTRY_ADMIN_TOKEN", DEV_ADMIN_TOKEN, "Bootstrap admin token of the registry: creates team tokens (`dpg registry token create`) and may publish any subgraph. Set it in production; the default is logged as a warning."),
  usageWindowDays: int("REGISTRY_USAGE_WINDOW_DAYS", 7, "Days of field usage a breaking-change check looks at; a field deprecated for longer than this may be removed even if still used.", 1, 366),
  policiesDir: { ...text("REGISTRY_POLICIES_DIR", path9.join(__dpgDir(__dpgSource("schema-registry/config.ts")), "..", "policies"), "Folder holding the governance team's lint.yaml and access policies, which checks and publishes are held against."), defaultDoc: "policies/" }
};
var readRegistryConfig = (env = process.env) => readConfig(registrySettings, env);
function registryDevelopmentDefaults(config) {
  return [
    ...config.adminToken === DEV_ADMIN_TOKEN ? [{ setting: "REGISTRY_ADMIN_TOKEN", problem: `is the embedded development token "${DEV_ADMIN_TOKEN}", which anyone can use to publish any subgraph` }] : [],
    ...placeholders(registrySettings, config)
  ];
}

// schema-registry/server.ts
import path12 from "node:path";

// schema-registry/auth/authenticate.ts
import { timingSafeEqual as timingSafeEqual2 } from "node:crypto";

// schema-registry/auth/tokens.ts
import { randomBytes } from "node:crypto";
var hashToken = sha256;
var newToken = () => `dpg_${randomBytes(24).toString("base64url")}`;
async function createToken(db, t) {
  const token = newToken();
  const [{ id }] = await db.query(`INSERT INTO tokens (hash, team, role, label, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [hashToken(token), t.team, t.role, t.label, t.createdBy]);
  return { id: String(id), team: t.team, role: t.role, label: t.label, token };
}
async function principalByHash(db, hash) {
  const [row2] = await db.query(`SELECT id, team, role, label FROM tokens WHERE hash = $1`, [hash]);
  return row2 && { ...row2, id: String(row2.id) };
}

// schema-registry/auth/authenticate.ts
var BOOTSTRAP_ADMIN = { id: "bootstrap", team: "platform", role: "admin", label: "bootstrap admin" };
var CHALLENGE = { "www-authenticate": 'Bearer realm="dpg-registry"' };
function bearerToken(header) {
  const value = Array.isArray(header) ? header[0] : header;
  return /^Bearer\s+(\S+)\s*$/i.exec(value ?? "")?.[1];
}
function authenticator(db, adminToken) {
  const adminHash = Buffer.from(hashToken(adminToken), "hex");
  async function optional(header) {
    if (header === void 0) return void 0;
    const token = bearerToken(header);
    if (!token) throw new HttpError(401, 'the Authorization header must be "Bearer <registry token>"', {}, CHALLENGE);
    const hash = hashToken(token);
    if (timingSafeEqual2(Buffer.from(hash, "hex"), adminHash)) return BOOTSTRAP_ADMIN;
    const principal = await principalByHash(db, hash);
    if (!principal) throw new HttpError(401, "unknown registry token", {}, CHALLENGE);
    return principal;
  }
  async function required2(header) {
    const principal = await optional(header);
    if (!principal) throw new HttpError(401, 'a registry token is required: send "Authorization: Bearer <token>" (dpg reads it from DPG_TOKEN)', {}, CHALLENGE);
    return principal;
  }
  return { optional, required: required2 };
}

// schema-registry/auth/owners.ts
async function ownerOf(db, subgraph) {
  const [row2] = await db.query(`SELECT team FROM owners WHERE subgraph = $1`, [subgraph]);
  return row2?.team ?? null;
}
async function allOwners(db) {
  const rows = await db.query(`SELECT subgraph, team FROM owners`);
  return new Map(rows.map((r) => [r.subgraph, r.team]));
}
async function claim(db, subgraph, team, claimedBy) {
  await db.query(`INSERT INTO owners (subgraph, team, claimed_by) VALUES ($1, $2, $3) ON CONFLICT (subgraph) DO NOTHING`, [subgraph, team, claimedBy]);
}

// schema-registry/auth/permissions.ts
var ROLES = ["admin", "governance", "team", "gateway"];
var PERMISSIONS = {
  admin: { actsForAnyTeam: true, writesOwnSubgraphs: true, reportsUsage: true, seesPeopleInCatalog: true, createsTokens: ROLES },
  governance: { actsForAnyTeam: true, writesOwnSubgraphs: true, reportsUsage: true, seesPeopleInCatalog: true, createsTokens: ["governance", "team", "gateway"] },
  team: { actsForAnyTeam: false, writesOwnSubgraphs: true, reportsUsage: false, seesPeopleInCatalog: false, createsTokens: [] },
  gateway: { actsForAnyTeam: false, writesOwnSubgraphs: false, reportsUsage: true, seesPeopleInCatalog: false, createsTokens: [] }
};
var TEAM_NAME = /^[a-z][a-z0-9-]{0,62}$/;
function decideWrite(principal, subgraph, owner, descriptorTeam) {
  const p = PERMISSIONS[principal.role];
  if (!p.writesOwnSubgraphs && !p.actsForAnyTeam) return { allowed: false, reason: `a ${principal.role} token cannot publish or roll back subgraphs` };
  if (owner === null) return { allowed: true, claimFor: p.actsForAnyTeam && descriptorTeam ? descriptorTeam : principal.team };
  if (p.actsForAnyTeam || owner === principal.team) return { allowed: true, claimFor: null };
  return { allowed: false, reason: `subgraph "${subgraph}" belongs to team ${owner}; this token is team ${principal.team}'s` };
}
function decideOperate(principal, subgraph, owner) {
  const p = PERMISSIONS[principal.role];
  if (p.actsForAnyTeam) return { allowed: true };
  if (!p.writesOwnSubgraphs) return { allowed: false, reason: `a ${principal.role} token cannot operate subgraphs` };
  if (owner === principal.team) return { allowed: true };
  return { allowed: false, reason: owner ? `subgraph "${subgraph}" belongs to team ${owner}; this token is team ${principal.team}'s` : `subgraph "${subgraph}" has no owner yet` };
}
var mayReportUsage = (principal) => PERMISSIONS[principal.role].reportsUsage;
var catalogClientsFor = (principal) => !principal ? "none" : PERMISSIONS[principal.role].seesPeopleInCatalog ? "all" : "applications";
function decideTokenCreation(principal, role) {
  return PERMISSIONS[principal.role].createsTokens.includes(role) ? { allowed: true } : { allowed: false, reason: `a ${principal.role} token cannot create ${role} tokens` };
}
var describePrincipal = (p) => p.label ? `${p.label} (${p.team}, ${p.role})` : `${p.team} ${p.role} token ${p.id}`;

// schema-registry/productFields.ts
import { Kind as Kind9, parse as parse7, print as print5 } from "graphql";
var tagsOf = (node) => (node.directives ?? []).filter((d) => d.name.value === "tag").map((d) => {
  const v = d.arguments?.find((a) => a.name.value === "name")?.value;
  return v?.kind === Kind9.STRING ? v.value : "";
});
function objectFields(sdl) {
  const types = /* @__PURE__ */ new Map();
  for (const def of parse7(sdl).definitions) {
    if (def.kind !== Kind9.OBJECT_TYPE_DEFINITION && def.kind !== Kind9.OBJECT_TYPE_EXTENSION) continue;
    const node = def;
    types.set(node.name.value, [...types.get(node.name.value) ?? [], ...node.fields ?? []]);
  }
  return types;
}
function fieldsOfProduct(product, subgraph, types) {
  return product.types.flatMap(
    (type) => (types.get(type) ?? []).map((f) => {
      const coordinate = `${type}.${f.name.value}`;
      const tags = tagsOf(f);
      return {
        product: product.id,
        subgraph,
        type,
        field: f.name.value,
        coordinate,
        returns: print5(f.type),
        description: f.description?.value ?? null,
        tags,
        classification: fieldClassification(product, coordinate, tags)
      };
    })
  );
}
function productFields(versions) {
  return versions.flatMap((v) => {
    if (!v.dataProduct) return [];
    const types = objectFields(v.sdl);
    return v.dataProduct.products.flatMap((p) => fieldsOfProduct(p, v.subgraph, types));
  });
}

// schema-registry/lineage.ts
function lineageOf(versions, fields = productFields(versions)) {
  const byCoordinate = /* @__PURE__ */ new Map();
  for (const f of fields) byCoordinate.set(f.coordinate, [...byCoordinate.get(f.coordinate) ?? [], f]);
  const derived = [];
  const builtFrom = /* @__PURE__ */ new Map();
  const feeds = /* @__PURE__ */ new Map();
  const link = (map, from2, to2) => map.set(from2, (map.get(from2) ?? /* @__PURE__ */ new Set()).add(to2));
  for (const v of versions) {
    for (const product of v.dataProduct?.products ?? []) {
      for (const [coordinate, inputCoordinates] of Object.entries(product.lineage ?? {})) {
        const own = byCoordinate.get(coordinate)?.find((f) => f.product === product.id);
        const inputs = inputCoordinates.map((c) => {
          const publishers = (byCoordinate.get(c) ?? []).filter((f) => f.product !== product.id);
          return {
            coordinate: c,
            products: [...new Set(publishers.map((f) => f.product))],
            subgraphs: [...new Set(publishers.map((f) => f.subgraph))],
            classification: strongestClassification(publishers.map((f) => f.classification))
          };
        });
        for (const input of inputs) {
          for (const p of input.products) {
            link(builtFrom, product.id, p);
            link(feeds, p, product.id);
          }
        }
        derived.push({
          coordinate,
          product: product.id,
          subgraph: v.subgraph,
          // A lineage entry the schema does not declare (the lint reports it) counts at the product's default.
          classification: own?.classification ?? product.fields?.[coordinate] ?? product.classification,
          ...product.minGroupSize !== void 0 ? { minGroupSize: product.minGroupSize } : {},
          inputs
        });
      }
    }
  }
  const sorted = (m) => new Map([...m].map(([k, s]) => [k, [...s].sort()]));
  return { derived, builtFrom: sorted(builtFrom), feeds: sorted(feeds) };
}

// schema-registry/usage/clients.ts
var clientKey = (kind, client2) => `${kind}\0${client2}`;
function byClient(rows) {
  const clients = /* @__PURE__ */ new Map();
  for (const row2 of rows) {
    const key = clientKey(row2.clientKind, row2.client);
    const c = clients.get(key) ?? { client: row2.client, kind: row2.clientKind, requests: 0, lastSeen: row2.lastSeen, operations: [] };
    const op = c.operations.find((o) => o.hash === row2.operationHash);
    if (op) op.requests = Math.max(op.requests, row2.requests);
    else c.operations.push({ name: row2.operationName, hash: row2.operationHash, requests: row2.requests });
    if (row2.lastSeen > c.lastSeen) c.lastSeen = row2.lastSeen;
    clients.set(key, c);
  }
  return [...clients.values()].map((c) => ({ ...c, requests: c.operations.reduce((n, o) => n + o.requests, 0), operations: c.operations.sort((a, b) => b.requests - a.requests) })).sort((a, b) => b.requests - a.requests || a.client.localeCompare(b.client));
}
function clientsOfTypes(days, types) {
  const wanted = new Set(types);
  const perOperationDay = /* @__PURE__ */ new Map();
  for (const d of days) {
    if (!wanted.has(d.typeName)) continue;
    const key = `${clientKey(d.clientKind, d.client)}\0${d.operationHash}\0${d.day}`;
    const seen = perOperationDay.get(key);
    if (!seen || d.requests > seen.requests) perOperationDay.set(key, d);
  }
  const clients = /* @__PURE__ */ new Map();
  for (const d of perOperationDay.values()) {
    const key = clientKey(d.clientKind, d.client);
    const c = clients.get(key) ?? { client: d.client, kind: d.clientKind, requests: 0, lastSeen: d.day };
    c.requests += d.requests;
    if (d.day > c.lastSeen) c.lastSeen = d.day;
    clients.set(key, c);
  }
  return [...clients.values()].sort((a, b) => b.requests - a.requests || a.client.localeCompare(b.client));
}

// schema-registry/catalog.ts
function buildCatalog(versions, usage = []) {
  const fields = productFields(versions);
  const lineage2 = lineageOf(versions, fields);
  return versions.flatMap((v) => {
    const d = v.dataProduct;
    if (!d) return [];
    return d.products.map((p) => ({
      id: p.id,
      name: p.name,
      status: p.status,
      purpose: p.purpose,
      types: p.types,
      sla: p.sla,
      classification: p.classification,
      cacheable: p.cacheable ?? true,
      ...p.minGroupSize !== void 0 ? { minGroupSize: p.minGroupSize } : {},
      domain: d.domain,
      team: d.team,
      contact: d.contact ?? null,
      subgraph: v.subgraph,
      version: v.version,
      lastPublishedAt: v.publishedAt,
      fields: fields.filter((f) => f.product === p.id).map(({ type, field: field2, coordinate, returns, description, tags, classification }) => ({ type, field: field2, returns, description, tags, classification, derivedFrom: p.lineage?.[coordinate] ?? [] })),
      builtFrom: lineage2.builtFrom.get(p.id) ?? [],
      feeds: lineage2.feeds.get(p.id) ?? [],
      clients: clientsOfTypes(usage, p.types)
    }));
  });
}

// schema-registry/governance.ts
import fs10 from "node:fs";
import path11 from "node:path";

// policies/lint/config.ts
import fs9 from "node:fs";
import path10 from "node:path";
import { parse as parseYaml } from "yaml";

// policies/lint/rule.ts
var SEVERITIES = ["error", "warning", "info"];
var defineRule = (rule3) => rule3;
var expect = {
  stringList: (value, name) => Array.isArray(value) && value.every((v) => typeof v === "string") ? [] : [`"${name}" must be a list of strings`],
  regexList(value, name) {
    const listed = expect.stringList(value, name);
    if (listed.length) return listed;
    return value.flatMap((source) => {
      try {
        new RegExp(source);
        return [];
      } catch (err) {
        return [`"${name}": ${err.message}`];
      }
    });
  },
  regex(value, name) {
    return typeof value === "string" ? expect.regexList([value], name) : [`"${name}" must be a regular expression string`];
  },
  boolean: (value, name) => typeof value === "boolean" ? [] : [`"${name}" must be true or false`],
  count: (value, name) => Number.isInteger(value) && value >= 0 ? [] : [`"${name}" must be a whole number of at least 0`]
};

// policies/lint/rules/dataProductMetadata.ts
var PRODUCT_REQUIREMENTS = [
  {
    missing: (p, o) => typeof p.purpose !== "string" || p.purpose.trim().length < o.minPurposeLength ? `has no purpose of at least ${o.minPurposeLength} characters` : void 0,
    fix: "Write `purpose:`: what the product holds and what it is for, in a sentence or two."
  },
  {
    missing: (p) => {
      if (typeof p.sla?.freshness !== "string") return "declares no freshness SLA";
      try {
        durationSeconds(p.sla.freshness);
        return void 0;
      } catch {
        return `has a freshness SLA "${p.sla.freshness}" that is not an ISO 8601 duration`;
      }
    },
    fix: "Add `sla: { freshness: PT1H }`: how old the data may be, as an ISO 8601 duration."
  },
  {
    missing: (p) => CLASSIFICATIONS.includes(p.classification) ? void 0 : `has no classification (one of ${CLASSIFICATIONS.join(", ")})`,
    fix: `Add \`classification:\` with one of ${CLASSIFICATIONS.join(", ")}.`
  }
];
var dataProductMetadata_default = defineRule({
  id: "data-product-metadata",
  severity: "error",
  description: "Every subgraph has a data-product descriptor, and every data product declares its owner team, purpose, freshness SLA and classification.",
  fix: "Complete data-product.yaml beside schema.graphql.",
  defaults: { minPurposeLength: 20, requireContact: false },
  optionProblems: (o) => [...expect.count(o.minPurposeLength, "minPurposeLength"), ...expect.boolean(o.requireContact, "requireContact")],
  check({ descriptor }, options) {
    if (!descriptor) return [{ message: "no data-product descriptor was published with this schema", fix: "Add data-product.yaml beside schema.graphql (dpg picks it up), or pass --data-product FILE." }];
    const problems = [];
    if (typeof descriptor.team !== "string" || !descriptor.team.trim()) problems.push({ message: "the descriptor names no owner team", fix: "Add `team:` with the owning team." });
    if (options.requireContact && !descriptor.contact?.trim()) problems.push({ message: "the descriptor names no contact", fix: "Add `contact:` with an address consumers can write to." });
    if (!Array.isArray(descriptor.products) || descriptor.products.length === 0) return [...problems, { message: "the descriptor lists no data products", fix: "List the data products under `products:`." }];
    for (const product of descriptor.products) {
      for (const requirement of PRODUCT_REQUIREMENTS) {
        const missing = requirement.missing(product ?? {}, options);
        if (missing) problems.push({ message: `data product ${product?.id ?? "(without id)"} ${missing}`, fix: requirement.fix });
      }
    }
    return problems;
  }
});

// policies/lint/schemaElements.ts
import {
  Kind as Kind10
} from "graphql";
var TYPE_KINDS = /* @__PURE__ */ new Set([
  Kind10.OBJECT_TYPE_DEFINITION,
  Kind10.OBJECT_TYPE_EXTENSION,
  Kind10.INTERFACE_TYPE_DEFINITION,
  Kind10.INTERFACE_TYPE_EXTENSION,
  Kind10.INPUT_OBJECT_TYPE_DEFINITION,
  Kind10.INPUT_OBJECT_TYPE_EXTENSION,
  Kind10.ENUM_TYPE_DEFINITION,
  Kind10.ENUM_TYPE_EXTENSION,
  Kind10.UNION_TYPE_DEFINITION,
  Kind10.UNION_TYPE_EXTENSION,
  Kind10.SCALAR_TYPE_DEFINITION,
  Kind10.SCALAR_TYPE_EXTENSION
]);
function tagsOf2(directives) {
  return (directives ?? []).flatMap((d) => {
    if (d.name.value !== "tag") return [];
    const arg = d.arguments?.find((a) => a.name.value === "name")?.value;
    return arg?.kind === Kind10.STRING ? [arg.value] : [];
  });
}
var at = (loc) => loc ? { line: loc.startToken.line, column: loc.startToken.column } : void 0;
var text2 = (d) => d?.value;
function schemaElements(doc) {
  return doc.definitions.filter((d) => TYPE_KINDS.has(d.kind)).flatMap((def) => typeElements(def));
}
function typeElements(def) {
  const typeName = def.name.value;
  const isExtension = def.kind.endsWith("Extension");
  const element = (kind, coordinate, node) => ({
    kind,
    coordinate,
    name: node.name.value,
    typeName,
    typeKind: def.kind,
    isExtension,
    description: text2(node.description),
    tags: tagsOf2(node.directives),
    location: at(node.loc)
  });
  const withFields = def;
  const isInput = def.kind === Kind10.INPUT_OBJECT_TYPE_DEFINITION || def.kind === Kind10.INPUT_OBJECT_TYPE_EXTENSION;
  return [
    element("type", typeName, def),
    ...(withFields.fields ?? []).flatMap((field2) => {
      const coordinate = `${typeName}.${field2.name.value}`;
      if (isInput) return [element("inputField", coordinate, field2)];
      const args = field2.arguments ?? [];
      return [element("field", coordinate, field2), ...args.map((arg) => element("argument", `${coordinate}(${arg.name.value}:)`, arg))];
    }),
    ...(withFields.values ?? []).map((value) => element("enumValue", `${typeName}.${value.name.value}`, value))
  ];
}
function words(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").split(/[\s_-]+/).filter(Boolean).map((w) => w.toLowerCase());
}

// policies/lint/rules/descriptions.ts
var NOUN = { type: "type", field: "field", argument: "argument", inputField: "input field", enumValue: "enum value" };
var descriptions_default = defineRule({
  id: "descriptions",
  severity: "error",
  description: "Every type, field, argument, input field and enum value has a description.",
  fix: 'Add a description string right above the element, e.g. "Registered company name."',
  // Root operation types are containers, not data; their fields still need descriptions.
  defaults: { exemptTypes: ["Query", "Mutation", "Subscription"], minLength: 3 },
  optionProblems: (o) => [...expect.stringList(o.exemptTypes, "exemptTypes"), ...expect.count(o.minLength, "minLength")],
  check({ schema }, { exemptTypes, minLength }) {
    return schemaElements(schema).filter((e) => !(e.kind === "type" && (e.isExtension || exemptTypes.includes(e.name)))).filter((e) => (e.description?.trim().length ?? 0) < minLength).map((e) => ({
      message: e.description?.trim() ? `${NOUN[e.kind]} ${e.coordinate} has a description shorter than ${minLength} characters` : `${NOUN[e.kind]} ${e.coordinate} has no description`,
      coordinate: e.coordinate,
      location: e.location
    }));
  }
});

// policies/lint/rules/descriptorConsistency.ts
var classificationTags = (e) => e.tags.filter((t) => CLASSIFICATIONS.includes(t));
function declaredClassifications(descriptor, fields) {
  const out = /* @__PURE__ */ new Map();
  for (const product of descriptor.products ?? []) {
    for (const field2 of fields.filter((f) => product.types?.includes(f.typeName))) {
      const explicit = product.fields?.[field2.coordinate];
      out.set(field2.coordinate, { classification: explicit ?? product.classification, product: product.id, explicit: explicit !== void 0 });
    }
  }
  return out;
}
var descriptorConsistency_default = defineRule({
  id: "descriptor-consistency",
  severity: "error",
  description: "The descriptor names only types and fields the schema has (in classifications and lineage), and its classifications match the schema's @tag classifications.",
  fix: "Make data-product.yaml and the @tag directives in schema.graphql agree.",
  defaults: {},
  check({ schema, descriptor }) {
    if (!descriptor || !Array.isArray(descriptor.products)) return [];
    const elements = schemaElements(schema);
    const types = new Set(elements.filter((e) => e.kind === "type").map((e) => e.name));
    const fields = elements.filter((e) => e.kind === "field");
    const byCoordinate = new Map(fields.map((f) => [f.coordinate, f]));
    const problems = [];
    for (const product of descriptor.products) {
      for (const type of product.types ?? []) {
        if (!types.has(type)) problems.push({ message: `data product ${product.id} lists type ${type}, which the schema does not define`, coordinate: type, fix: `Remove ${type} from \`types:\` or define it in the schema.` });
      }
      for (const [coordinate, classification] of Object.entries(product.fields ?? {})) {
        const field2 = byCoordinate.get(coordinate);
        if (!field2) {
          problems.push({ message: `data product ${product.id} classifies ${coordinate}, which the schema does not define`, coordinate, fix: `Remove ${coordinate} from \`fields:\` or add the field.` });
        } else if (!classificationTags(field2).includes(classification)) {
          problems.push({ message: `data product ${product.id} classifies ${coordinate} as ${classification}, but the schema does not tag it @tag(name: "${classification}")`, coordinate, location: field2.location, fix: `Add @tag(name: "${classification}") to ${coordinate}, or change the descriptor.` });
        }
      }
      for (const coordinate of Object.keys(product.lineage ?? {})) {
        if (!byCoordinate.has(coordinate)) problems.push({ message: `data product ${product.id} declares the lineage of ${coordinate}, which the schema does not define`, coordinate, fix: `Remove ${coordinate} from \`lineage:\` or add the field.` });
      }
    }
    const declared = declaredClassifications(descriptor, fields);
    for (const field2 of fields) {
      const tags = classificationTags(field2);
      if (tags.length > 1) {
        problems.push({ message: `${field2.coordinate} carries ${tags.length} classification tags (${tags.join(", ")}); it must have one`, coordinate: field2.coordinate, location: field2.location, fix: "Keep the one classification that applies." });
        continue;
      }
      const said = declared.get(field2.coordinate);
      if (tags.length === 1 && said && !said.explicit && said.classification !== tags[0]) {
        problems.push({
          message: `${field2.coordinate} is tagged ${tags[0]} but data product ${said.product} classifies it as ${said.classification}`,
          coordinate: field2.coordinate,
          location: field2.location,
          fix: `List "${field2.coordinate}: ${tags[0]}" under the product's \`fields:\`, or change the tag.`
        });
      }
    }
    return problems;
  }
});

// policies/lint/rules/naming.ts
var CONVENTIONS = {
  type: { option: "types", style: "PascalCase" },
  field: { option: "fields", style: "camelCase" },
  argument: { option: "fields", style: "camelCase" },
  inputField: { option: "fields", style: "camelCase" },
  enumValue: { option: "enumValues", style: "UPPER_CASE" }
};
var naming_default = defineRule({
  id: "naming",
  severity: "error",
  description: "Types are PascalCase; fields, arguments and input fields camelCase; enum values UPPER_CASE.",
  fix: "Rename the element to the convention.",
  defaults: { types: "^[A-Z][A-Za-z0-9]*$", fields: "^[a-z][A-Za-z0-9]*$", enumValues: "^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$" },
  optionProblems: (o) => [...expect.regex(o.types, "types"), ...expect.regex(o.fields, "fields"), ...expect.regex(o.enumValues, "enumValues")],
  check({ schema }, options) {
    const patterns = { types: new RegExp(options.types), fields: new RegExp(options.fields), enumValues: new RegExp(options.enumValues) };
    return schemaElements(schema).flatMap((e) => {
      const { option, style } = CONVENTIONS[e.kind];
      if (patterns[option].test(e.name)) return [];
      return [{ message: `${e.coordinate}: "${e.name}" is not ${style}`, coordinate: e.coordinate, location: e.location, fix: `Rename "${e.name}" to ${style}.` }];
    });
  }
});

// policies/lint/rules/personalData.ts
var personalData_default = defineRule({
  id: "personal-data-tagged",
  severity: "error",
  description: "Fields, input fields and arguments whose names look like personal data carry a classification tag.",
  fix: `Add @tag(name: "pii") (or another classification: ${CLASSIFICATIONS.join(", ")}) and list the field in data-product.yaml.`,
  defaults: {
    /** Regular expressions, each matched against one whole word of the name. */
    patterns: ["e?mail", "phone", "mobile", "name", "surname", "address", "street", "zip", "postcode", "birth", "birthday", "birthdate", "dob", "ip", "ssn", "passport", "iban"],
    /** Whether input fields and arguments are checked as well as output fields. */
    inputs: true,
    /** Coordinates (Type.field) that match a pattern but hold no personal data. */
    exempt: []
  },
  optionProblems: (o) => [...expect.regexList(o.patterns, "patterns"), ...expect.boolean(o.inputs, "inputs"), ...expect.stringList(o.exempt, "exempt")],
  check({ schema }, { patterns, inputs, exempt }) {
    const looksPersonal = new RegExp(`^(?:${patterns.join("|")})$`, "i");
    const kinds = new Set(inputs ? ["field", "inputField", "argument"] : ["field"]);
    return schemaElements(schema).filter((e) => kinds.has(e.kind) && !exempt.includes(e.coordinate)).filter((e) => words(e.name).some((w) => looksPersonal.test(w))).filter((e) => !e.tags.some((t) => CLASSIFICATIONS.includes(t))).map((e) => ({
      message: `${e.coordinate} looks like personal data ("${e.name}") but has no classification tag`,
      coordinate: e.coordinate,
      location: e.location
    }));
  }
});

// policies/lint/rules/index.ts
var RULES = [descriptions_default, dataProductMetadata_default, personalData_default, naming_default, descriptorConsistency_default];

// policies/lint/config.ts
var DEFAULT_LINT_FILE = path10.join(__dpgDir(__dpgSource("policies/lint/config.ts")), "..", "lint.yaml");
var LintConfigError = class extends Error {
  constructor(file, problems) {
    super(`${file}:
  ${problems.join("\n  ")}`);
    this.file = file;
    this.problems = problems;
  }
  file;
  problems;
};
var defaultsOf = (rules) => Object.fromEntries(rules.map((r) => [r.id, { severity: r.severity, options: { ...r.defaults } }]));
function resolveLintConfig(raw2, rules = RULES) {
  const config = defaultsOf(rules);
  const problems = [];
  if (raw2 == null) return { config, problems };
  const settings = raw2.rules;
  if (typeof raw2 !== "object" || Array.isArray(raw2) || settings != null && (typeof settings !== "object" || Array.isArray(settings))) {
    return { config, problems: ["expected `rules:` mapping rule ids to a severity or { severity, options }"] };
  }
  for (const [id, value] of Object.entries(settings ?? {})) {
    const rule3 = rules.find((r) => r.id === id);
    if (!rule3) {
      problems.push(`unknown rule "${id}"; known: ${rules.map((r) => r.id).join(", ")}`);
      continue;
    }
    const { severity = rule3.severity, options = {} } = typeof value === "string" ? { severity: value } : value ?? {};
    if (severity !== "off" && !SEVERITIES.includes(severity)) problems.push(`${id}: severity must be one of ${[...SEVERITIES, "off"].join(", ")}`);
    if (typeof options !== "object" || Array.isArray(options)) {
      problems.push(`${id}: options must be a mapping`);
      continue;
    }
    const unknown = Object.keys(options).filter((k) => !(k in rule3.defaults));
    if (unknown.length) problems.push(`${id}: unknown option${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; known: ${Object.keys(rule3.defaults).join(", ") || "none"}`);
    const merged = { ...rule3.defaults, ...options };
    problems.push(...(rule3.optionProblems?.(merged) ?? []).map((p) => `${id}: ${p}`));
    config[id] = { severity, options: merged };
  }
  return { config, problems };
}
function loadLintConfig(file = DEFAULT_LINT_FILE) {
  let raw2;
  try {
    raw2 = parseYaml(fs9.readFileSync(file, "utf8"));
  } catch (err) {
    throw new LintConfigError(file, [err.message]);
  }
  const { config, problems } = resolveLintConfig(raw2);
  if (problems.length) throw new LintConfigError(file, problems);
  return config;
}

// policies/declassifications.ts
function declassifications(dir = RULES_DIR) {
  const { policy, problems } = parsePolicy(readPolicyDir(dir));
  if (!policy) throw new Error(`policies do not load:
${formatProblems(problems)}`);
  return ruleSet(policy).declassifications.map((l) => ({ ...l.rule, ...where(l) }));
}

// schema-registry/governance.ts
function governanceFrom(options) {
  const lintFile = path11.join(options.policiesDir, "lint.yaml");
  const rulesDir = path11.join(options.policiesDir, "rules");
  const mtime = () => fs10.existsSync(lintFile) ? fs10.statSync(lintFile).mtimeMs : 0;
  let seen = mtime();
  let lint2 = seen ? loadLintConfig(lintFile) : resolveLintConfig(null).config;
  if (!seen) options.logger.warn({ file: lintFile }, "no lint.yaml: every governance lint rule runs with its defaults");
  return {
    lintConfig() {
      const now = mtime();
      if (now !== seen) {
        seen = now;
        try {
          lint2 = now ? loadLintConfig(lintFile) : resolveLintConfig(null).config;
          options.logger.info({ file: lintFile }, "lint settings reloaded");
        } catch (err) {
          options.logger.error({ err: err.message }, "lint.yaml is invalid; keeping the previous settings");
        }
      }
      return lint2;
    },
    policyReferences: () => policyReferences(rulesDir),
    declassifications: async () => declassifications(rulesDir),
    usageWindowDays: options.usageWindowDays,
    now: options.now ?? (() => /* @__PURE__ */ new Date())
  };
}

// schema-registry/checks/finding.ts
function summarize(findings) {
  const count = (s) => findings.filter((f) => f.severity === s).length;
  return { ok: count("error") === 0, errors: count("error"), warnings: count("warning"), infos: count("info") };
}

// schema-registry/compose.ts
import { composeServices } from "@apollo/composition";
import { parse as parse8 } from "graphql";
function parseSubgraph(source) {
  try {
    return parse8(source.sdl);
  } catch (err) {
    const e = err;
    return { message: `[${source.name}] ${e.message}`, code: "INVALID_GRAPHQL", subgraph: source.name, locations: e.locations?.map(({ line, column: column2 }) => ({ line, column: column2 })) };
  }
}
function compose(sources) {
  const parsed = sources.map((s) => ({ source: s, doc: parseSubgraph(s) }));
  const parseErrors = parsed.filter((p) => !("kind" in p.doc)).map((p) => p.doc);
  if (parseErrors.length) return { ok: false, errors: parseErrors };
  const services = parsed.map(({ source, doc }) => ({ name: source.name, url: source.url, typeDefs: doc })).sort((a, b) => a.name.localeCompare(b.name));
  const result = composeServices(services);
  if (result.errors) return { ok: false, errors: result.errors.map(toProblem) };
  const supergraphSdl = result.supergraphSdl;
  return { ok: true, supergraphSdl, hash: sha256(supergraphSdl), hints: result.hints.map((h) => h.toString()) };
}
function toProblem(error) {
  const subgraph = /^\[([^\]]+)\]/.exec(error.message)?.[1];
  const locations = error.locations ?? error.nodes?.flatMap((n) => n.loc ? [{ line: n.loc.startToken.line, column: n.loc.startToken.column }] : []);
  return {
    message: error.message,
    code: String(error.extensions?.code ?? "COMPOSITION_ERROR"),
    ...subgraph ? { subgraph } : {},
    ...locations?.length ? { locations } : {}
  };
}

// schema-registry/diff/deprecations.ts
import { Kind as Kind11, parse as parse9 } from "graphql";
var isDeprecated = (directives) => (directives ?? []).some((d) => d.name.value === "deprecated");
function deprecatedCoordinates(sdl) {
  const doc = parse9(sdl);
  const deprecated = /* @__PURE__ */ new Set();
  for (const def of doc.definitions) {
    if (!("name" in def) || !def.name) continue;
    const type = def.name.value;
    const fields = "fields" in def ? def.fields ?? [] : [];
    for (const field2 of fields) {
      if (isDeprecated(field2.directives)) deprecated.add(`${type}.${field2.name.value}`);
      if (field2.kind === Kind11.FIELD_DEFINITION) {
        for (const arg of field2.arguments ?? []) if (isDeprecated(arg.directives)) deprecated.add(`${type}.${field2.name.value}(${arg.name.value}:)`);
      }
    }
    const values = "values" in def ? def.values ?? [] : [];
    for (const value of values) if (isDeprecated(value.directives)) deprecated.add(`${type}.${value.name.value}`);
  }
  return deprecated;
}
async function deprecatedSince(coordinates, newestFirst2) {
  const since = /* @__PURE__ */ new Map();
  let open;
  for await (const entry of newestFirst2) {
    open = (open ?? coordinates.filter((c) => entry.deprecated.has(c))).filter((c) => entry.deprecated.has(c));
    for (const c of open) since.set(c, entry.createdAt);
    if (open.length === 0) break;
  }
  return since;
}

// schema-registry/store.ts
var VERSION_COLUMNS = `v.subgraph, v.version, v.sdl, v.url, v.data_product AS "dataProduct", v.hash, v.published_at AS "publishedAt", v.published_by AS "publishedBy", v.label`;
var SUPERGRAPH_COLUMNS = `id, sdl, hash, subgraphs, reason, created_at AS "createdAt"`;
var iso = (row2) => ({
  ...row2,
  ...row2.publishedAt instanceof Date ? { publishedAt: row2.publishedAt.toISOString() } : {},
  ...row2.createdAt instanceof Date ? { createdAt: row2.createdAt.toISOString() } : {}
});
async function currentVersions(db) {
  const rows = await db.query(
    `SELECT ${VERSION_COLUMNS} FROM subgraphs s JOIN subgraph_versions v ON v.subgraph = s.name AND v.version = s.current_version ORDER BY s.name`
  );
  return rows.map(iso);
}
async function versionOf(db, subgraph, version) {
  const [row2] = await db.query(`SELECT ${VERSION_COLUMNS} FROM subgraph_versions v WHERE v.subgraph = $1 AND v.version = $2`, [subgraph, version]);
  return row2 && iso(row2);
}
async function history(db, subgraph) {
  const rows = await db.query(
    `SELECT v.subgraph, v.version, v.url, v.hash, v.published_at AS "publishedAt", v.published_by AS "publishedBy", v.label, COALESCE(s.current_version = v.version, false) AS current
     FROM subgraph_versions v LEFT JOIN subgraphs s ON s.name = v.subgraph WHERE v.subgraph = $1 ORDER BY v.version`,
    [subgraph]
  );
  return rows.map(iso);
}
async function insertVersion(db, v) {
  const [{ next }] = await db.query(`SELECT COALESCE(max(version), 0) + 1 AS next FROM subgraph_versions WHERE subgraph = $1`, [v.subgraph]);
  await db.query(`INSERT INTO subgraph_versions (subgraph, version, sdl, url, data_product, hash, published_by, label) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
    v.subgraph,
    next,
    v.sdl,
    v.url,
    v.dataProduct === null ? null : JSON.stringify(v.dataProduct),
    v.hash,
    v.publishedBy,
    v.label
  ]);
  await setCurrent(db, v.subgraph, next);
  return next;
}
async function setCurrent(db, subgraph, version) {
  await db.query(
    `INSERT INTO subgraphs (name, current_version) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET current_version = EXCLUDED.current_version, updated_at = now()`,
    [subgraph, version]
  );
}
async function latestSupergraph(db) {
  const [row2] = await db.query(`SELECT ${SUPERGRAPH_COLUMNS} FROM supergraph_versions ORDER BY id DESC LIMIT 1`);
  return row2 && iso(row2);
}
async function latestSupergraphHash(db) {
  const [row2] = await db.query(`SELECT id, hash FROM supergraph_versions ORDER BY id DESC LIMIT 1`);
  return row2;
}
async function supergraphHistory(db, limit = 100) {
  const rows = await db.query(`SELECT id, hash, subgraphs, reason, created_at AS "createdAt" FROM supergraph_versions ORDER BY id DESC LIMIT $1`, [limit]);
  return rows.map(iso);
}
async function supergraphsBefore(db, beforeId, limit) {
  const rows = await db.query(
    `SELECT id, sdl, hash, created_at AS "createdAt" FROM supergraph_versions WHERE ($1::bigint IS NULL OR id < $1::bigint) ORDER BY id DESC LIMIT $2`,
    [beforeId ?? null, limit]
  );
  return rows.map(iso);
}
async function versionLabelled(db, subgraph, label) {
  const [row2] = await db.query(`SELECT version FROM subgraph_versions WHERE subgraph = $1 AND label = $2 ORDER BY version DESC LIMIT 1`, [subgraph, label]);
  return row2?.version;
}
async function insertSupergraph(db, s) {
  const [{ id }] = await db.query(`INSERT INTO supergraph_versions (sdl, hash, subgraphs, reason) VALUES ($1, $2, $3, $4) RETURNING id`, [
    s.sdl,
    s.hash,
    JSON.stringify(s.subgraphs),
    s.reason
  ]);
  return id;
}
async function lockRegistry(db) {
  await db.query(`SELECT pg_advisory_xact_lock(4100)`);
}

// schema-registry/usage/store.ts
var RETENTION_DAYS = 400;
var isoDay = (d) => d.toISOString().slice(0, 10);
var daysBefore = (now, days) => isoDay(new Date(now.getTime() - days * 864e5));
async function recordUsage(db, rows, now) {
  if (rows.length) {
    const column2 = (k) => rows.map((r) => r[k]);
    await db.query(
      `INSERT INTO usage_daily (day, coordinate, type_name, client, client_kind, operation_hash, operation_name, requests)
       SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[])
       ON CONFLICT (day, coordinate, client_kind, client, operation_hash) DO UPDATE SET requests = usage_daily.requests + EXCLUDED.requests, operation_name = EXCLUDED.operation_name`,
      [column2("day"), column2("coordinate"), column2("typeName"), column2("client"), column2("clientKind"), column2("operationHash"), column2("operationName"), column2("requests")]
    );
  }
  await db.query(`DELETE FROM usage_daily WHERE day < $1::date`, [daysBefore(now, RETENTION_DAYS)]);
}
async function usageSince(db, sinceDay, types) {
  const rows = await db.query(
    `SELECT coordinate, type_name AS "typeName", client, client_kind AS "clientKind", operation_hash AS "operationHash", max(operation_name) AS "operationName",
            sum(requests) AS requests, max(day) AS "lastSeen"
     FROM usage_daily WHERE day >= $1::date AND ($2::text[] IS NULL OR type_name = ANY($2::text[]))
     GROUP BY coordinate, type_name, client, client_kind, operation_hash
     ORDER BY coordinate, client, client_kind, operation_hash`,
    [sinceDay, types ?? null]
  );
  return rows.map((r) => ({ ...r, requests: Number(r.requests), lastSeen: typeof r.lastSeen === "string" ? r.lastSeen : isoDay(r.lastSeen) }));
}
async function operationDaysSince(db, sinceDay) {
  const rows = await db.query(
    `SELECT client, client_kind AS "clientKind", type_name AS "typeName", operation_hash AS "operationHash", day::text AS day, max(requests) AS requests
     FROM usage_daily WHERE day >= $1::date GROUP BY client, client_kind, type_name, operation_hash, day`,
    [sinceDay]
  );
  return rows.map((r) => ({ ...r, requests: Number(r.requests) }));
}

// schema-registry/checks/gather.ts
var deprecatedBySupergraph = /* @__PURE__ */ new Map();
var PAGE = 20;
async function* newestFirst(db) {
  let before;
  for (; ; ) {
    const page = await supergraphsBefore(db, before, PAGE);
    for (const s of page) {
      let deprecated = deprecatedBySupergraph.get(s.hash);
      if (!deprecated) {
        deprecated = deprecatedCoordinates(s.sdl);
        if (deprecatedBySupergraph.size > 500) deprecatedBySupergraph.clear();
        deprecatedBySupergraph.set(s.hash, deprecated);
      }
      yield { createdAt: s.createdAt, deprecated };
    }
    if (page.length < PAGE) return;
    before = page[page.length - 1].id;
  }
}
async function gatherContext(db, proposal, principal, governance) {
  const live = await currentVersions(db);
  const latest = await latestSupergraph(db);
  const owner = await ownerOf(db, proposal.name);
  const sources = [...live.filter((v) => v.subgraph !== proposal.name).map((v) => ({ name: v.subgraph, url: v.url, sdl: v.sdl })), { name: proposal.name, url: proposal.url, sdl: proposal.sdl }];
  const now = governance.now();
  return {
    proposal,
    live,
    composed: compose(sources),
    current: latest && { id: latest.id, sdl: latest.sdl },
    owner,
    principal,
    lintConfig: governance.lintConfig(),
    usageWindowDays: governance.usageWindowDays,
    now,
    usage: (types) => usageSince(db, daysBefore(now, governance.usageWindowDays), types),
    deprecatedSince: (coordinates) => deprecatedSince(coordinates, newestFirst(db)),
    policyReferences: governance.policyReferences,
    declassifications: governance.declassifications
  };
}

// schema-registry/diff/changes.ts
import {
  findBreakingChanges,
  findDangerousChanges,
  isEnumType as isEnumType2,
  isInputObjectType as isInputObjectType3,
  isInterfaceType as isInterfaceType3,
  isIntrospectionType as isIntrospectionType2,
  isObjectType as isObjectType5
} from "graphql";
var exact = (coordinate, deprecatable = false) => ({ coordinate, affects: { coordinates: [coordinate], types: [] }, ...deprecatable ? { deprecatable: coordinate } : {} });
var wholeType = (coordinate, type) => ({ coordinate, affects: { coordinates: [], types: [type] } });
var unused = (coordinate) => ({ coordinate, affects: { coordinates: [], types: [] } });
var TEMPLATES = {
  TYPE_REMOVED: { pattern: /^(?:Standard scalar )?(\w+) was removed/, classification: "breaking", read: (m) => wholeType(m[1], m[1]) },
  TYPE_CHANGED_KIND: { pattern: /^(\w+) changed from /, classification: "breaking", read: (m) => wholeType(m[1], m[1]) },
  // Operations break where they spread a fragment on the removed member.
  TYPE_REMOVED_FROM_UNION: { pattern: /^(\w+) was removed from union type (\w+)\.$/, classification: "breaking", read: (m) => wholeType(`${m[2]}`, m[1]) },
  VALUE_REMOVED_FROM_ENUM: { pattern: /^(\w+) was removed from enum type (\w+)\.$/, classification: "breaking", read: (m) => exact(`${m[2]}.${m[1]}`, true) },
  REQUIRED_INPUT_FIELD_ADDED: { pattern: /^A required field (\w+) on input type (\w+) was added\.$/, classification: "breaking", read: (m) => wholeType(`${m[2]}.${m[1]}`, m[2]) },
  IMPLEMENTED_INTERFACE_REMOVED: { pattern: /^(\w+) no longer implements interface (\w+)\.$/, classification: "breaking", read: (m) => wholeType(m[1], m[1]) },
  FIELD_REMOVED: { pattern: /^(\w+)\.(\w+) was removed\.$/, classification: "breaking", read: (m) => exact(`${m[1]}.${m[2]}`, true) },
  FIELD_CHANGED_KIND: { pattern: /^(\w+)\.(\w+) changed type from /, classification: "breaking", read: (m) => exact(`${m[1]}.${m[2]}`) },
  // Every operation selecting the field lacks the new argument.
  REQUIRED_ARG_ADDED: { pattern: /^A required arg (\w+) on (\w+)\.(\w+) was added\.$/, classification: "breaking", read: (m) => ({ coordinate: `${m[2]}.${m[3]}(${m[1]}:)`, affects: { coordinates: [`${m[2]}.${m[3]}`], types: [] } }) },
  ARG_REMOVED: { pattern: /^(\w+)\.(\w+) arg (\w+) was removed\.$/, classification: "breaking", read: (m) => exact(`${m[1]}.${m[2]}(${m[3]}:)`, true) },
  ARG_CHANGED_KIND: { pattern: /^(\w+)\.(\w+) arg (\w+) has changed type from /, classification: "breaking", read: (m) => exact(`${m[1]}.${m[2]}(${m[3]}:)`) },
  DIRECTIVE_REMOVED: { pattern: /^(\w+) was removed\.$/, classification: "breaking", read: (m) => exact(`@${m[1]}`) },
  DIRECTIVE_ARG_REMOVED: { pattern: /^(\w+) was removed from (\w+)\.$/, classification: "breaking", read: (m) => exact(`@${m[2]}`) },
  REQUIRED_DIRECTIVE_ARG_ADDED: { pattern: /^A required arg (\w+) on directive (\w+) was added\.$/, classification: "breaking", read: (m) => exact(`@${m[2]}`) },
  DIRECTIVE_REPEATABLE_REMOVED: { pattern: /^Repeatable flag was removed from (\w+)\.$/, classification: "breaking", read: (m) => exact(`@${m[1]}`) },
  DIRECTIVE_LOCATION_REMOVED: { pattern: /^(\w+) was removed from (\w+)\.$/, classification: "breaking", read: (m) => exact(`@${m[2]}`) },
  // Clients may meet a value (or type) their code does not handle.
  VALUE_ADDED_TO_ENUM: { pattern: /^(\w+) was added to enum type (\w+)\.$/, classification: "dangerous", read: (m) => unused(`${m[2]}.${m[1]}`) },
  TYPE_ADDED_TO_UNION: { pattern: /^(\w+) was added to union type (\w+)\.$/, classification: "dangerous", read: (m) => unused(m[2]) },
  IMPLEMENTED_INTERFACE_ADDED: { pattern: /^(\w+) added to interfaces implemented by (\w+)\.$/, classification: "dangerous", read: (m) => unused(m[2]) },
  // Operations that leave the argument out now get a different default.
  ARG_DEFAULT_VALUE_CHANGE: { pattern: /^(\w+)\.(\w+) arg (\w+) (?:defaultValue was removed|has changed defaultValue)/, classification: "dangerous", read: (m) => ({ coordinate: `${m[1]}.${m[2]}(${m[3]}:)`, affects: { coordinates: [`${m[1]}.${m[2]}`], types: [] } }) },
  // graphql calls these dangerous; no existing operation sends them, so for clients they are safe.
  OPTIONAL_INPUT_FIELD_ADDED: { pattern: /^An optional field (\w+) on input type (\w+) was added\.$/, classification: "safe", read: (m) => unused(`${m[2]}.${m[1]}`) },
  OPTIONAL_ARG_ADDED: { pattern: /^An optional arg (\w+) on (\w+)\.(\w+) was added\.$/, classification: "safe", read: (m) => unused(`${m[2]}.${m[3]}(${m[1]}:)`) }
};
function fromGraphql(type, description, fallback) {
  const template = TEMPLATES[type];
  const match2 = template?.pattern.exec(description);
  if (!template || !match2) return { kind: type, classification: fallback, description, affects: null };
  return { kind: type, classification: template.classification, description, ...template.read(match2) };
}
var userTypes = (schema) => Object.values(schema.getTypeMap()).filter((t) => !isIntrospectionType2(t));
var fieldsOf = (t) => isObjectType5(t) || isInterfaceType3(t) ? t.getFields() : {};
function safeChanges(before, after, reported) {
  const out = [];
  const safe = (kind, coordinate, description) => out.push({ kind, classification: "safe", description, coordinate, affects: { coordinates: [], types: [] } });
  for (const type of userTypes(after)) {
    const old = before.getType(type.name);
    if (!old) {
      safe("TYPE_ADDED", type.name, `${type.name} was added.`);
      continue;
    }
    const oldFields = fieldsOf(old);
    for (const field2 of Object.values(fieldsOf(type))) {
      const coordinate = `${type.name}.${field2.name}`;
      const was = oldFields[field2.name];
      if (!was) safe("FIELD_ADDED", coordinate, `${coordinate} was added.`);
      else {
        if (String(was.type) !== String(field2.type) && !reported.has(coordinate)) safe("FIELD_TYPE_TIGHTENED", coordinate, `${coordinate} changed type from ${was.type} to ${field2.type}, which existing clients can read.`);
        if (field2.deprecationReason != null && was.deprecationReason == null) safe("FIELD_DEPRECATED", coordinate, `${coordinate} was deprecated: ${field2.deprecationReason}`);
      }
    }
    if (isEnumType2(type) && isEnumType2(old)) {
      for (const value of type.getValues()) {
        const was = old.getValue(value.name);
        if (was && value.deprecationReason != null && was.deprecationReason == null) safe("ENUM_VALUE_DEPRECATED", `${type.name}.${value.name}`, `${type.name}.${value.name} was deprecated: ${value.deprecationReason}`);
      }
    }
    if (isInputObjectType3(type) && isInputObjectType3(old)) {
      const oldInput = old.getFields();
      for (const field2 of Object.values(type.getFields())) {
        const was = oldInput[field2.name];
        if (was && field2.deprecationReason != null && was.deprecationReason == null) safe("INPUT_FIELD_DEPRECATED", `${type.name}.${field2.name}`, `${type.name}.${field2.name} was deprecated: ${field2.deprecationReason}`);
      }
    }
  }
  return out;
}
function schemaChanges(before, after) {
  const detected = [
    ...findBreakingChanges(before, after).map((c) => fromGraphql(c.type, c.description, "breaking")),
    ...findDangerousChanges(before, after).map((c) => fromGraphql(c.type, c.description, "dangerous"))
  ];
  const reported = new Set(detected.flatMap((c) => c.coordinate ? [c.coordinate] : []));
  return [...detected, ...safeChanges(before, after, reported)];
}
function touches(affects, coordinate) {
  if (affects.coordinates.includes(coordinate)) return true;
  return affects.types.some((t) => coordinate === t || coordinate.startsWith(`${t}.`));
}
var typesOf = (affects) => [.../* @__PURE__ */ new Set([...affects.types, ...affects.coordinates.map((c) => c.split(".")[0])])];

// schema-registry/checks/usageVerdict.ts
var DAY_MS = 864e5;
var deprecatedLongEnough = (v) => v.deprecatedSince !== void 0 && v.now.getTime() - Date.parse(v.deprecatedSince) > v.windowDays * DAY_MS;
var clientList = (v) => v.anonymous ? "" : `: ${v.clients.map((c) => c.client).join(", ")}`;
var plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
var VERDICTS = [
  { applies: (v) => v.change.classification === "breaking" && v.change.affects === null, severity: "error", note: () => "The registry cannot relate this change to usage, so it counts as used." },
  {
    applies: (v) => v.change.classification === "breaking" && v.clients.length > 0 && deprecatedLongEnough(v),
    severity: "warning",
    note: (v) => `Deprecated since ${v.deprecatedSince.slice(0, 10)}, longer than the ${v.windowDays}-day window, so it may go; still used by ${plural(v.clients.length, "client")}${clientList(v)}.`
  },
  { applies: (v) => v.change.classification === "breaking" && v.clients.length > 0, severity: "error", note: (v) => `Used by ${plural(v.clients.length, "client")} in the last ${v.windowDays} days${clientList(v)}.` },
  { applies: (v) => v.change.classification === "breaking", severity: "warning", note: (v) => `No client used it in the last ${v.windowDays} days.` },
  { applies: (v) => v.change.classification === "dangerous", severity: "warning", note: (v) => v.clients.length ? `Used by ${plural(v.clients.length, "client")}${clientList(v)}.` : "" },
  { applies: () => true, severity: "info", note: () => "" }
];
var FIXES = {
  FIELD_REMOVED: (c, w) => `Keep ${c} and mark it @deprecated(reason: "use \u2026 instead"); remove it once it has been deprecated for ${w} days or unused for ${w} days.`,
  ARG_REMOVED: (c, w) => `Keep ${c} and mark it @deprecated(reason: "\u2026"); remove it once it has been deprecated for ${w} days or unused for ${w} days.`,
  VALUE_REMOVED_FROM_ENUM: (c, w) => `Keep ${c} and mark it @deprecated(reason: "\u2026"); remove it once it has been deprecated for ${w} days or unused for ${w} days.`,
  FIELD_CHANGED_KIND: (c) => `Add a new field with the new type beside ${c}, deprecate ${c}, and remove it once clients have moved.`,
  ARG_CHANGED_KIND: (c) => `Add a new argument with the new type beside ${c}, deprecate ${c}, and remove it once clients have moved.`,
  REQUIRED_ARG_ADDED: (c) => `Make ${c} optional, or give it a default value.`,
  REQUIRED_INPUT_FIELD_ADDED: (c) => `Make ${c} optional, or give it a default value.`,
  TYPE_REMOVED: (c) => `Deprecate the fields that return ${c} first; remove it once they are unused.`
};
function judge(v) {
  const verdict = VERDICTS.find((row2) => row2.applies(v));
  const note = verdict.note(v);
  const fix = verdict.severity === "info" ? void 0 : FIXES[v.change.kind]?.(v.change.coordinate ?? "the element", v.windowDays);
  return {
    check: "breaking-changes",
    severity: verdict.severity,
    code: v.change.kind,
    classification: v.change.classification,
    message: note ? `${v.change.description} ${note}` : v.change.description,
    ...v.change.coordinate ? { coordinate: v.change.coordinate } : {},
    ...v.clients.length && !v.anonymous ? { clients: v.clients } : {},
    ...fix ? { fix } : {}
  };
}

// schema-registry/checks/breakingChanges.ts
var usageOf = (change, usage) => change.affects ? byClient(usage.filter((u) => touches(change.affects, u.coordinate))) : [];
var breakingChanges = {
  id: "breaking-changes",
  description: "Changes to the API schema, classified breaking / dangerous / safe; a breaking change fails only when clients used it within the window.",
  async run(ctx) {
    if (!ctx.composed.ok || !ctx.current) return [];
    const changes = schemaChanges(apiSchemaOf(ctx.current.sdl), apiSchemaOf(ctx.composed.supergraphSdl));
    const risky = changes.filter((c) => c.classification !== "safe");
    const types = [...new Set(risky.flatMap((c) => c.affects ? typesOf(c.affects) : []))];
    const usage = types.length ? await ctx.usage(types) : [];
    const deprecatable = risky.flatMap((c) => c.classification === "breaking" && c.deprecatable ? [c.deprecatable] : []);
    const since = deprecatable.length ? await ctx.deprecatedSince(deprecatable) : /* @__PURE__ */ new Map();
    return changes.map((change) => ({
      ...judge({
        change,
        clients: usageOf(change, usage),
        deprecatedSince: change.deprecatable ? since.get(change.deprecatable) : void 0,
        windowDays: ctx.usageWindowDays,
        now: ctx.now,
        anonymous: !ctx.principal
      }),
      subgraph: ctx.proposal.name
    }));
  }
};

// schema-registry/checks/composition.ts
function compositionFindings(errors, subgraph) {
  return errors.map((e) => ({
    check: "composition",
    severity: "error",
    code: e.code,
    message: e.message,
    subgraph: e.subgraph ?? subgraph,
    ...e.locations?.[0] ? { location: e.locations[0] } : {}
  }));
}
var composition = {
  id: "composition",
  description: "The schema parses and composes with the live versions of every other subgraph.",
  run({ proposal, live, composed }) {
    if (!composed.ok) return compositionFindings(composed.errors, proposal.name);
    const others = live.filter((v) => v.subgraph !== proposal.name).map((v) => v.subgraph);
    return [{ check: "composition", severity: "info", code: "COMPOSES", message: others.length ? `composes with ${others.join(", ")}` : "composes on its own (no other subgraph is live)", subgraph: proposal.name }];
  }
};

// schema-registry/checks/governanceLint.ts
import { parse as parse11 } from "graphql";

// policies/lint/index.ts
import { parse as parse10 } from "graphql";
function lint(schema, descriptor, config = resolveLintConfig(null).config, rules = RULES) {
  const document = typeof schema === "string" ? parse10(schema) : schema;
  return rules.flatMap((rule3) => {
    const setting = config[rule3.id] ?? { severity: rule3.severity, options: rule3.defaults };
    if (setting.severity === "off") return [];
    return rule3.check({ schema: document, descriptor }, setting.options).map((p) => ({ rule: rule3.id, severity: setting.severity, ...p, fix: p.fix ?? rule3.fix }));
  });
}

// schema-registry/checks/governanceLint.ts
var governanceLint = {
  id: "governance-lint",
  description: "The schema and data-product descriptor follow the rules in policies/lint.yaml.",
  run({ proposal, lintConfig }) {
    let schema;
    try {
      schema = parse11(proposal.sdl);
    } catch {
      return [];
    }
    return lint(schema, proposal.dataProduct, lintConfig).map(({ rule: rule3, ...f }) => ({ check: "governance-lint", code: rule3, subgraph: proposal.name, ...f }));
  }
};

// schema-registry/checks/lineage.ts
var list2 = (d, pick) => d.inputs.filter(pick).map((i) => `${i.coordinate} (${i.classification}, ${i.products.join(", ")})`).join(", ");
function lineageFindings(derived, declassifications2, subgraph) {
  const findings = [];
  const add2 = (d, severity, code, message, extra = {}) => findings.push({ check: "lineage", severity, code, message, coordinate: d.coordinate, subgraph, ...extra });
  for (const d of derived) {
    const producing = d.subgraph === subgraph;
    if (!producing && !d.inputs.some((i) => i.subgraphs.includes(subgraph))) continue;
    const unpublished = d.inputs.filter((i) => i.classification === void 0);
    if (producing && unpublished.length) {
      add2(d, "warning", "LINEAGE_INPUT_UNPUBLISHED", `${d.coordinate} is computed from ${unpublished.map((i) => i.coordinate).join(", ")}, which no live data product publishes; its classification is checked when it is published.`, {
        fix: "Correct the lineage in data-product.yaml if the input is misspelt."
      });
    }
    const strongest = strongestClassification(d.inputs.flatMap((i) => i.classification ? [i.classification] : []));
    if (!strongest || compareClassifications(d.classification, strongest) >= 0) continue;
    const inputs = list2(d, (i) => i.classification === strongest);
    const declassified = declassifications2.find((x) => x.field === d.coordinate);
    if (!declassified) {
      add2(d, "error", "CLASSIFICATION_WEAKER_THAN_INPUTS", `${d.coordinate} (${d.product}) is classified ${d.classification}, but it is computed from ${inputs}: a derived field is at least as sensitive as its most sensitive input.`, {
        fix: `Classify ${d.coordinate} as ${strongest} (@tag(name: "${strongest}") and the descriptor's \`fields:\`)${producing ? "" : ` before this change, in ${d.subgraph}`}, or ask the governance team for a reviewed declassification (\`declassify:\` in policies/rules/).`
      });
      continue;
    }
    const policy = { file: declassified.file, line: declassified.line, rule: declassified.id };
    if (compareClassifications(d.classification, declassified.to) < 0) {
      add2(d, "error", "CLASSIFICATION_BELOW_DECLASSIFICATION", `${d.coordinate} is classified ${d.classification}, less sensitive than declassification ${declassified.id} allows (${declassified.to}).`, {
        policy,
        fix: `Classify ${d.coordinate} as ${declassified.to} or more sensitive.`
      });
    } else if ((d.minGroupSize ?? 0) < declassified.when.minGroupSize) {
      add2(d, "error", "DECLASSIFICATION_CONDITION_UNMET", `declassification ${declassified.id} lets ${d.coordinate} be ${declassified.to} only when every value aggregates at least ${declassified.when.minGroupSize} input rows, but data product ${d.product} declares ${d.minGroupSize === void 0 ? "no minGroupSize" : `minGroupSize ${d.minGroupSize}`}.`, {
        policy,
        fix: `Leave out groups smaller than ${declassified.when.minGroupSize} and declare \`minGroupSize: ${declassified.when.minGroupSize}\` for ${d.product}, or classify ${d.coordinate} as ${strongest}.`
      });
    } else {
      add2(d, "info", "DECLASSIFIED", `${d.coordinate} is ${d.classification} although computed from ${inputs}: declassified by ${declassified.id} \u2014 ${declassified.reason}`, { policy });
    }
  }
  return findings;
}
var lineage = {
  id: "lineage",
  description: "A derived field is classified at least as its most sensitive input, unless a reviewed declassification in the access policy applies.",
  async run(ctx) {
    const { proposal } = ctx;
    const versions = [...ctx.live.filter((v) => v.subgraph !== proposal.name), { subgraph: proposal.name, sdl: proposal.sdl, dataProduct: proposal.dataProduct }];
    let derived;
    try {
      derived = lineageOf(versions).derived;
    } catch {
      return [];
    }
    if (!derived.length) return [];
    let declassifications2 = [];
    const notes = [];
    try {
      declassifications2 = await ctx.declassifications();
    } catch (err) {
      notes.push({ check: "lineage", severity: "warning", code: "POLICIES_UNREADABLE", message: `the access policies could not be read, so no declassification applies: ${err.message}`, subgraph: proposal.name });
    }
    return [...notes, ...lineageFindings(derived, declassifications2, proposal.name)];
  }
};

// schema-registry/checks/ownership.ts
var ownership = {
  id: "ownership",
  description: "The token's team owns the subgraph (or may act for every team), and the descriptor names the owning team.",
  run({ proposal, owner, principal }) {
    const finding = (severity, code, message, fix) => [{ check: "ownership", severity, code, message, subgraph: proposal.name, ...fix ? { fix } : {} }];
    const descriptorTeam = proposal.dataProduct?.team ?? null;
    if (!principal) return finding("info", "NOT_CHECKED", `sent without a token, so ownership was not checked${owner ? `; ${proposal.name} belongs to team ${owner}` : ""}`, "Set DPG_TOKEN to your team's registry token.");
    const decision = decideWrite(principal, proposal.name, owner, descriptorTeam);
    if (!decision.allowed) return finding("error", "FORBIDDEN", decision.reason, `Publish with a token of team ${owner}, or ask the governance team.`);
    const team = owner ?? decision.claimFor;
    if (descriptorTeam && descriptorTeam !== team) {
      return finding("error", "TEAM_MISMATCH", `data-product.yaml names team ${descriptorTeam}, but ${proposal.name} ${owner ? "belongs" : "would belong"} to team ${team}`, `Set \`team: ${team}\` in data-product.yaml, or publish with a token of team ${descriptorTeam}.`);
    }
    return finding("info", owner ? "OWNED" : "CLAIMS", owner ? `${proposal.name} belongs to team ${owner}` : `first publish: claims ${proposal.name} for team ${team}`);
  }
};

// schema-registry/diff/tags.ts
import { parse as parse12 } from "graphql";
function taggedElements(sdl) {
  return new Map(
    schemaElements(parse12(sdl)).filter((e) => e.kind === "type" || e.kind === "field" || e.kind === "inputField").map((e) => [e.coordinate, [...e.tags].sort()])
  );
}

// schema-registry/checks/policyImpact.ts
var same = (a, b) => a.length === b.length && a.every((t, i) => t === b[i]);
var tagList = (tags) => tags.length ? tags.join(", ") : "no tags";
function fate(coordinate, before, after) {
  const was = before.get(coordinate);
  const now = after.get(coordinate);
  if (!was) return void 0;
  if (!now) return { code: "POLICY_REFERENCE_REMOVED", what: `removes ${coordinate}` };
  if (!same(was, now)) return { code: "POLICY_REFERENCE_RETAGGED", what: `retags ${coordinate} from ${tagList(was)} to ${tagList(now)}` };
  return void 0;
}
function policyImpactFindings(before, after, references, subgraph) {
  const findings = /* @__PURE__ */ new Map();
  const add2 = (ref, coordinate, code, what) => {
    const key = `${coordinate}\0${ref.file}\0${ref.line}\0${ref.rule}`;
    if (findings.has(key)) return;
    findings.set(key, {
      check: "policy-impact",
      severity: "error",
      code,
      message: `this change ${what}, which access policy rule ${ref.rule} (${ref.file}:${ref.line}) names`,
      coordinate,
      subgraph,
      policy: { file: ref.file, line: ref.line, rule: ref.rule },
      fix: `Keep ${coordinate} as it is, or change rule ${ref.rule} in ${ref.file} first (with the governance team) and publish after it.`
    });
  };
  for (const ref of references) {
    for (const coordinate of [ref.coordinate, ref.type].filter((c) => Boolean(c))) {
      const changed = fate(coordinate, before, after);
      if (changed) add2(ref, coordinate, changed.code, changed.what);
    }
    if (ref.tag && !ref.coordinate) {
      for (const [coordinate, was] of before) {
        const now = after.get(coordinate);
        if (now && was.includes(ref.tag) !== now.includes(ref.tag)) add2(ref, coordinate, "POLICY_TAG_CHANGED", `${now.includes(ref.tag) ? "adds" : "removes"} tag "${ref.tag}" on ${coordinate}`);
      }
    }
  }
  return [...findings.values()];
}
var policyImpact = {
  id: "policy-impact",
  description: "No field or type an access policy names is removed or retagged.",
  async run(ctx) {
    if (!ctx.composed.ok || !ctx.current) return [];
    let references;
    try {
      references = await ctx.policyReferences();
    } catch (err) {
      return [{ check: "policy-impact", severity: "warning", code: "POLICIES_UNREADABLE", message: `the access policies could not be read, so their impact was not checked: ${err.message}`, subgraph: ctx.proposal.name }];
    }
    return policyImpactFindings(taggedElements(ctx.current.sdl), taggedElements(ctx.composed.supergraphSdl), references, ctx.proposal.name);
  }
};

// schema-registry/checks/index.ts
var CHECKS2 = [ownership, composition, breakingChanges, governanceLint, lineage, policyImpact];
async function runChecks(ctx, checks = CHECKS2) {
  const findings = [];
  for (const check of checks) findings.push(...await check.run(ctx));
  return findings;
}

// schema-registry/publish.ts
var SUBGRAPH_NAME = /^[a-z][a-z0-9-]{0,62}$/;
var LABEL = /^[\w.:/+@-]{1,100}$/;
function inputProblems(input) {
  const problems = [];
  if (typeof input.name !== "string" || !SUBGRAPH_NAME.test(input.name)) problems.push("subgraph name must be lowercase letters, digits and dashes (at most 63)");
  if (typeof input.sdl !== "string" || !input.sdl.trim()) problems.push('"sdl" must be the subgraph schema as a non-empty string');
  if (typeof input.url !== "string" || !/^https?:\/\/[^\s]+$/.test(input.url)) problems.push('"url" must be the http(s) URL the gateway reaches the subgraph at');
  if (input.label != null && (typeof input.label !== "string" || !LABEL.test(input.label))) problems.push('"label" must be 1 to 100 letters, digits or . _ : / + @ -');
  if (input.dataProduct != null) problems.push(...descriptorProblems(input.dataProduct).map((p) => `dataProduct: ${p}`));
  return problems;
}
function invalid(problems) {
  return { status: "invalid", errors: problems, findings: problems.map((message) => ({ check: "input", severity: "error", code: "INVALID_INPUT", message })) };
}
var proposalOf = (input) => ({ name: input.name, sdl: input.sdl, url: input.url, dataProduct: input.dataProduct ?? null });
var versionHash = (p) => sha256(JSON.stringify([p.sdl, p.url, p.dataProduct]));
async function checkSubgraph(db, input, principal, governance) {
  const problems = inputProblems(input);
  if (problems.length) return invalid(problems);
  const findings = await runChecks(await gatherContext(db, proposalOf(input), principal, governance));
  return { status: "checked", findings, summary: summarize(findings) };
}
async function publishSubgraph(db, input, principal, governance) {
  const problems = inputProblems(input);
  if (problems.length) return invalid(problems);
  const proposal = proposalOf(input);
  const hash = versionHash(proposal);
  return db.transaction(async (tx) => {
    await lockRegistry(tx);
    const owner = await ownerOf(tx, proposal.name);
    const decision = decideWrite(principal, proposal.name, owner, proposal.dataProduct?.team ?? null);
    if (!decision.allowed) return { status: "forbidden", error: decision.reason };
    const mine = (await currentVersions(tx)).find((v) => v.subgraph === proposal.name);
    const latest = await latestSupergraph(tx);
    if (mine && mine.hash === hash && latest) {
      return { status: "unchanged", version: mine.version, supergraph: { id: latest.id, hash: latest.hash }, findings: [], summary: summarize([]) };
    }
    const ctx = await gatherContext(tx, proposal, principal, governance);
    const findings = await runChecks(ctx);
    const summary = summarize(findings);
    if (!summary.ok || !ctx.composed.ok) return { status: "rejected", errors: findings.filter((f) => f.severity === "error"), findings, summary };
    const by = describePrincipal(principal);
    const version = await insertVersion(tx, { subgraph: proposal.name, sdl: proposal.sdl, url: proposal.url, dataProduct: proposal.dataProduct, hash, publishedBy: by, label: input.label ?? null });
    if (decision.claimFor) await claim(tx, proposal.name, decision.claimFor, by);
    const versions = Object.fromEntries([...ctx.live.filter((v) => v.subgraph !== proposal.name).map((v) => [v.subgraph, v.version]), [proposal.name, version]]);
    const supergraph = latest?.hash === ctx.composed.hash ? { id: latest.id, hash: latest.hash } : { id: await insertSupergraph(tx, { sdl: ctx.composed.supergraphSdl, hash: ctx.composed.hash, subgraphs: versions, reason: `publish ${proposal.name} v${version}` }), hash: ctx.composed.hash };
    return { status: "published", version, supergraph, findings, summary };
  });
}

// schema-registry/policies.ts
var PUBLISHERS = ["governance", "admin"];
async function latestPolicyBundle(db) {
  const [row2] = await db.query(`SELECT id, version, files, published_at AS "publishedAt", published_by AS "publishedBy" FROM policy_bundles ORDER BY id DESC LIMIT 1`);
  return row2;
}
function filesOf(body) {
  const files = body?.files;
  if (!Array.isArray(files) || files.length === 0) throw new HttpError(400, 'body must be {"files": [{"file": "...", "text": "..."}]} with at least one file');
  return files.map((f, i) => {
    const { file, text: text3 } = f ?? {};
    if (typeof file !== "string" || !file || typeof text3 !== "string") throw new HttpError(400, `files[${i}] needs "file" and "text" strings`);
    return { file, text: text3 };
  });
}
function policyRoutes(db, auth) {
  return {
    "POST /policies": async (req) => {
      const principal = await auth.required(req.headers.authorization);
      if (!PUBLISHERS.includes(principal.role)) throw new HttpError(403, `publishing policies needs a ${PUBLISHERS.join(" or ")} token`);
      const files = filesOf(req.body);
      const { policy, problems } = parsePolicy(files);
      const supergraph = await latestSupergraph(db);
      const invalid2 = policy && supergraph ? validatePolicy(policy, factsFromSupergraph(supergraph.sdl)) : problems;
      if (!policy || invalid2.length) return { status: 422, body: { status: "rejected", problems: invalid2 } };
      return db.transaction(async (tx) => {
        await lockRegistry(tx);
        const current = await latestPolicyBundle(tx);
        if (current?.version === policy.version) return { status: 200, body: { status: "unchanged", version: policy.version, id: current.id } };
        const [{ id }] = await tx.query(`INSERT INTO policy_bundles (version, files, published_by) VALUES ($1, $2, $3) RETURNING id`, [
          policy.version,
          JSON.stringify(files),
          principal.label ?? `${principal.team} ${principal.role}`
        ]);
        return { status: 201, body: { status: "published", version: policy.version, id } };
      });
    },
    "GET /policies": async (req) => {
      const bundle = await latestPolicyBundle(db);
      if (!bundle) throw new HttpError(404, "no policy bundle published yet");
      const headers = { etag: `"${bundle.version}"`, "cache-control": "no-cache" };
      if (req.headers["if-none-match"] === headers.etag) return { status: 304, headers };
      return { headers, body: { version: bundle.version, id: bundle.id, files: bundle.files } };
    },
    // Services fetch an earlier version by name when the gateway decided a request under one they do not hold.
    "GET /policies/versions/:version": async (req) => {
      const [bundle] = await db.query(
        `SELECT id, version, files, published_at AS "publishedAt", published_by AS "publishedBy" FROM policy_bundles WHERE version = $1 ORDER BY id DESC LIMIT 1`,
        [req.params.version]
      );
      if (!bundle) throw new HttpError(404, `no policy bundle has version "${req.params.version}"`);
      return { headers: { "cache-control": "max-age=86400, immutable" }, body: { version: bundle.version, id: bundle.id, files: bundle.files } };
    },
    "GET /policies/versions": async () => ({
      body: await db.query(`SELECT id, version, published_at AS "publishedAt", published_by AS "publishedBy" FROM policy_bundles ORDER BY id DESC LIMIT 100`)
    })
  };
}

// schema-registry/rollback.ts
async function rollbackSubgraph(db, name, version, principal) {
  return db.transaction(async (tx) => {
    await lockRegistry(tx);
    const live = await currentVersions(tx);
    const mine = live.find((v) => v.subgraph === name);
    if (!mine) return { status: "unknown-subgraph", error: `unknown subgraph "${name}"` };
    const decision = decideWrite(principal, name, await ownerOf(tx, name), null);
    if (!decision.allowed) return { status: "forbidden", error: decision.reason };
    const target = await versionOf(tx, name, version);
    if (!target) return { status: "unknown-version", error: `subgraph "${name}" has no version ${version}` };
    const latest = await latestSupergraph(tx);
    if (mine.version === version) return { status: "unchanged", version, previousVersion: version, supergraph: { id: latest.id, hash: latest.hash } };
    const others = live.filter((v) => v.subgraph !== name);
    const composed = compose([...others, target].map((v) => ({ name: v.subgraph, url: v.url, sdl: v.sdl })));
    if (!composed.ok) return { status: "rejected", errors: compositionFindings(composed.errors, name) };
    await setCurrent(tx, name, version);
    const subgraphs = Object.fromEntries([...others.map((v) => [v.subgraph, v.version]), [name, version]]);
    const id = await insertSupergraph(tx, { sdl: composed.supergraphSdl, hash: composed.hash, subgraphs, reason: `rollback ${name} from v${mine.version} to v${version}` });
    return { status: "rolled-back", version, previousVersion: mine.version, supergraph: { id, hash: composed.hash } };
  });
}

// schema-registry/usage/report.ts
var CLIENT_KINDS = ["app", "api-key", "user", "unknown"];
var PERSONAL_KINDS = ["user", "unknown"];
var LIMITS = { lines: 5e3, coordinates: 5e3, text: 200 };
var COORDINATE2 = /^(?:@[_A-Za-z]\w*|[_A-Za-z]\w*(?:\.[_A-Za-z]\w*(?:\([_A-Za-z]\w*:\))?)?)$/;
var HASH = /^[0-9a-f]{64}$/;
var isText = (v, max = LIMITS.text) => typeof v === "string" && v.length > 0 && v.length <= max && !/[\u0000-\u001f]/.test(v);
function parseUsageReport(body) {
  const lines = body?.lines;
  if (!body || typeof body !== "object" || !Array.isArray(lines)) return { lines: [], problems: ['body must be {"lines": [{client, operationName, operationHash, requests, coordinates}]}'] };
  if (lines.length > LIMITS.lines) return { lines: [], problems: [`at most ${LIMITS.lines} lines per report`] };
  const problems = lines.flatMap((raw2, i) => lineProblems(raw2).map((p) => `lines[${i}]: ${p}`));
  return { lines: problems.length ? [] : lines.map((l) => ({ ...l, clientKind: l.clientKind ?? "unknown", operationName: l.operationName ?? null })), problems };
}
function lineProblems(raw2) {
  if (!raw2 || typeof raw2 !== "object") return ["must be an object"];
  const l = raw2;
  const problems = [];
  if (!isText(l.client)) problems.push(`"client" must be text of 1 to ${LIMITS.text} characters`);
  if (l.clientKind !== void 0 && !CLIENT_KINDS.includes(l.clientKind)) problems.push(`"clientKind" must be one of ${CLIENT_KINDS.join(", ")}`);
  if (l.operationName != null && !isText(l.operationName)) problems.push(`"operationName" must be null or text of 1 to ${LIMITS.text} characters`);
  if (typeof l.operationHash !== "string" || !HASH.test(l.operationHash)) problems.push('"operationHash" must be a sha256 hex digest');
  if (!Number.isInteger(l.requests) || l.requests < 1 || l.requests > 1e9) problems.push('"requests" must be a whole number from 1 to 1000000000');
  if (!Array.isArray(l.coordinates) || l.coordinates.length > LIMITS.coordinates) problems.push(`"coordinates" must be a list of at most ${LIMITS.coordinates} schema coordinates`);
  else {
    const bad = l.coordinates.filter((c) => typeof c !== "string" || c.length > LIMITS.text || !COORDINATE2.test(c));
    if (bad.length) problems.push(`not schema coordinates: ${bad.slice(0, 3).map((c) => JSON.stringify(c)).join(", ")}`);
  }
  return problems;
}
var typeOfCoordinate = (coordinate) => coordinate.split(".")[0];
function usageRows(lines, day) {
  const rows = /* @__PURE__ */ new Map();
  for (const line of lines) {
    for (const coordinate of new Set(line.coordinates)) {
      const key = `${coordinate}\0${line.clientKind}\0${line.client}\0${line.operationHash}`;
      const row2 = rows.get(key);
      if (row2) row2.requests += line.requests;
      else rows.set(key, { day, coordinate, typeName: typeOfCoordinate(coordinate), client: line.client, clientKind: line.clientKind, operationHash: line.operationHash, operationName: line.operationName, requests: line.requests });
    }
  }
  return [...rows.values()];
}

// schema-registry/server.ts
var PUBLISH_STATUS = { published: 201, unchanged: 200, invalid: 400, rejected: 422, forbidden: 403 };
var ROLLBACK_STATUS = { "rolled-back": 200, unchanged: 200, "unknown-subgraph": 404, "unknown-version": 404, forbidden: 403, rejected: 422 };
function objectBody(req) {
  const body = req.body ?? {};
  if (typeof body !== "object" || Array.isArray(body)) throw new HttpError(400, "request body must be a JSON object");
  return body;
}
function reportBody(subgraph, outcome) {
  const body = { subgraph, ...outcome };
  const errors = "errors" in outcome && Array.isArray(outcome.errors) ? outcome.errors : void 0;
  const findings = "findings" in outcome && Array.isArray(outcome.findings) ? outcome.findings : [];
  const refusing = errors?.every((e) => typeof e === "string") ? findings.filter((f) => f.severity === "error") : errors;
  if (refusing) body.errors = refusing.map((f) => ({ ...f, extensions: { code: f.code } }));
  return body;
}
function publishInput(req) {
  const { sdl, url: url2, dataProduct, label } = objectBody(req);
  return { name: req.params.name, sdl, url: url2, dataProduct, label };
}
async function startRegistry(config, options = {}) {
  const logger = options.logger ?? createLogger("registry", config.logLevel);
  guardDevelopmentDefaults(config.deployment, registryDevelopmentDefaults(config), logger);
  const governance = options.governance ?? governanceFrom({ policiesDir: config.policiesDir, usageWindowDays: config.usageWindowDays, logger });
  const db = await openDatabase({ url: config.databaseUrl, dataDir: pgliteDir(config.dataDir, "registry"), schema: "registry" });
  await migrate(db, path12.join(__dpgDir(__dpgSource("schema-registry/server.ts")), "migrations"));
  const auth = authenticator(db, config.adminToken);
  const windowStart = () => daysBefore(governance.now(), governance.usageWindowDays);
  const metrics = createMetrics("registry");
  const publishes = counter(metrics, "dpg_registry_publishes_total", "Subgraph publishes by outcome", ["outcome"]);
  const checks = counter(metrics, "dpg_registry_checks_total", "Subgraph checks by result", ["result"]);
  const routes = {
    "POST /subgraphs/:name": async (req) => {
      const principal = await auth.required(req.headers.authorization);
      const outcome = await publishSubgraph(db, publishInput(req), principal, governance);
      publishes.inc({ outcome: outcome.status });
      if (outcome.status === "forbidden") throw new HttpError(403, outcome.error);
      if (outcome.status === "rejected") logger.warn({ subgraph: req.params.name, errors: outcome.errors.map((e) => `${e.code}: ${e.message}`) }, "publish rejected");
      if (outcome.status === "published") logger.info({ subgraph: req.params.name, version: outcome.version, supergraph: outcome.supergraph.id, by: describePrincipal(principal) }, "published");
      return { status: PUBLISH_STATUS[outcome.status], body: reportBody(req.params.name, outcome) };
    },
    "POST /subgraphs/:name/check": async (req) => {
      const principal = await auth.optional(req.headers.authorization);
      const outcome = await checkSubgraph(db, publishInput(req), principal, governance);
      if (outcome.status === "invalid") return { status: 400, body: reportBody(req.params.name, outcome) };
      checks.inc({ result: outcome.summary.ok ? "passed" : "failed" });
      return { body: { subgraph: req.params.name, ...outcome, ok: outcome.summary.ok } };
    },
    "POST /subgraphs/:name/rollback": async (req) => {
      const principal = await auth.required(req.headers.authorization);
      const { version, label } = objectBody(req);
      if (label !== void 0 && version !== void 0) throw new HttpError(400, 'send either "version" or "label", not both');
      const resolved = typeof label === "string" ? await versionLabelled(db, req.params.name, label) : version;
      if (typeof label === "string" && resolved === void 0) throw new HttpError(404, `subgraph "${req.params.name}" has no version labelled "${label}"`);
      if (!Number.isInteger(resolved) || resolved < 1) throw new HttpError(400, '"version" must be a version number (1, 2, \u2026), or send "label"');
      const outcome = await rollbackSubgraph(db, req.params.name, resolved, principal);
      if ("error" in outcome) throw new HttpError(ROLLBACK_STATUS[outcome.status], outcome.error);
      if (outcome.status === "rolled-back") logger.info({ subgraph: req.params.name, from: outcome.previousVersion, to: outcome.version, by: describePrincipal(principal) }, "rolled back");
      return { status: ROLLBACK_STATUS[outcome.status], body: reportBody(req.params.name, outcome) };
    },
    "GET /subgraphs": async () => {
      const owners = await allOwners(db);
      return { body: (await currentVersions(db)).map(({ sdl, dataProduct, ...v }) => ({ ...v, team: owners.get(v.subgraph) ?? dataProduct?.team ?? null })) };
    },
    "GET /subgraphs/:name": async (req) => {
      const current = (await currentVersions(db)).find((v) => v.subgraph === req.params.name);
      if (!current) throw new HttpError(404, `unknown subgraph "${req.params.name}"`);
      return { body: { ...current, team: await ownerOf(db, req.params.name) } };
    },
    // Subgraphs ask this before running a control request (POST /invalidate, /refresh) sent with a registry token.
    "GET /subgraphs/:name/access": async (req) => {
      const principal = await auth.required(req.headers.authorization);
      const decision = decideOperate(principal, req.params.name, await ownerOf(db, req.params.name));
      if (!decision.allowed) throw new HttpError(403, decision.reason);
      return { headers: { "cache-control": "no-store" }, body: { subgraph: req.params.name, team: principal.team, role: principal.role } };
    },
    "GET /subgraphs/:name/versions": async (req) => {
      const versions = await history(db, req.params.name);
      if (!versions.length) throw new HttpError(404, `unknown subgraph "${req.params.name}"`);
      return { body: versions };
    },
    "GET /supergraph": async (req) => {
      const newest = await latestSupergraphHash(db);
      if (!newest) throw new HttpError(404, "no supergraph yet: no subgraph has been published");
      const etag = `"${newest.hash}"`;
      if (req.headers["if-none-match"] === etag) return { status: 304, headers: { etag, "x-supergraph-id": newest.id, "cache-control": "no-cache" } };
      const latest = await latestSupergraph(db);
      const headers = { etag: `"${latest.hash}"`, "x-supergraph-id": latest.id, "cache-control": "no-cache" };
      return { headers: { ...headers, "content-type": "text/plain; charset=utf-8" }, body: latest.sdl };
    },
    "GET /supergraph/versions": async () => ({ body: await supergraphHistory(db) }),
    // Usage is shown only with a registry token, and people only to governance and admin (catalogClientsFor).
    "GET /catalog": async (req) => {
      const view = catalogClientsFor(await auth.optional(req.headers.authorization));
      const usage = view === "none" ? [] : await operationDaysSince(db, windowStart());
      return { body: buildCatalog(await currentVersions(db), view === "all" ? usage : usage.filter((u) => !PERSONAL_KINDS.includes(u.clientKind))) };
    },
    "POST /usage": async (req) => {
      const principal = await auth.required(req.headers.authorization);
      if (!mayReportUsage(principal)) throw new HttpError(403, `a ${principal.role} token cannot report usage`);
      const { lines, problems } = parseUsageReport(req.body);
      if (problems.length) throw new HttpError(400, "invalid usage report", { problems });
      const now = governance.now();
      const rows = usageRows(lines, isoDay(now));
      await db.transaction((tx) => recordUsage(tx, rows, now));
      return { status: 202, body: { accepted: lines.length, rows: rows.length } };
    },
    "GET /usage": async (req) => {
      await auth.required(req.headers.authorization);
      const types = req.query.getAll("type").flatMap((t) => t.split(",")).filter(Boolean);
      const usage = await usageSince(db, windowStart(), types.length ? types : void 0);
      const coordinates = [...new Set(usage.map((u) => u.coordinate))];
      return { body: { since: windowStart(), coordinates: coordinates.map((coordinate) => ({ coordinate, clients: byClient(usage.filter((u) => u.coordinate === coordinate)) })) } };
    },
    "POST /tokens": async (req) => {
      const principal = await auth.required(req.headers.authorization);
      const { team, role, label } = objectBody(req);
      const problems = [
        ...typeof team === "string" && TEAM_NAME.test(team) ? [] : ['"team" must be lowercase letters, digits and dashes (at most 63)'],
        ...ROLES.includes(role) ? [] : [`"role" must be one of ${ROLES.join(", ")}`],
        ...label === void 0 || typeof label === "string" && label.length > 0 && label.length <= 100 ? [] : ['"label" must be text of 1 to 100 characters']
      ];
      if (problems.length) throw new HttpError(400, problems.join("; "), { problems });
      const decision = decideTokenCreation(principal, role);
      if (!decision.allowed) throw new HttpError(403, decision.reason);
      const created = await createToken(db, { team, role, label: label ?? null, createdBy: describePrincipal(principal) });
      logger.info({ id: created.id, team: created.team, role: created.role, by: describePrincipal(principal) }, "token created");
      return { status: 201, body: created };
    },
    ...policyRoutes(db, auth),
    ...probeRoutes(
      "registry",
      async () => ({ ready: true, database: db.engine, supergraph: (await latestSupergraphHash(db))?.id ?? null, policyBundle: (await latestPolicyBundle(db))?.version ?? null }),
      metrics,
      { metricsToken: config.metricsToken }
    )
  };
  const server = createHttpServer({ routes, bodyLimit: config.maxBodyBytes, onError: (err) => logger.error({ err }, "request failed") });
  let running;
  try {
    running = await listen(server, config.port, config.host);
  } catch (err) {
    await db.close();
    throw err;
  }
  logger.info({ url: running.url, database: db.engine }, "registry listening");
  return {
    url: running.url,
    port: running.port,
    db,
    async close() {
      await running.close();
      await db.close();
    }
  };
}

// subgraphs/kit/domain.ts
import path13 from "node:path";
function defineDomain(domain) {
  if (!/^[a-z][a-z0-9-]*$/.test(domain.name)) throw new Error(`domain name "${domain.name}" must be lowercase letters, digits and dashes`);
  return domain;
}
var domainFiles = (domain) => ({
  schema: path13.join(domain.dir, "schema.graphql"),
  descriptor: path13.join(domain.dir, "data-product.yaml"),
  migrations: path13.join(domain.dir, "migrations")
});
var databaseSchema = (domain) => domain.name.replace(/-/g, "_");

// subgraphs/kit/gatewayClient.ts
var GatewayQueryError = class extends Error {
  constructor(message, errors = []) {
    super(message);
    this.errors = errors;
  }
  errors;
};
function gatewayClient(options) {
  async function query(query2, variables = {}) {
    const res = await fetch(`${options.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...await options.headers?.() },
      body: JSON.stringify({ query: query2, variables }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 3e4)
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok || body.errors?.length || !body.data) {
      throw new GatewayQueryError(`gateway answered ${res.status}: ${body.errors?.map((e) => e.message).join("; ") ?? "no data"}`, body.errors);
    }
    return body.data;
  }
  async function all(listQuery, field2, variables = {}, pageSize = 500) {
    const items = [];
    let after = null;
    for (; ; ) {
      const data = await query(listQuery, { ...variables, first: pageSize, after });
      const page = data[field2];
      items.push(...page);
      if (page.length < pageSize) return items;
      after = page[page.length - 1].id;
    }
  }
  return { query, all };
}

// subgraphs/kit/seed/insert.ts
var MAX_PARAMS = 3e4;
async function insertRows(db, table, rows) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).map(ident);
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params = [];
    const tuples = chunk.map((row2) => `(${columns.map((c) => `$${params.push(row2[c])}`).join(", ")})`);
    await db.query(`INSERT INTO ${ident(table)} (${columns.join(", ")}) VALUES ${tuples.join(", ")}`, params);
  }
}

// subgraphs/kit/seed/random.ts
var DAY = 864e5;
var Random = class {
  state;
  constructor(seed5) {
    let h = 2166136261;
    for (let i = 0; i < seed5.length; i++) h = Math.imul(h ^ seed5.charCodeAt(i), 16777619);
    this.state = h >>> 0;
  }
  /** A float in [0, 1). */
  next() {
    let t = this.state = this.state + 1831565813 >>> 0;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Picks by weight: `weighted([['A', 3], ['B', 1]])` gives A three times as often. */
  weighted(items) {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items[items.length - 1][0];
  }
  /** A calendar date 'YYYY-MM-DD' in [from, to]. */
  date(from2, to2) {
    const a = Date.parse(from2);
    const b = Date.parse(to2);
    return new Date(a + Math.floor(this.next() * ((b - a) / DAY + 1)) * DAY).toISOString().slice(0, 10);
  }
  /** Money with two decimals in [min, max]. */
  amount(min, max) {
    return Math.round((min + this.next() * (max - min)) * 100) / 100;
  }
};
function addDays(date, days) {
  return new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10);
}

// subgraphs/kit/seed/universe.ts
var REGIONS = ["NA", "EMEA", "APAC", "LATAM"];
var CHANNELS = ["SEARCH", "SOCIAL", "EMAIL", "EVENTS", "CONTENT"];
var pad = (n) => String(n).padStart(6, "0");
function universe(scale) {
  if (!(scale > 0)) throw new Error(`seed scale must be positive (got ${scale})`);
  const count = (base) => Math.max(1, Math.round(base * scale));
  const accountIds = Array.from({ length: count(200) }, (_, i) => `acc-${pad(i + 1)}`);
  const regions = new Random(`account-regions@${scale}`);
  const regionByAccount = new Map(accountIds.map((id) => [id, regions.weighted([["NA", 4], ["EMEA", 3], ["APAC", 2], ["LATAM", 1]])]));
  return {
    scale,
    accountIds,
    regionOf: (accountId) => {
      const region = regionByAccount.get(accountId);
      if (!region) throw new Error(`no account ${accountId} at seed scale ${scale}`);
      return region;
    },
    playerIds: Array.from({ length: count(400) }, (_, i) => `ply-${pad(i + 1)}`),
    period: { start: "2024-01-01", end: "2025-12-31" },
    random: (stream) => new Random(`${stream}@${scale}`)
  };
}
function quarterOf(date) {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

// subgraphs/analytics/compute.ts
var cents = (n) => Math.round(n * 100) / 100;
function acquisitionCosts(campaigns2, customers) {
  const rows = /* @__PURE__ */ new Map();
  const row2 = (quarter, channel) => {
    const id = `${quarter}:${channel}`;
    let r = rows.get(id);
    if (!r) rows.set(id, r = { id, quarter, channel, spend: 0, newCustomers: 0, cac: null, campaignIds: [] });
    return r;
  };
  for (const c of campaigns2) {
    for (const { month, amount } of c.monthlySpend) {
      const r = row2(quarterOf(month), c.channel);
      r.spend += amount;
      if (!r.campaignIds.includes(c.id)) r.campaignIds.push(c.id);
    }
  }
  for (const a of customers) {
    if (a.customerSince && a.acquisitionChannel) row2(quarterOf(a.customerSince), a.acquisitionChannel).newCustomers++;
  }
  return [...rows.values()].map((r) => ({ ...r, spend: cents(r.spend), cac: r.newCustomers ? cents(r.spend / r.newCustomers) : null, campaignIds: r.campaignIds.sort() })).sort((a, b) => a.id.localeCompare(b.id));
}
function experimentResults(players2) {
  const groups = /* @__PURE__ */ new Map();
  for (const p of players2) {
    if (!p.experimentId || !p.variant) continue;
    const id = `${p.experimentId}:${p.variant}`;
    groups.set(id, [...groups.get(id) ?? [], p]);
  }
  return [...groups.entries()].map(([id, group]) => {
    const sessions = group.reduce((s, p) => s + p.sessionCount, 0);
    const seconds = group.reduce((s, p) => s + p.totalPlaySeconds, 0);
    const churned = group.filter((p) => p.churned).length;
    return {
      id,
      experimentId: group[0].experimentId,
      variant: group[0].variant,
      players: group.length,
      churnedPlayers: churned,
      churnRate: churned / group.length,
      sessions,
      averageSessionSeconds: sessions ? seconds / sessions : 0,
      averagePlaySecondsPerPlayer: seconds / group.length
    };
  }).sort((a, b) => a.id.localeCompare(b.id));
}

// subgraphs/analytics/inputs.ts
var CAMPAIGNS = `query AnalyticsCampaigns($first: Int, $after: ID) {
  campaigns(first: $first, after: $after) { id channel monthlySpend { month amount } }
}`;
var CUSTOMERS = `query AnalyticsCustomers($first: Int, $after: ID) {
  accounts(first: $first, after: $after) { id customerSince acquisitionChannel }
}`;
var PLAYERS = `query AnalyticsPlayers($first: Int, $after: ID) {
  players(first: $first, after: $after) { id experiment { id } variant churned sessionCount totalPlaySeconds }
}`;
var readCampaigns = (gw, pageSize) => gw.all(CAMPAIGNS, "campaigns", {}, pageSize);
var readCustomers = (gw, pageSize) => gw.all(CUSTOMERS, "accounts", {}, pageSize);
async function readPlayers(gw, pageSize) {
  const players2 = await gw.all(PLAYERS, "players", {}, pageSize);
  return players2.map(({ experiment, ...p }) => ({ ...p, experimentId: experiment?.id ?? null }));
}

// subgraphs/analytics/refresh.ts
var PRODUCTS = [
  {
    id: "analytics.customer-acquisition-cost",
    table: "acquisition_costs",
    async compute(gw, pageSize) {
      const [campaigns2, customers] = await Promise.all([readCampaigns(gw, pageSize), readCustomers(gw, pageSize)]);
      const rows = acquisitionCosts(campaigns2, customers).map((r) => ({
        id: r.id,
        quarter: r.quarter,
        channel: r.channel,
        spend: r.spend,
        new_customers: r.newCustomers,
        cac: r.cac,
        campaign_ids: r.campaignIds
      }));
      return { rows, sourceRows: campaigns2.length + customers.length };
    }
  },
  {
    id: "analytics.experiment-results",
    table: "experiment_results",
    async compute(gw, pageSize) {
      const players2 = await readPlayers(gw, pageSize);
      const rows = experimentResults(players2).map((r) => ({
        id: r.id,
        experiment_id: r.experimentId,
        variant: r.variant,
        players: r.players,
        churned_players: r.churnedPlayers,
        churn_rate: r.churnRate,
        sessions: r.sessions,
        average_session_seconds: r.averageSessionSeconds,
        average_play_seconds_per_player: r.averagePlaySecondsPerPlayer
      }));
      return { rows, sourceRows: players2.length };
    }
  }
];
async function record(db, product, status, sourceRows, error) {
  await db.query(
    `INSERT INTO refreshes (product, refreshed_at, source_rows, status, error) VALUES ($1, CASE WHEN $2 = 'ok' THEN now() END, $3, $2, $4)
     ON CONFLICT (product) DO UPDATE SET status = EXCLUDED.status, error = EXCLUDED.error,
       refreshed_at = COALESCE(EXCLUDED.refreshed_at, refreshes.refreshed_at),
       source_rows = CASE WHEN EXCLUDED.status = 'ok' THEN EXCLUDED.source_rows ELSE refreshes.source_rows END`,
    [product, status, sourceRows, error]
  );
}
async function refreshAll(db, gw, pageSize, logger) {
  return Promise.all(
    PRODUCTS.map(async (p) => {
      try {
        const { rows, sourceRows } = await p.compute(gw, pageSize);
        await db.transaction(async (tx) => {
          await tx.query(`DELETE FROM ${p.table}`);
          await insertRows(tx, p.table, rows);
          await record(tx, p.id, "ok", sourceRows, null);
        });
        return { product: p.id, status: "ok", rows: rows.length, sourceRows };
      } catch (err) {
        const error = err.message;
        logger.warn({ product: p.id, err: error }, "refresh failed; keeping the previous result");
        await record(db, p.id, "failed", 0, error);
        return { product: p.id, status: "failed", error };
      }
    })
  );
}
function schedule(run, intervalMs) {
  if (intervalMs === 0) return { stop: async () => {
  } };
  let timer;
  let stopped = false;
  let running = Promise.resolve();
  const loop = async (retryMs, succeededOnce) => {
    if (stopped) return;
    const outcomes = await (running = run());
    const ok = outcomes.every((o) => o.status === "ok");
    const next = ok || succeededOnce ? intervalMs : retryMs;
    if (!stopped && next > 0) timer = setTimeout(() => void loop(Math.min(retryMs * 2, 3e4), succeededOnce || ok), next);
  };
  timer = setTimeout(() => void loop(1e3, false), 500);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => {
      });
    }
  };
}

// subgraphs/analytics/resolvers.ts
import path14 from "node:path";

// policies/enforce/sourced.ts
var Sourced = class {
  constructor(row2, type, value) {
    this.row = row2;
    this.type = type;
    this.value = value;
  }
  row;
  type;
  value;
};

// subgraphs/kit/paging.ts
import { GraphQLError as GraphQLError6 } from "graphql";
var DEFAULT_PAGE_SIZE = 50;
function pageArgs(input, maxPageSize) {
  const first = input.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
    throw new GraphQLError6(`"first" must be between 1 and ${maxPageSize} (got ${first})`, {
      extensions: { code: "BAD_USER_INPUT", argument: "first", max: maxPageSize }
    });
  }
  return { first, after: input.after ?? null, filter: input.filter ?? null };
}

// subgraphs/kit/resolvers.ts
var filteredTables = /* @__PURE__ */ new WeakMap();
var tableFiltered = (resolver) => typeof resolver === "function" ? filteredTables.get(resolver) : void 0;
var filtering = (t, resolver) => (filteredTables.set(resolver, t), resolver);
var list3 = (t) => filtering(t, (_parent, args, ctx) => ctx.data.page(t, pageArgs(args, ctx.maxPageSize)));
var one = (t) => (_parent, args, ctx) => ctx.data.byKey(t).load(args[t.key]);
var children = (t, parentField, parentKey = "id") => filtering(t, (parent, args, ctx) => ctx.data.children(t, parentField, pageArgs(args, ctx.maxPageSize)).load(parent[parentKey]));
var belongsTo = (t, field2) => (parent, _args, ctx) => parent[field2] == null ? null : ctx.data.byKey(t).load(parent[field2]);
var lookup = (t, field2, parentKey = "id") => async (parent, _args, ctx, info) => {
  const row2 = await ctx.data.byKey(t).load(parent[parentKey]);
  const value = row2?.[field2] ?? null;
  return row2 && value !== null && ctx.perRow(info.parentType.name) ? new Sourced(row2, t.type, value) : value;
};
var aggregate = (t, parentField, expression, empty = null, parentKey = "id") => async (parent, _args, ctx, info) => await ctx.data.aggregate(t, parentField, expression, `${info.parentType.name}.${info.fieldName}`).load(parent[parentKey]) ?? empty;
var referenceList = (t, typename, refField) => filtering(t, async (_parent, args, ctx) => {
  const rows = await ctx.data.page(t, pageArgs(args, ctx.maxPageSize));
  const loader = ctx.data.byKey(t);
  return rows.map((row2) => {
    if (t.key === refField) loader.prime(row2[refField], row2);
    return { __typename: typename, id: row2[refField] };
  });
});
var entityRef = (typename, field2, keyField = "id") => (parent) => parent[field2] == null ? null : { __typename: typename, [keyField]: parent[field2] };
var extension = (ref) => ref;
var reference = (t) => (ref, ctx) => ctx.data.byKey(t).load(ref[t.key]);

// subgraphs/kit/sql.ts
var isFragment = (v) => typeof v === "object" && v !== null && "strings" in v && "values" in v;
function sql(strings2, ...values) {
  const outStrings = [strings2[0]];
  const outValues = [];
  values.forEach((value, i) => {
    if (isFragment(value)) {
      outStrings[outStrings.length - 1] += value.strings[0];
      for (let j = 0; j < value.values.length; j++) {
        outValues.push(value.values[j]);
        outStrings.push(value.strings[j + 1]);
      }
      outStrings[outStrings.length - 1] += strings2[i + 1];
    } else {
      outValues.push(value);
      outStrings.push(strings2[i + 1]);
    }
  });
  return { strings: outStrings, values: outValues };
}
function raw(text3) {
  return { strings: [text3], values: [] };
}
function join(fragments, separator) {
  return fragments.reduce((acc, f, i) => i === 0 ? f : sql`${acc}${raw(separator)}${f}`, raw(""));
}
function and(conditions) {
  return conditions.length ? sql`(${join(conditions, " AND ")})` : raw("TRUE");
}
function or(conditions) {
  return conditions.length ? sql`(${join(conditions, " OR ")})` : raw("FALSE");
}
function render(fragment) {
  let text3 = fragment.strings[0];
  for (let i = 0; i < fragment.values.length; i++) text3 += `$${i + 1}${fragment.strings[i + 1]}`;
  return { text: text3, params: [...fragment.values] };
}

// subgraphs/kit/table.ts
var comparisons = {
  eq: (column2, value) => sql`${column2} = ${value}`,
  in: (column2, value) => sql`${column2} = ANY(${value})`,
  gte: (column2, value) => sql`${column2} >= ${value}`,
  lte: (column2, value) => sql`${column2} <= ${value}`,
  contains: (column2, value) => sql`${column2} ILIKE ${"%" + String(value).replace(/[\\%_]/g, "\\$&") + "%"}`,
  isNull: (column2, value) => value ? sql`${column2} IS NULL` : sql`${column2} IS NOT NULL`,
  isNotNull: (column2, value) => value ? sql`${column2} IS NOT NULL` : sql`${column2} IS NULL`
};
var rule = (column2, op, reads) => reads ? { column: column2, op, reads } : { column: column2, op };
var eq = (column2, reads) => rule(column2, "eq", reads);
var oneOf2 = (column2, reads) => rule(column2, "in", reads);
var from = (column2, reads) => rule(column2, "gte", reads);
var to = (column2, reads) => rule(column2, "lte", reads);
var contains = (column2, reads) => rule(column2, "contains", reads);
var through = (table, by) => ({ kind: "table", table, by });
var carrying = (carries) => ({ kind: "carried", carries });
var WAYS_COLUMN = "__ways";
function defineTable(def) {
  for (const column2 of [def.table, ...Object.values(def.columns)]) ident(column2);
  if (!def.columns[def.key]) throw new Error(`table ${def.table}: key field "${def.key}" has no column`);
  for (const [name, rule3] of Object.entries(def.filters ?? {})) {
    ident(rule3.column);
    if (!comparisons[rule3.op]) throw new Error(`table ${def.table}: filter "${name}" has unknown op "${rule3.op}"`);
  }
  for (const [field2, relation] of Object.entries(def.relations ?? {})) {
    const own = relation.kind === "table" ? [relation.by] : Object.values(relation.carries);
    for (const f of own) if (!def.columns[f]) throw new Error(`table ${def.table}: relation "${field2}" uses field "${f}", which has no column`);
    if (relation.kind === "table" && !relation.table.columns[relation.table.key]) throw new Error(`table ${def.table}: relation "${field2}" points to ${relation.table.table}, which has no key column`);
  }
  return def;
}
function column(t, field2) {
  const name = t.columns[field2];
  if (!name) throw new Error(`table ${t.table} has no column for field "${field2}"`);
  return raw(`${t.table}.${name}`);
}
function selectList(t, ways) {
  const columns = raw(Object.entries(t.columns).map(([field2, col]) => `${t.table}.${col} AS "${field2}"`).join(", "));
  return ways ? sql`${columns}, ${ways} AS ${raw(`"${WAYS_COLUMN}"`)}` : columns;
}
function filterConditions(t, filter) {
  if (!filter) return [];
  return Object.entries(filter).filter(([, value]) => value !== void 0 && value !== null).map(([name, value]) => {
    const rule3 = t.filters?.[name];
    if (!rule3) throw new Error(`table ${t.table} has no filter "${name}"`);
    return comparisons[rule3.op](raw(`${t.table}.${rule3.column}`), value);
  });
}
function selectPage(t, args, guard, ways) {
  const key = column(t, t.key);
  const conditions = [...filterConditions(t, args.filter), guard];
  if (args.after != null) conditions.push(sql`${key} > ${args.after}`);
  return sql`SELECT ${selectList(t, ways)} FROM ${raw(t.table)} WHERE ${and(conditions)} ORDER BY ${key} LIMIT ${args.first}`;
}
function selectByKeys(t, keys, guard, ways) {
  return sql`SELECT ${selectList(t, ways)} FROM ${raw(t.table)} WHERE ${column(t, t.key)} = ANY(${keys}) AND ${guard}`;
}
function selectChildren(t, parentField, parentKeys, args, guard, ways) {
  const key = column(t, t.key);
  const parent = column(t, parentField);
  const conditions = [sql`${parent} = ANY(${parentKeys})`, ...filterConditions(t, args.filter), guard];
  if (args.after != null) conditions.push(sql`${key} > ${args.after}`);
  return sql`SELECT * FROM (SELECT ${selectList(t, ways)}, row_number() OVER (PARTITION BY ${parent} ORDER BY ${key}) AS "__rank" FROM ${raw(t.table)} WHERE ${and(conditions)}) ranked WHERE "__rank" <= ${args.first} ORDER BY "${raw(t.key)}"`;
}
function selectAggregate(t, parentField, expression, parentKeys, guard) {
  const parent = column(t, parentField);
  return sql`SELECT ${parent} AS "parent", ${raw(expression)} AS "value" FROM ${raw(t.table)} WHERE ${parent} = ANY(${parentKeys}) AND ${guard} GROUP BY ${parent}`;
}

// subgraphs/analytics/tables.ts
var acquisitionCosts2 = defineTable({
  type: "AcquisitionCost",
  table: "acquisition_costs",
  key: "id",
  columns: { id: "id", quarter: "quarter", channel: "channel", spend: "spend", newCustomers: "new_customers", cac: "cac", campaignIds: "campaign_ids" },
  filters: { quarter: eq("quarter"), fromQuarter: from("quarter"), toQuarter: to("quarter"), channel: eq("channel") }
});
var experimentResults2 = defineTable({
  type: "ExperimentResult",
  table: "experiment_results",
  key: "id",
  columns: {
    id: "id",
    experimentId: "experiment_id",
    variant: "variant",
    players: "players",
    churnedPlayers: "churned_players",
    churnRate: "churn_rate",
    sessions: "sessions",
    averageSessionSeconds: "average_session_seconds",
    averagePlaySecondsPerPlayer: "average_play_seconds_per_player"
  },
  filters: { experimentId: eq("experiment_id", "ExperimentResult.experiment") }
});

// subgraphs/analytics/resolvers.ts
var freshnessSla = new Map(
  loadDescriptor(path14.join(__dpgDir(__dpgSource("subgraphs/analytics/resolvers.ts")), "data-product.yaml")).products.map((p) => [p.id, durationSeconds(p.sla.freshness)])
);
async function freshness(db) {
  const rows = await db.query(
    `SELECT product, refreshed_at AS "refreshedAt", source_rows AS "sourceRows", status, error FROM refreshes`
  );
  const byProduct = new Map(rows.map((r) => [r.product, r]));
  return PRODUCTS.map(({ id }) => {
    const r = byProduct.get(id);
    const age = r?.refreshedAt ? (Date.now() - r.refreshedAt.getTime()) / 1e3 : Infinity;
    return {
      product: id,
      refreshedAt: r?.refreshedAt ?? null,
      sourceRows: r?.sourceRows ?? 0,
      status: r?.status ?? "pending",
      error: r?.error ?? null,
      stale: age > (freshnessSla.get(id) ?? Infinity)
    };
  });
}
var resolvers = {
  Query: {
    customerAcquisitionCost: list3(acquisitionCosts2),
    experimentResults: list3(experimentResults2),
    analyticsFreshness: (_, _args, ctx) => freshness(ctx.db)
  },
  AcquisitionCost: {
    campaigns: (row2) => row2.campaignIds.map((id) => ({ __typename: "Campaign", id }))
  },
  ExperimentResult: {
    experiment: entityRef("Experiment", "experimentId")
  }
};

// subgraphs/analytics/index.ts
var typeOfTable = new Map([acquisitionCosts2, experimentResults2].map((t) => [t.table, t.type]));
var analytics_default = defineDomain({
  name: "analytics",
  dir: __dpgDir(__dpgSource("subgraphs/analytics/index.ts")),
  defaultPort: 4005,
  resolvers,
  // Nothing to seed: every row is derived by a refresh.
  seed: async () => {
  },
  extend({ db, config, logger, invalidate, authorizeOperator }) {
    const gw = gatewayClient({ url: config.gatewayUrl, headers: () => config.gatewayApiKey ? { "x-api-key": config.gatewayApiKey } : {} });
    let last;
    const run = async () => {
      last = await refreshAll(db, gw, config.maxPageSize, logger);
      const changed = PRODUCTS.filter((p) => last.some((o) => o.product === p.id && o.status === "ok")).map((p) => typeOfTable.get(p.table));
      if (changed.length) await invalidate(changed);
      return last;
    };
    const timer = schedule(run, config.refreshIntervalMs);
    return {
      routes: {
        // Recompute now, e.g. after an upstream domain's load job: for the owning team and the mesh's admins only.
        "POST /refresh": async (req) => {
          await authorizeOperator(req);
          const outcomes = await run();
          const failed = outcomes.filter((o) => o.status !== "ok");
          if (!failed.length) return { body: { outcomes } };
          return { status: 502, body: { ...errorBody(502, `${failed.length} of ${outcomes.length} products could not be refreshed: ${failed.map((o) => `${o.product}: ${o.error}`).join("; ")}`), outcomes } };
        }
      },
      readiness: () => ({ ready: true, lastRefresh: last ?? null }),
      stop: () => timer.stop()
    };
  }
});

// subgraphs/customer-success/tables.ts
var tickets = defineTable({
  type: "Ticket",
  table: "tickets",
  key: "id",
  columns: { id: "id", accountId: "account_id", accountRegion: "account_region", subject: "subject", status: "status", priority: "priority", openedOn: "opened_on", resolvedOn: "resolved_on" },
  filters: { status: eq("status"), priority: eq("priority"), accountId: eq("account_id", "Ticket.account"), openedFrom: from("opened_on"), openedTo: to("opened_on") },
  // Accounts belong to sales; a ticket carries the account's key and region, so access to tickets can follow access to accounts.
  relations: { account: carrying({ id: "accountId", region: "accountRegion" }) }
});
var npsResponses = defineTable({
  type: "NpsResponse",
  table: "nps_responses",
  key: "id",
  columns: { id: "id", accountId: "account_id", score: "score", respondedOn: "responded_on", comment: "comment" }
});
var accountHealth = defineTable({
  type: "Account",
  table: "account_health",
  key: "accountId",
  columns: { accountId: "account_id", churnRisk: "churn_risk", health: "health", renewalOn: "renewal_on" },
  filters: { minChurnRisk: from("churn_risk") }
});

// subgraphs/customer-success/resolvers.ts
var riskList = referenceList(accountHealth, "Account", "accountId");
var resolvers2 = {
  Query: {
    tickets: list3(tickets),
    ticket: one(tickets),
    atRiskAccounts: (parent, { minChurnRisk, ...page }, ctx, info) => riskList(parent, { ...page, filter: { minChurnRisk } }, ctx, info)
  },
  Ticket: {
    __resolveReference: reference(tickets),
    account: entityRef("Account", "accountId")
  },
  NpsResponse: {
    __resolveReference: reference(npsResponses),
    account: entityRef("Account", "accountId")
  },
  Account: {
    __resolveReference: extension,
    tickets: children(tickets, "accountId"),
    openTicketCount: aggregate(tickets, "accountId", "count(*) FILTER (WHERE status IN ('OPEN', 'PENDING'))", 0),
    npsScore: aggregate(npsResponses, "accountId", "avg(score)"),
    npsResponses: children(npsResponses, "accountId"),
    churnRisk: lookup(accountHealth, "churnRisk"),
    health: lookup(accountHealth, "health"),
    renewalOn: lookup(accountHealth, "renewalOn")
  }
};

// subgraphs/customer-success/seed.ts
var SUBJECTS = ["Cannot export report to CSV", "SSO login fails", "Dashboard loads slowly", "Invoice shows wrong amount", "API rate limit reached", "Need more user seats", "Data sync stopped overnight", "Question about the renewal", "Scheduled email not sent", "Permission error on shared folder"];
var PRIORITIES = [["LOW", 3], ["NORMAL", 5], ["HIGH", 2], ["URGENT", 1]];
var PRAISE = ["Great product, the team loves it.", "Support was quick and friendly.", "Kim from support solved our issue in an hour.", "Reporting saves us hours every week."];
var NEUTRAL = ["Does the job, pricing is steep.", "Fine, but onboarding took long.", "Would like better exports."];
var COMPLAINTS = ["Too many outages this quarter.", "Tickets stay open for weeks.", "Call me back on +1-555-0100, nobody answers our emails.", "We are evaluating alternatives."];
var RECENT = "2025-10-01";
var clamp = (x, min, max) => Math.min(max, Math.max(min, x));
async function seed(db, u) {
  const r = u.random("customer-success");
  const ticketRows = [];
  const npsRows = [];
  const healthRows = [];
  for (const accountId of u.accountIds) {
    const trouble = r.next();
    let open = 0;
    for (let t = 1, n = r.int(0, Math.round(2 + 6 * trouble)); t <= n; t++) {
      const isOpen = r.chance(0.05 + 0.35 * trouble);
      const status = isOpen ? r.weighted([["OPEN", 2], ["PENDING", 1]]) : r.weighted([["CLOSED", 3], ["SOLVED", 1]]);
      const openedOn = isOpen ? r.date(RECENT, u.period.end) : r.date(u.period.start, addDays(u.period.end, -21));
      if (isOpen) open++;
      ticketRows.push({
        id: `${accountId}-t${t}`,
        account_id: accountId,
        account_region: u.regionOf(accountId),
        subject: r.pick(SUBJECTS),
        status,
        priority: r.weighted(PRIORITIES),
        opened_on: openedOn,
        resolved_on: isOpen ? null : addDays(openedOn, r.int(0, 21))
      });
    }
    let scoreSum = 0;
    const responses = r.int(0, 3);
    for (let n = 1; n <= responses; n++) {
      const score = clamp(Math.round(10 - 8 * trouble + (r.next() - 0.5) * 4), 0, 10);
      scoreSum += score;
      npsRows.push({
        id: `${accountId}-n${n}`,
        account_id: accountId,
        score,
        responded_on: r.date(u.period.start, u.period.end),
        comment: r.chance(0.6) ? r.pick(score >= 9 ? PRAISE : score >= 7 ? NEUTRAL : COMPLAINTS) : null
      });
    }
    const nps = responses ? scoreSum / responses : null;
    const churnRisk = clamp(0.1 + 0.12 * open + (nps === null ? 0.15 : (8 - nps) * 0.07) + (r.next() - 0.5) * 0.2, 0.01, 0.99);
    healthRows.push({
      account_id: accountId,
      churn_risk: Math.round(churnRisk * 1e3) / 1e3,
      health: churnRisk >= 0.7 ? "RED" : churnRisk >= 0.4 ? "YELLOW" : "GREEN",
      renewal_on: r.date(addDays(u.period.end, 1), addDays(u.period.end, 365))
    });
  }
  await insertRows(db, "tickets", ticketRows);
  await insertRows(db, "nps_responses", npsRows);
  await insertRows(db, "account_health", healthRows);
}

// subgraphs/customer-success/index.ts
var customer_success_default = defineDomain({ name: "customer-success", dir: __dpgDir(__dpgSource("subgraphs/customer-success/index.ts")), defaultPort: 4003, resolvers: resolvers2, seed });

// subgraphs/gameplay/tables.ts
var experiments = defineTable({
  type: "Experiment",
  table: "experiments",
  key: "id",
  columns: { id: "id", name: "name", hypothesis: "hypothesis", startedOn: "started_on", endedOn: "ended_on" }
});
var variants = defineTable({
  type: "ExperimentVariant",
  table: "experiment_variants",
  key: "id",
  columns: { id: "id", experimentId: "experiment_id", name: "name", rounds: "rounds" }
});
var players = defineTable({
  type: "Player",
  table: "player_facts",
  key: "id",
  columns: {
    id: "id",
    handle: "handle",
    email: "email",
    dateOfBirth: "date_of_birth",
    country: "country",
    signupOn: "signup_on",
    experimentId: "experiment_id",
    variantId: "variant_id",
    variant: "variant",
    churned: "churned",
    churnedOn: "churned_on"
  },
  filters: { country: eq("country"), variant: eq("variant"), churned: eq("churned"), experimentId: eq("experiment_id", "Player.experiment") }
});
var gameSessions = defineTable({
  type: "GameSession",
  table: "game_sessions",
  key: "id",
  columns: { id: "id", playerId: "player_id", startedAt: "started_at", rounds: "rounds", durationSeconds: "duration_seconds" },
  filters: { playerId: eq("player_id", "GameSession.player"), rounds: eq("rounds"), startedFrom: from("started_at"), startedTo: to("started_at") }
});

// subgraphs/gameplay/resolvers.ts
var resolvers3 = {
  Query: {
    experiments: list3(experiments),
    experiment: one(experiments),
    players: list3(players),
    player: one(players),
    gameSessions: list3(gameSessions)
  },
  Experiment: {
    __resolveReference: reference(experiments),
    variants: children(variants, "experimentId")
  },
  ExperimentVariant: {
    playerCount: aggregate(players, "variantId", "count(*)", 0)
  },
  Player: {
    __resolveReference: reference(players),
    experiment: belongsTo(experiments, "experimentId"),
    sessions: children(gameSessions, "playerId"),
    sessionCount: aggregate(gameSessions, "playerId", "count(*)", 0),
    totalPlaySeconds: aggregate(gameSessions, "playerId", "sum(duration_seconds)", 0)
  },
  GameSession: {
    __resolveReference: reference(gameSessions),
    player: belongsTo(players, "playerId")
  }
};

// subgraphs/gameplay/seed.ts
var EXPERIMENT = { id: "exp-rounds", name: "3 vs 4 rounds per game", hypothesis: "Four rounds per game keep players playing longer and churn less than three." };
var VARIANTS = [
  { id: "exp-rounds-v1", name: "three-rounds", rounds: 3, churn: 0.3 },
  { id: "exp-rounds-v2", name: "four-rounds", rounds: 4, churn: 0.22 }
];
var COUNTRIES = [["US", 5], ["DE", 2], ["GB", 2], ["JP", 2], ["BR", 2], ["FR", 1], ["KR", 1], ["IN", 1], ["CA", 1], ["AU", 1]];
var ADJECTIVES = ["swift", "brave", "lucky", "silent", "crimson", "frosty", "mighty", "sneaky", "cosmic", "golden"];
var ANIMALS = ["Fox", "Otter", "Falcon", "Panda", "Wolf", "Gecko", "Lynx", "Raven", "Badger", "Koala"];
var FIRST = ["mia", "noah", "lea", "ben", "hana", "luca", "emma", "kai", "zoe", "arjun", "sofia", "leo"];
var LAST = ["meyer", "garcia", "sato", "brown", "kim", "dubois", "santos", "patel", "wilson", "novak"];
var DOMAINS = ["example.com", "example.org", "example.net"];
var pad2 = (n) => String(n).padStart(2, "0");
async function seed2(db, u) {
  const r = u.random("gameplay");
  const birth = u.random("gameplay-birth");
  const lastSignup = addDays(u.period.end, -60);
  const lastSession = addDays(u.period.end, -31);
  const playerRows = [];
  const sessionRows = [];
  for (const [i, id] of u.playerIds.entries()) {
    const variant = VARIANTS[i % VARIANTS.length];
    const signupOn = r.date(u.period.start, lastSignup);
    const starts = [];
    for (let s = 0, n = r.int(1, 15), day = signupOn; s < n && day <= lastSession; s++, day = addDays(day, r.int(0, 14))) {
      starts.push(`${day}T${pad2(r.int(0, 23))}:${pad2(r.int(0, 59))}:${pad2(r.int(0, 59))}.000Z`);
    }
    starts.sort();
    for (const [s, startedAt] of starts.entries()) {
      let duration = 0;
      for (let round = 0; round < variant.rounds; round++) duration += r.int(60, 120);
      sessionRows.push({ id: `${id}-s${pad2(s + 1)}`, player_id: id, started_at: startedAt, rounds: variant.rounds, duration_seconds: duration });
    }
    const churned = r.chance(variant.churn);
    playerRows.push({
      id,
      handle: `${r.pick(ADJECTIVES)}${r.pick(ANIMALS)}${i + 1}`,
      email: `${r.pick(FIRST)}.${r.pick(LAST)}${r.int(1, 999)}@${r.pick(DOMAINS)}`,
      country: r.weighted(COUNTRIES),
      signup_on: signupOn,
      variant_id: variant.id,
      churned,
      churned_on: churned ? addDays(starts[starts.length - 1].slice(0, 10), r.int(1, 30)) : null,
      // Its own stream, so adding it left every other draw as it was.
      date_of_birth: birth.date("1960-01-01", "2008-12-31")
    });
  }
  await insertRows(db, "experiments", [{ ...EXPERIMENT, started_on: u.period.start, ended_on: u.period.end }]);
  await insertRows(db, "experiment_variants", VARIANTS.map(({ churn, ...v }) => ({ ...v, experiment_id: EXPERIMENT.id })));
  await insertRows(db, "players", playerRows);
  await insertRows(db, "game_sessions", sessionRows);
}

// subgraphs/gameplay/index.ts
var gameplay_default = defineDomain({ name: "gameplay", dir: __dpgDir(__dpgSource("subgraphs/gameplay/index.ts")), defaultPort: 4004, resolvers: resolvers3, seed: seed2 });

// subgraphs/governance/ingest.ts
var FIELDS = ["at", "subject", "coordinate", "decision", "rule", "policyVersion", "source"];
function row(e, i) {
  for (const f of FIELDS) if (typeof e?.[f] !== "string" || !e[f]) throw new HttpError(400, `events[${i}].${f} must be a non-empty string`);
  if (e.decision !== "deny" && e.decision !== "allow") throw new HttpError(400, `events[${i}].decision must be "deny" or "allow"`);
  if (Number.isNaN(Date.parse(String(e.at)))) throw new HttpError(400, `events[${i}].at must be an ISO 8601 instant`);
  return {
    at: e.at,
    subject: e.subject,
    roles: Array.isArray(e.roles) ? e.roles.map(String) : [],
    operation_name: e.operationName ?? null,
    operation_hash: e.operationHash ?? null,
    path: e.path ?? null,
    coordinate: e.coordinate,
    decision: e.decision,
    rule: e.rule,
    policy_version: e.policyVersion,
    source: e.source
  };
}
function ingestRoute(db, principalOf) {
  return async (req) => {
    const caller = await principalOf(req.headers.authorization);
    if (!caller.roles.includes("gateway")) throw new HttpError(403, "only the gateway writes audit events");
    const events = req.body?.events;
    if (!Array.isArray(events) || events.length === 0) throw new HttpError(400, 'body must be {"events": [...]} with at least one event');
    const rows = events.map((e, i) => row(e, i));
    await db.transaction((tx) => insertRows(tx, "audit_events", rows));
    return { status: 201, body: { stored: rows.length } };
  };
}

// subgraphs/governance/catalog.ts
import { GraphQLError as GraphQLError7 } from "graphql";
var SEES_PEOPLE_ROLE = "governance";
var APPLICATION_KINDS = ["app", "api-key"];
var CONDITIONS = {
  domain: (p, v) => p.domain === v,
  team: (p, v) => p.team === v,
  classification: (p, v) => p.classification === v,
  status: (p, v) => p.status === v,
  search: (p, v) => [p.id, p.name, p.purpose].some((t) => t.toLowerCase().includes(v.toLowerCase())),
  usedBy: (p, v) => p.clients.some((c) => c.client === v)
};
function selectProducts(entries, filter, principal) {
  const seesPeople = principal.roles.includes(SEES_PEOPLE_ROLE);
  const products = new Map(
    entries.map((p) => [
      p.id,
      { ...p, clients: seesPeople ? p.clients : p.clients.filter((c) => APPLICATION_KINDS.includes(c.kind)), freshness: p.sla.freshness, latency: p.sla.latency ?? null, builtFrom: [], feeds: [] }
    ])
  );
  const linked = (ids) => ids.flatMap((id) => products.get(id) ?? []);
  for (const entry of entries) Object.assign(products.get(entry.id), { builtFrom: linked(entry.builtFrom ?? []), feeds: linked(entry.feeds ?? []) });
  const given = Object.entries(filter ?? {}).filter(([, v]) => v != null);
  return [...products.values()].filter((p) => given.every(([k, v]) => CONDITIONS[k](p, v))).sort((a, b) => a.id.localeCompare(b.id));
}
async function catalogProducts(registry, filter, principal) {
  const unavailable = (why) => new GraphQLError7(`the data-product catalog is unavailable: ${why}`, { extensions: { code: "CATALOG_UNAVAILABLE" } });
  const res = await fetch(`${registry.url}/catalog`, { headers: { authorization: `Bearer ${registry.token}` }, signal: AbortSignal.timeout(5e3) }).catch((err) => {
    throw unavailable(`schema registry unreachable (${err.message})`);
  });
  if (!res.ok) throw unavailable(`schema registry answered ${res.status}`);
  return selectProducts(await res.json(), filter, principal);
}

// subgraphs/governance/tables.ts
var auditEvents2 = defineTable({
  type: "AuditEvent",
  table: "audit_events",
  key: "id",
  columns: {
    id: "id",
    at: "at",
    subject: "subject",
    roles: "roles",
    operationName: "operation_name",
    operationHash: "operation_hash",
    path: "path",
    coordinate: "coordinate",
    decision: "decision",
    rule: "rule",
    policyVersion: "policy_version",
    source: "source"
  },
  filters: { subject: eq("subject"), decision: eq("decision"), coordinate: eq("coordinate"), rule: eq("rule"), from: from("at"), to: to("at") }
});

// subgraphs/governance/resolvers.ts
var resolvers4 = {
  Query: {
    auditEvents: list3(auditEvents2),
    dataProducts: (_, args, ctx) => catalogProducts({ url: ctx.config.registryUrl, token: ctx.config.registryToken }, args.filter, ctx.principal)
  },
  AuditEvent: { __resolveReference: reference(auditEvents2) },
  // Stored lower-case, as the gateway sends them.
  AuditDecision: { DENY: "deny", ALLOW: "allow" }
};

// subgraphs/governance/index.ts
var governance_default = defineDomain({
  name: "governance",
  dir: __dpgDir(__dpgSource("subgraphs/governance/index.ts")),
  defaultPort: 4006,
  resolvers: resolvers4,
  seed: async () => {
  },
  extend: ({ db, principalOf }) => ({ routes: { "POST /audit": ingestRoute(db, principalOf) } })
});

// subgraphs/marketing/tables.ts
var campaigns = defineTable({
  type: "Campaign",
  table: "campaigns",
  key: "id",
  columns: { id: "id", name: "name", channel: "channel", startDate: "start_date", endDate: "end_date" },
  // A campaign is active in [activeFrom, activeTo] when its run overlaps that range.
  filters: { channel: eq("channel"), activeFrom: from("end_date"), activeTo: to("start_date") }
});
var campaignSpend = defineTable({
  type: "MonthlySpend",
  table: "campaign_spend",
  key: "id",
  columns: { id: "id", campaignId: "campaign_id", month: "month", amount: "amount" }
});
var leads = defineTable({
  type: "Lead",
  table: "lead_facts",
  key: "id",
  columns: { id: "id", campaignId: "campaign_id", email: "email", createdOn: "created_on", convertedAccountId: "converted_account_id", convertedOn: "converted_on" },
  filters: {
    campaignId: eq("campaign_id", "Lead.campaign"),
    channel: eq("channel", "Campaign.channel"),
    createdFrom: from("created_on"),
    createdTo: to("created_on"),
    converted: eq("converted", "Lead.convertedAccount")
  }
});
var accountAcquisition = defineTable({
  type: "Account",
  table: "account_acquisition",
  key: "accountId",
  columns: { accountId: "account_id", channel: "channel" }
});

// subgraphs/marketing/resolvers.ts
var resolvers5 = {
  Query: {
    campaigns: list3(campaigns),
    campaign: one(campaigns),
    leads: list3(leads)
  },
  Campaign: {
    __resolveReference: reference(campaigns),
    monthlySpend: children(campaignSpend, "campaignId"),
    totalSpend: aggregate(campaignSpend, "campaignId", "sum(amount)", 0),
    leads: children(leads, "campaignId")
  },
  Lead: {
    __resolveReference: reference(leads),
    campaign: belongsTo(campaigns, "campaignId"),
    convertedAccount: entityRef("Account", "convertedAccountId")
  },
  Account: {
    __resolveReference: extension,
    leads: children(leads, "convertedAccountId"),
    acquisitionChannel: lookup(accountAcquisition, "channel")
  }
};

// subgraphs/marketing/seed.ts
var SPEND = { SEARCH: [1e4, 35e3], SOCIAL: [8e3, 25e3], EMAIL: [2e3, 8e3], EVENTS: [25e3, 6e4], CONTENT: [5e3, 15e3] };
var LABEL2 = { SEARCH: "search ads", SOCIAL: "social push", EMAIL: "newsletter", EVENTS: "roadshow", CONTENT: "whitepaper" };
var THEMES = ["Spring launch", "Cloud migration", "Data quality", "Year-end", "Partner", "Analytics 101", "Customer stories", "Security"];
var FIRST2 = ["alex", "sam", "maria", "jonas", "yuki", "priya", "omar", "lena", "diego", "chloe", "wei", "nia"];
var LAST2 = ["smith", "mueller", "tanaka", "silva", "kowalski", "nguyen", "haddad", "larsen", "okafor", "rossi"];
var DOMAINS2 = ["example.com", "example.org", "example.net"];
var MIN_DAYS_TO_CONVERT = 10;
var pad3 = (n, width) => String(n).padStart(width, "0");
function monthStart(start, index) {
  const months = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1 + index;
  return `${Math.floor(months / 12)}-${pad3(months % 12 + 1, 2)}-01`;
}
var monthEnd = (first) => new Date(Date.UTC(Number(first.slice(0, 4)), Number(first.slice(5, 7)), 0)).toISOString().slice(0, 10);
var monthsBetween = (start, end) => (Number(end.slice(0, 4)) - Number(start.slice(0, 4))) * 12 + Number(end.slice(5, 7)) - Number(start.slice(5, 7)) + 1;
async function seed3(db, u) {
  const r = u.random("marketing");
  const periodMonths = monthsBetween(u.period.start, u.period.end);
  const campaignRows = [];
  const spendRows = [];
  for (let i = 0, n = Math.max(10, Math.round(40 * u.scale)); i < n; i++) {
    const id = `cmp-${pad3(i + 1, 6)}`;
    const channel = CHANNELS[i % CHANNELS.length];
    const months = r.int(1, 6);
    const first = r.int(0, periodMonths - months);
    const startDate = monthStart(u.period.start, first);
    for (let m = 0; m < months; m++) {
      const month = monthStart(u.period.start, first + m);
      spendRows.push({ id: `${id}-${month.slice(0, 7)}`, campaign_id: id, month, amount: r.amount(...SPEND[channel]) });
    }
    campaignRows.push({ id, name: `${r.pick(THEMES)} ${LABEL2[channel]} ${startDate.slice(0, 7)}`, channel, start_date: startDate, end_date: monthEnd(monthStart(u.period.start, first + months - 1)) });
  }
  const leadRows = [];
  for (let i = 0, n = 3 * u.accountIds.length; i < n; i++) {
    const campaign = r.pick(campaignRows);
    leadRows.push({
      id: `lead-${pad3(i + 1, 7)}`,
      campaign_id: campaign.id,
      email: `${r.pick(FIRST2)}.${r.pick(LAST2)}${r.int(1, 99)}@${r.pick(DOMAINS2)}`,
      created_on: r.date(campaign.start_date, campaign.end_date),
      converted_account_id: null,
      converted_on: null
    });
  }
  const lastConvertible = addDays(u.period.end, -MIN_DAYS_TO_CONVERT);
  const order = leadRows.map((_, i) => i).filter((i) => leadRows[i].created_on <= lastConvertible);
  for (let i = order.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  let next = 0;
  for (const accountId of u.accountIds) {
    if (!r.chance(0.7) || next >= order.length) continue;
    const lead = leadRows[order[next++]];
    const convertedOn = addDays(lead.created_on, r.int(MIN_DAYS_TO_CONVERT, 120));
    lead.converted_account_id = accountId;
    lead.converted_on = convertedOn < u.period.end ? convertedOn : u.period.end;
  }
  await insertRows(db, "campaigns", campaignRows);
  await insertRows(db, "campaign_spend", spendRows);
  await insertRows(db, "leads", leadRows);
}

// subgraphs/marketing/index.ts
var marketing_default = defineDomain({ name: "marketing", dir: __dpgDir(__dpgSource("subgraphs/marketing/index.ts")), defaultPort: 4002, resolvers: resolvers5, seed: seed3 });

// subgraphs/sales/tables.ts
var accounts = defineTable({
  type: "Account",
  table: "accounts",
  key: "id",
  columns: { id: "id", name: "name", industry: "industry", segment: "segment", region: "region", createdOn: "created_on", customerSince: "customer_since" },
  filters: { region: eq("region"), segment: eq("segment"), industry: eq("industry"), nameContains: contains("name"), customerFrom: from("customer_since"), customerTo: to("customer_since") }
});
var contacts = defineTable({
  type: "Contact",
  table: "contact_facts",
  key: "id",
  columns: { id: "id", accountId: "account_id", name: "name", email: "email", phone: "phone", title: "title", region: "region" },
  filters: { accountId: eq("account_id", "Contact.account"), title: eq("title"), region: eq("region"), emailContains: contains("email") },
  relations: { account: through(accounts, "accountId") }
});
var opportunities = defineTable({
  type: "Opportunity",
  table: "opportunities",
  key: "id",
  columns: { id: "id", accountId: "account_id", name: "name", amount: "amount", stage: "stage", closeDate: "close_date", owner: "owner", region: "region" },
  filters: { stage: eq("stage"), stages: oneOf2("stage"), region: eq("region"), owner: eq("owner"), closedFrom: from("close_date"), closedTo: to("close_date") },
  relations: { account: through(accounts, "accountId") }
});

// subgraphs/sales/resolvers.ts
var resolvers6 = {
  Query: {
    accounts: list3(accounts),
    account: one(accounts),
    opportunities: list3(opportunities),
    contacts: list3(contacts)
  },
  Account: {
    __resolveReference: reference(accounts),
    contacts: children(contacts, "accountId"),
    opportunities: children(opportunities, "accountId")
  },
  Contact: {
    __resolveReference: reference(contacts),
    account: belongsTo(accounts, "accountId")
  },
  Opportunity: {
    __resolveReference: reference(opportunities),
    account: belongsTo(accounts, "accountId")
  }
};

// subgraphs/sales/seed.ts
var WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent", "Hooli", "Vandelay", "Massive", "Nimbus", "Polar", "Quantum", "Summit", "Vertex", "Zenith", "Aurora", "Cobalt"];
var NOUNS = ["Dynamics", "Systems", "Foods", "Logistics", "Labs", "Works", "Networks", "Health", "Energy", "Media"];
var SUFFIXES = ["Inc", "GmbH", "Ltd", "SA", "KK", "LLC"];
var INDUSTRIES = ["Retail", "Manufacturing", "Healthcare", "Finance", "Media", "Logistics", "Energy", "Software"];
var FIRST3 = ["Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger", "Radia", "Tim", "Katherine", "John", "Hedy", "Guido"];
var LAST3 = ["Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Johnson", "McCarthy", "Lamarr", "van Rossum"];
var TITLES2 = ["CFO", "CTO", "Head of Data", "Procurement Lead", "VP Sales", "Analyst"];
var STAGES = [["PROSPECTING", 1], ["QUALIFICATION", 1], ["PROPOSAL", 1], ["NEGOTIATION", 1], ["CLOSED_WON", 3], ["CLOSED_LOST", 2]];
var SEGMENT_AMOUNT = { SMB: [2e3, 2e4], MID: [15e3, 12e4], ENT: [8e4, 9e5] };
async function seed4(db, u) {
  const r = u.random("sales");
  const reps = Object.fromEntries(REGIONS.map((region) => [region, [1, 2, 3].map((n) => `${region.toLowerCase()}-rep-${n}`)]));
  const accountRows = [];
  const contactRows = [];
  const opportunityRows = [];
  for (const id of u.accountIds) {
    const segment = r.weighted([["SMB", 5], ["MID", 3], ["ENT", 1]]);
    r.next();
    const region = u.regionOf(id);
    const name = `${r.pick(WORDS)} ${r.pick(NOUNS)} ${r.pick(SUFFIXES)}`;
    const domain = `${id}.example.com`;
    const createdOn = r.date("2023-06-01", "2025-09-30");
    for (let c = 1, n = r.int(1, 4); c <= n; c++) {
      const first = r.pick(FIRST3);
      const last = r.pick(LAST3);
      contactRows.push({
        id: `${id}-c${c}`,
        account_id: id,
        name: `${first} ${last}`,
        email: `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "") + `@${domain}`,
        phone: r.chance(0.8) ? `+1-555-${String(r.int(0, 9999)).padStart(4, "0")}` : null,
        title: r.pick(TITLES2)
      });
    }
    let customerSince = null;
    for (let o = 1, n = r.int(1, 6); o <= n; o++) {
      const stage = r.weighted(STAGES);
      const closeDate = r.date(createdOn > u.period.start ? createdOn : u.period.start, u.period.end);
      const [min, max] = SEGMENT_AMOUNT[segment];
      if (stage === "CLOSED_WON" && (customerSince === null || closeDate < customerSince)) customerSince = closeDate;
      opportunityRows.push({
        id: `${id}-o${o}`,
        account_id: id,
        name: `${name.split(" ")[0]} ${r.pick(["renewal", "expansion", "pilot", "platform deal", "add-on"])}`,
        amount: r.amount(min, max),
        stage,
        close_date: closeDate,
        owner: r.pick(reps[region]),
        region
      });
    }
    accountRows.push({ id, name, industry: r.pick(INDUSTRIES), segment, region, created_on: createdOn, customer_since: customerSince });
  }
  await insertRows(db, "accounts", accountRows);
  await insertRows(db, "contacts", contactRows);
  await insertRows(db, "opportunities", opportunityRows);
}

// subgraphs/sales/index.ts
var sales_default = defineDomain({ name: "sales", dir: __dpgDir(__dpgSource("subgraphs/sales/index.ts")), defaultPort: 4001, resolvers: resolvers6, seed: seed4 });

// subgraphs/index.ts
var domains = [sales_default, marketing_default, customer_success_default, gameplay_default, analytics_default, governance_default];
function domainNamed(name) {
  const domain = domains.find((d) => d.name === name);
  if (!domain) throw new Error(`unknown subgraph "${name}"; known: ${domains.map((d) => d.name).join(", ")}`);
  return domain;
}

// subgraphs/kit/config.ts
var subgraphSettings = {
  port: port("SUBGRAPH_PORT", void 0, "Port of a subgraph started on its own. Default: the domain's own (sales 4001, marketing 4002, customer-success 4003, gameplay 4004, analytics 4005, governance 4006)."),
  publicUrl: url("SUBGRAPH_URL", void 0, "URL the subgraph publishes to the registry, as the gateway reaches it. Default: http://127.0.0.1:<port>/graphql."),
  registryUrl: shared.registryUrl,
  registryToken: shared.registryToken,
  supergraphFile: shared.supergraphFile,
  databaseUrl: shared.databaseUrl,
  dataDir: shared.dataDir,
  seedScale: positive("SEED_SCALE", 1, "Size of the deterministic seed data: 1 = 200 accounts and 400 players; other values scale linearly."),
  maxPageSize: int("MAX_PAGE_SIZE", 500, "Hard maximum of `first` on every list field.", 1),
  host: shared.host,
  deployment: shared.deployment,
  metricsToken: shared.metricsToken,
  maxBodyBytes: shared.maxBodyBytes,
  logLevel: shared.logLevel,
  gatewayUrl: url("GATEWAY_URL", "http://127.0.0.1:4000", "Gateway base URL, for derived data products (analytics) that read other domains' products through it."),
  gatewayApiKey: text("GATEWAY_API_KEY", void 0, "API key a derived domain (analytics) reads other domains through the gateway with. `npm start` creates one."),
  gatewayJwksUrl: url("GATEWAY_JWKS_URL", void 0, "Where the gateway publishes the key its identity tokens are signed with. Default: GATEWAY_URL/.well-known/jwks.json."),
  ...policySettings,
  refreshIntervalMs: int("REFRESH_INTERVAL_MS", 6e4, "How often derived data products are recomputed (analytics); 0 turns the timer off."),
  entityCache: oneOf("ENTITY_CACHE", "auto", CACHE_MODES, "Entity cache in the subgraphs (rows read by the DataLoaders, kept for the freshness SLA of their data product): auto = Redis when configured, else in-process; off, memory or redis."),
  ...cacheSettings
};
function readSubgraphConfig(env = process.env) {
  return readConfig(subgraphSettings, env);
}
function subgraphDevelopmentDefaults(config) {
  return [
    ...config.maskHashKey === policySettings.maskHashKey.default ? [{ setting: "MASK_HASH_KEY", problem: "is the public development key: hashed values can be reversed with a dictionary" }] : [],
    ...config.registryToken === shared.registryToken.default ? [{ setting: "REGISTRY_TOKEN", problem: "is the registry's development admin token: give the subgraph its team's token" }] : [],
    ...placeholders(subgraphSettings, config)
  ];
}

// subgraphs/kit/server.ts
import fs11 from "node:fs";
import { parse as parse14 } from "graphql";
import { buildSubgraphSchema } from "@apollo/subgraph";

// subgraphs/kit/entityKeys.ts
var BY_KEY = "k";
function guardFingerprint(guard) {
  const { text: text3, params } = render(guard);
  return digest(text3, stableJson(params));
}
var childrenLoader = (parentField, args) => `c.${digest(parentField, stableJson(args))}`;
var aggregateLoader = (parentField, expression) => `a.${digest(parentField, expression)}`;
function entityKey(namespace2, p) {
  return `${namespace2}:e:${p.subgraph}:${p.type}:${p.table}:${p.guard}:${p.loader}#${JSON.stringify(p.key)}`;
}
var entityTag = (namespace2, subgraph, type) => `${namespace2}:et:${subgraph}:${type}`;
function touchedByKeys(cacheKey, keys) {
  const hash = cacheKey.indexOf("#");
  if (hash < 0) return true;
  const head = cacheKey.slice(0, hash);
  if (head.slice(head.lastIndexOf(":") + 1) !== BY_KEY) return true;
  try {
    return keys.has(String(JSON.parse(cacheKey.slice(hash + 1))));
  } catch {
    return true;
  }
}

// subgraphs/kit/entityCache.ts
var EntityCache = class {
  constructor(options) {
    this.options = options;
  }
  options;
  epochs = /* @__PURE__ */ new Map();
  /**
   * Loads a DataLoader batch through the cache; `load` gets the keys that
   * missed and answers in their order. `guard` is everything the rows depend
   * on besides the key: the row guard's SQL and parameters, and the per-row
   * ways SQL when there is one.
   */
  async batch(t, loader, guard, keys, load) {
    const ttl = this.options.ttlSeconds(t.type);
    if (!ttl) return load(keys);
    const { store, namespace: namespace2, subgraph } = this.options;
    const epoch = this.epochs.get(t.type) ?? 0;
    const parts = { subgraph, type: t.type, table: t.table, guard: guardFingerprint(guard), loader };
    const cacheKeys = keys.map((key) => entityKey(namespace2, { ...parts, key }));
    const cached = await store.mget(cacheKeys);
    const values = new Array(keys.length);
    const missing = [];
    cached.forEach((hit, i) => hit === void 0 ? missing.push(i) : values[i] = JSON.parse(hit));
    this.options.lookups?.inc({ result: "hit" }, keys.length - missing.length);
    if (missing.length === 0) return values;
    this.options.lookups?.inc({ result: "miss" }, missing.length);
    const loaded = await load(missing.map((i) => keys[i]));
    missing.forEach((i, j) => values[i] = loaded[j]);
    if ((this.epochs.get(t.type) ?? 0) === epoch) {
      const entries = missing.map((i, j) => ({ key: cacheKeys[i], value: JSON.stringify(loaded[j] ?? null), ttlMs: ttl * 1e3 }));
      void store.set(entries, [entityTag(namespace2, subgraph, t.type)]);
    }
    return values;
  }
  /** Drops cached rows of `types` (only those of `keys` and the types' lists, when keys are given); false when the store could not be reached. */
  async drop(types, keys) {
    const { store, namespace: namespace2, subgraph } = this.options;
    for (const type of types) this.epochs.set(type, (this.epochs.get(type) ?? 0) + 1);
    const tags = types.map((type) => entityTag(namespace2, subgraph, type));
    if (!keys) return store.invalidateTags(tags);
    const wanted = new Set(keys.map(String));
    let ok = true;
    for (const tag of tags) {
      const members = await store.tagged(tag);
      if (!members) ok = false;
      const victims = (members ?? []).filter((k) => touchedByKeys(k, wanted));
      if (victims.length) ok = await store.delete(victims) && ok;
    }
    return ok;
  }
};

// subgraphs/kit/invalidation.ts
import { randomUUID as randomUUID2 } from "node:crypto";
function entityInvalidation({ subgraph, caches, cache, logger }) {
  const origin = randomUUID2();
  const publisher = invalidationPublisher(caches.bus, caches.namespace);
  const redo = redoUntilDone();
  const drop = async (inv) => {
    if (cache) await redo.run(() => cache.drop(inv.types, inv.keys));
  };
  const unsubscribe = caches.bus.subscribe(invalidationChannel(caches.namespace), (message) => {
    const inv = decodeInvalidation(message);
    if (!inv || inv.origin === origin || inv.subgraph !== subgraph) return;
    void drop(inv);
  });
  const invalidate = async (types, keys) => {
    await drop({ types, keys });
    const published = await publisher.publish({ subgraph, types, keys, origin });
    logger.info({ types, keys: keys?.length ?? "all", published }, "invalidated cached data");
    return { published };
  };
  return {
    invalidate,
    stop() {
      unsubscribe();
      publisher.stop();
      redo.stop();
    }
  };
}
function invalidateRoute(invalidate, authorize) {
  return {
    "POST /invalidate": async (req) => {
      await authorize(req);
      const problems = invalidationProblems(req.body);
      if (problems.length) throw new HttpError(400, `invalid invalidation: ${problems.join("; ")}`, { problems });
      const { types, keys } = req.body;
      const { published } = await invalidate(types, keys?.map(String));
      return { body: { types, keys: keys ?? null, published } };
    }
  };
}

// subgraphs/kit/caching.ts
async function openEntityCaching(subgraph, config, descriptor, deps) {
  const caches = await openCaches(config, { service: `subgraph:${subgraph}`, ...deps });
  const store = caches.store(config.entityCache, "ENTITY_CACHE");
  const policy = cachePolicyByType(descriptor.products.map((p) => ({ types: p.types, freshnessSeconds: durationSeconds(p.sla.freshness), cacheable: p.cacheable })));
  const cache = store ? new EntityCache({
    store,
    namespace: caches.namespace,
    subgraph,
    // `cacheable: false` speaks of responses; rows of a type nobody described are not cached at all.
    ttlSeconds: (type) => policy.get(type)?.ttlSeconds,
    lookups: counter(deps.metrics, "dpg_entity_cache_lookups_total", "Entity cache lookups by result", ["result"])
  }) : void 0;
  const invalidation = entityInvalidation({ subgraph, caches, cache, logger: deps.logger });
  return {
    cache,
    invalidate: invalidation.invalidate,
    async close() {
      invalidation.stop();
      await caches.close();
    }
  };
}

// subgraphs/kit/loaders.ts
import DataLoader from "dataloader";

// subgraphs/kit/guard.ts
var FALSE2 = raw("FALSE");
function conditionSql(r, t, at2 = t.table, depth = 0) {
  switch (r.kind) {
    case "true":
      return raw("TRUE");
    case "false":
      return FALSE2;
    case "and":
      return and(r.items.map((i) => conditionSql(i, t, at2, depth)));
    case "or":
      return or(r.items.map((i) => conditionSql(i, t, at2, depth)));
    case "related":
      return relatedSql(r, t, at2, depth);
    case "compare":
      return compareSql(r, t, at2);
  }
}
function compareSql(r, t, at2) {
  const name = t.columns[r.field];
  if (!name) return FALSE2;
  const column2 = raw(`${at2}.${name}`);
  const v = r.value;
  switch (r.op) {
    case "eq":
      return v === null ? sql`${column2} IS NULL` : sql`${column2} = ${v}`;
    case "ne":
      return v === null ? sql`${column2} IS NOT NULL` : sql`${column2} IS DISTINCT FROM ${v}`;
    case "in":
      return sql`${column2} = ANY(${Array.isArray(v) ? v : [v]})`;
    case "gt":
      return sql`${column2} > ${v}`;
    case "gte":
      return sql`${column2} >= ${v}`;
    case "lt":
      return sql`${column2} < ${v}`;
    case "lte":
      return sql`${column2} <= ${v}`;
  }
}
function relatedSql(r, t, at2, depth) {
  const relation = t.relations?.[r.field];
  if (!relation) return FALSE2;
  if (relation.kind === "carried") {
    const carried = {
      ...t,
      columns: Object.fromEntries(Object.entries(relation.carries).map(([related, own]) => [related, t.columns[own]])),
      relations: {}
    };
    return conditionSql(r.condition, carried, at2, depth);
  }
  const target = relation.table;
  const alias = `__rel${depth}`;
  return sql`EXISTS (SELECT 1 FROM ${raw(target.table)} AS ${raw(alias)} WHERE ${raw(`${alias}.${target.columns[target.key]}`)} = ${raw(`${at2}.${t.columns[relation.by]}`)} AND ${conditionSql(r.condition, target, alias, depth + 1)})`;
}

// subgraphs/kit/access.ts
var TRUE = raw("TRUE");
var allRows = { table: () => ({ where: TRUE, key: TRUE }), aggregate: () => ({ where: TRUE, key: TRUE }) };
var MAX_GROUPS = 30;
function requestAccess(waysOf) {
  const tables = /* @__PURE__ */ new Map();
  const aggregates = /* @__PURE__ */ new Map();
  const rowMemo = /* @__PURE__ */ new Map();
  const perRow = (type) => !waysOf(type).uniform;
  return {
    table(t) {
      let access = tables.get(t);
      if (!access) {
        const w = waysOf(t.type);
        const where2 = conditionSql(w.condition, t);
        const ways = !w.uniform && w.groups.length > 0 && w.groups.length <= MAX_GROUPS ? waysSql(w, t) : void 0;
        tables.set(t, access = { where: where2, ways, key: ways ? sql`${where2} WAYS ${ways}` : where2 });
      }
      return access;
    },
    aggregate(t, coordinate) {
      const id = `${t.table}|${coordinate}`;
      let access = aggregates.get(id);
      if (!access) {
        const [type, field2] = coordinate.split(".");
        const where2 = conditionSql(rowsReadBy(waysOf(t.type), rolesReading(waysOf(type), field2)), t);
        aggregates.set(id, access = { where: where2, key: where2 });
      }
      return access;
    },
    perRow,
    decideRow(type, field2, row2) {
      const w = waysOf(type);
      const bits = row2 && typeof row2[WAYS_COLUMN] === "number" ? row2[WAYS_COLUMN] : void 0;
      let byBits = rowMemo.get(type);
      if (!byBits) rowMemo.set(type, byBits = /* @__PURE__ */ new Map());
      let fields = byBits.get(bits);
      if (!fields) byBits.set(bits, fields = /* @__PURE__ */ new Map());
      let d = fields.get(field2);
      if (!d) fields.set(field2, d = bits === void 0 ? unknownRowDecision(w, field2) : rowDecision(w, bits, field2));
      return d;
    }
  };
}
function waysSql(w, t) {
  return sql`(${join(w.groups.map((g, i) => sql`CASE WHEN ${conditionSql(g.condition, t)} THEN ${raw(String(1 << i))} ELSE 0 END`), " + ")})`;
}

// subgraphs/kit/loaders.ts
var RequestData = class {
  constructor(db, access = allRows, entities) {
    this.db = db;
    this.access = access;
    this.entities = entities;
  }
  db;
  access;
  entities;
  loaders = /* @__PURE__ */ new Map();
  through(t, loader, access, keys, load) {
    return this.entities ? this.entities.batch(t, loader, access.key, keys, load) : load(keys);
  }
  async run(statement) {
    const { text: text3, params } = render(statement);
    return this.db.query(text3, params);
  }
  /** One page of a root list. */
  page(t, args) {
    const access = this.access.table(t);
    return this.run(selectPage(t, args, access.where, access.ways));
  }
  /** Loads rows by key, batched; a key with no visible row resolves to null. */
  byKey(t) {
    return this.memo(
      `key:${t.table}`,
      () => new DataLoader(
        (all) => this.through(t, BY_KEY, this.access.table(t), all, async (keys) => {
          const access = this.access.table(t);
          const rows = await this.run(selectByKeys(t, keys, access.where, access.ways));
          const byKey = new Map(rows.map((r) => [r[t.key], r]));
          return keys.map((k) => byKey.get(k) ?? null);
        })
      )
    );
  }
  /**
   * Loads each parent's children, batched. Loaders are memoized per distinct
   * argument set, because parents asking with different filters or page sizes
   * cannot share one statement.
   */
  children(t, parentField, args) {
    return this.memo(
      `children:${t.table}:${parentField}:${JSON.stringify(args)}`,
      () => new DataLoader(
        (all) => this.through(t, childrenLoader(parentField, args), this.access.table(t), all, async (parentKeys) => {
          const access = this.access.table(t);
          const rows = await this.run(selectChildren(t, parentField, parentKeys, args, access.where, access.ways));
          const groups = new Map(parentKeys.map((k) => [k, []]));
          for (const { __rank, ...row2 } of rows) groups.get(row2[parentField])?.push(row2);
          return parentKeys.map((k) => groups.get(k));
        })
      )
    );
  }
  /**
   * One aggregate per parent, batched: `expression` (trusted SQL from the
   * domain, e.g. 'avg(score)') over each parent's children that the roles
   * allowed to read the aggregate field (`coordinate`, e.g.
   * Account.openTicketCount) may see. Parents without children get null.
   */
  aggregate(t, parentField, expression, coordinate) {
    return this.memo(
      `aggregate:${t.table}:${parentField}:${expression}:${coordinate}`,
      () => new DataLoader(
        (all) => this.through(t, aggregateLoader(parentField, expression), this.access.aggregate(t, coordinate), all, async (parentKeys) => {
          const rows = await this.run(selectAggregate(t, parentField, expression, parentKeys, this.access.aggregate(t, coordinate).where));
          const byParent = new Map(rows.map((r) => [r.parent, r.value]));
          return parentKeys.map((k) => byParent.get(k) ?? null);
        })
      )
    );
  }
  memo(id, make) {
    let loader = this.loaders.get(id);
    if (!loader) this.loaders.set(id, loader = make());
    return loader;
  }
};

// subgraphs/kit/context.ts
function createContext(db, options) {
  let statements = 0;
  const counted = {
    query(sql2, params) {
      statements++;
      return db.query(sql2, params);
    }
  };
  const { access } = options;
  return {
    data: new RequestData(counted, access.rows, options.entities),
    db: counted,
    maxPageSize: options.config.maxPageSize,
    config: options.config,
    principal: options.principal,
    decide: access.decide,
    decideRead: access.decideRead,
    perRow: access.perRow,
    decideRow: access.decideRow,
    onRead: access.onRead,
    get statements() {
      return statements;
    }
  };
}

// policies/enforce/subgraphSchema.ts
import { applyMiddleware } from "graphql-middleware";
import { allow, rule as rule2, shield } from "graphql-shield";
import { GraphQLError as GraphQLError9, isIntrospectionType as isIntrospectionType5, isObjectType as isObjectType8 } from "graphql";

// policies/enforce/argumentReads.ts
import { GraphQLError as GraphQLError8, isIntrospectionType as isIntrospectionType3, isObjectType as isObjectType6 } from "graphql";
function argumentReadsMiddleware(schema, facts) {
  const map = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType6(type) || isIntrospectionType3(type)) continue;
    for (const field2 of Object.values(type.getFields())) {
      if (!readingInputs(facts.reads, type.name, field2).length) continue;
      const coordinate = `${type.name}.${field2.name}`;
      (map[type.name] ??= {})[field2.name] = (resolve, parent, args, ctx, info) => {
        for (const input of readsGiven(facts.reads, type.name, field2, args)) {
          for (const reads of input.reads) {
            const decision = ctx.decideRead?.(reads) ?? { effect: "deny", mask: null, rule: "no-valid-policy" };
            if (decision.effect !== "allow") {
              const { message, extensions } = argumentForbidden({ coordinate, argument: input.path.join("."), reads }, decision);
              throw new GraphQLError8(message, { extensions });
            }
          }
        }
        return resolve(parent, args, ctx, info);
      };
    }
  }
  return map;
}

// policies/enforce/masking.ts
import { isIntrospectionType as isIntrospectionType4, isObjectType as isObjectType7 } from "graphql";
var isPromise = (v) => typeof v?.then === "function";
function maskingMiddleware(schema, facts, mask2, skip, perRow) {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean).map((t) => t.name));
  const map = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType7(type) || isIntrospectionType4(type)) continue;
    const typeName = type.name;
    const root = roots.has(typeName);
    for (const field2 of Object.keys(type.getFields())) {
      const coordinate = `${typeName}.${field2}`;
      const tagged = ((facts.field(coordinate) ?? facts.interfaceField(coordinate))?.tags.length ?? 0) > 0;
      if (skip(coordinate) || (root || !perRow) && !tagged) continue;
      const settle = (parent, perRow2, ctx) => (raw2) => {
        let value = raw2;
        let row2 = parent;
        if (raw2 instanceof Sourced) [value, row2] = [raw2.value, raw2.type === typeName ? raw2.row : void 0];
        if (value === null || value === void 0) return value;
        const decision = perRow2 ? ctx.decideRow(typeName, field2, row2) : ctx.decide(coordinate);
        ctx.onRead?.(coordinate, decision);
        if (decision.effect === "deny") throw forbidden(coordinate, decision);
        return decision.effect === "mask" ? mask2(decision.mask, value) : value;
      };
      (map[typeName] ??= {})[field2] = (resolve, parent, args, ctx, info) => {
        const byRow = perRow && !root && ctx.perRow?.(typeName) === true && ctx.decideRow !== void 0;
        if (!byRow && !tagged) return resolve(parent, args, ctx, info);
        const result = resolve(parent, args, ctx, info);
        const finish = settle(parent, byRow, ctx);
        return isPromise(result) ? result.then(finish) : finish(result);
      };
    }
  }
  return map;
}

// policies/enforce/subgraphSchema.ts
var PLUMBING = /* @__PURE__ */ new Set(["Query._entities", "Query._service", "_Service.sdl"]);
function enforce(schema, facts, mask2, options = {}) {
  const tree = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType8(type) || isIntrospectionType5(type)) continue;
    for (const field2 of Object.keys(type.getFields())) {
      const coordinate = `${type.name}.${field2}`;
      (tree[type.name] ??= {})[field2] = PLUMBING.has(coordinate) || facts.keys.has(coordinate) ? allow : rule2(`policy:${coordinate}`, { cache: "contextual" })((_parent, _args, ctx) => {
        try {
          const decision = ctx.decide(coordinate);
          return decision.effect === "deny" ? forbidden(coordinate, decision) : true;
        } catch {
          return forbidden(coordinate, { effect: "deny", mask: null, rule: "policy-error" });
        }
      });
    }
  }
  const permissions = shield(tree, {
    fallbackRule: rule2("policy:fallback")(() => new GraphQLError9("Forbidden: no policy covers this field.", { extensions: { code: "FORBIDDEN", rule: "default-deny" } })),
    allowExternalErrors: true,
    debug: false
  });
  const masking = maskingMiddleware(schema, facts, mask2, (c) => PLUMBING.has(c) || facts.keys.has(c), options.perRow === true);
  return applyMiddleware(schema, permissions, argumentReadsMiddleware(schema, facts), masking);
}

// subgraphs/kit/identity.ts
var MAX_ENTRIES4 = 5e3;
function gatewayIdentity(verify, subgraph) {
  const verified = /* @__PURE__ */ new Map();
  return async function callOf2(authorization) {
    const token = typeof authorization === "string" && authorization.startsWith("Bearer ") ? authorization.slice(7) : void 0;
    if (!token) throw new HttpError(401, "this subgraph only answers the gateway: a gateway identity token is required", { code: "UNAUTHENTICATED" });
    const hit = verified.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit.call;
    try {
      const claims = await verify(token, subgraph);
      const call = callFromClaims(claims);
      if (verified.size >= MAX_ENTRIES4) verified.clear();
      verified.set(token, { call, expiresAt: (claims.exp ?? 0) * 1e3 });
      return call;
    } catch {
      throw new HttpError(401, "the gateway identity token is invalid or expired", { code: "UNAUTHENTICATED" });
    }
  };
}

// subgraphs/kit/enforcement.ts
var NO_POLICY2 = { effect: "deny", mask: null, rule: "no-valid-policy" };
var ROOTS = /* @__PURE__ */ new Set(["Query", "Mutation", "Subscription"]);
async function subgraphEnforcement(name, sdl, schema, config, logger) {
  const facts = factsFromSubgraph(name, sdl);
  const policy = new PolicyHolder({
    source: config.policySource === "registry" ? registryPolicy(config.registryUrl) : folderPolicy(config.policyDir),
    intervalMs: config.policyPollMs,
    logger,
    supergraph: { feed: config.supergraphFile ? fileSupergraph(config.supergraphFile) : registrySupergraph(config.registryUrl), member: name }
  });
  policy.setFacts(facts, { kind: "own-schema", subgraph: name });
  await policy.start();
  const verify = serviceVerifier({ jwksUrl: config.gatewayJwksUrl ?? `${config.gatewayUrl}/.well-known/jwks.json` });
  const mask2 = (strategy, value) => applyMask(strategy, value, config.maskHashKey);
  const rowTypes = [...facts.types.keys()].filter((t) => !ROOTS.has(t));
  return {
    policy,
    /** For requests whose rows are all decided alike (most): masking wraps classified fields only. */
    schema: enforce(schema, facts, mask2),
    /** For requests with a type decided row by row: every field decided by its row. */
    perRowSchema: enforce(schema, facts, mask2, { perRow: true }),
    callOf: gatewayIdentity(verify, name),
    /**
     * The compiled policy a request is enforced under: the version the
     * gateway decided it with (looked for at once if not held yet), or the
     * current one when the token names none.
     */
    async policyFor(version) {
      if (version === void 0) return { compiled: policy.current };
      const compiled = await policy.obtain(version);
      if (compiled) return { compiled };
      const { rejected, kept } = policy.status();
      const why = rejected?.version === version ? "it does not validate there (its /ready lists the problems)" : `it holds ${kept.length ? kept.join(", ") : "no valid version"}`;
      return { unavailable: `subgraph "${name}" cannot enforce policy version ${version}: ${why}` };
    },
    /** Decisions, row access and audit collection for one request, under one compiled policy. */
    forRequest(principal, compiled = policy.current) {
      const audit = /* @__PURE__ */ new Map();
      const decisions = /* @__PURE__ */ new Map();
      const decide = (coordinate) => {
        let d = decisions.get(coordinate);
        if (!d) {
          decisions.set(coordinate, d = compiled ? compiled.decide(principal, coordinate) : NO_POLICY2);
          if (d.effect === "deny") audit.set(coordinate, { coordinate, decision: "deny", rule: d.rule });
        }
        return d;
      };
      const ways = /* @__PURE__ */ new Map();
      const waysOf = (type) => {
        let w = ways.get(type);
        if (!w) ways.set(type, w = compiled ? compiled.ways(principal, type, name) : noWays(type, name));
        return w;
      };
      const rows = requestAccess(waysOf);
      const known = compiled?.facts ?? facts;
      const tagsOf3 = (coordinate) => (known.field(coordinate) ?? known.interfaceField(coordinate))?.tags ?? [];
      const onRead = (coordinate, d) => {
        if (audit.has(coordinate)) return;
        if (d.effect === "deny") audit.set(coordinate, { coordinate, decision: "deny", rule: d.rule });
        else if (d.effect === "allow" && tagsOf3(coordinate).includes("pii")) audit.set(coordinate, { coordinate, decision: "allow", rule: d.rule });
      };
      return {
        decide,
        decideRead: (coordinate) => compiled ? compiled.decideRead(principal, coordinate) : NO_POLICY2,
        perRow: rows.perRow,
        decideRow: rows.decideRow,
        onRead,
        rows,
        anyPerRow: () => rowTypes.some((t) => rows.perRow(t)),
        audit: () => [...audit.values()]
      };
    }
  };
}
var noWays = (type, subgraph) => ({ type, subgraph, mandatory: FALSE, mandatoryRules: [], ways: [], groups: [], condition: FALSE, uniform: true });

// subgraphs/kit/execute.ts
import { execute as execute2, GraphQLError as GraphQLError10, parse as parse13, validate as validate2 } from "graphql";
var MAX_DOCUMENTS = 500;
function graphqlExecutor(schema, subgraph, logger) {
  const documents = new Memo(MAX_DOCUMENTS);
  function prepare(query) {
    return documents.get(query, () => {
      try {
        const document = parse13(query);
        const errors = validate2(schema, document);
        return errors.length ? errors : document;
      } catch (err) {
        return [err];
      }
    });
  }
  return async function run(req, contextValue) {
    const body = req.body ?? {};
    if (typeof body !== "object" || typeof body.query !== "string") throw new HttpError(400, 'request body must be JSON with a "query" string');
    if (body.variables != null && typeof body.variables !== "object") throw new HttpError(400, '"variables" must be an object');
    const prepared = prepare(body.query);
    if (Array.isArray(prepared)) return { status: 400, body: { errors: prepared } };
    const result = await execute2({
      schema,
      document: prepared,
      variableValues: body.variables,
      operationName: typeof body.operationName === "string" ? body.operationName : void 0,
      contextValue
    });
    if (result.errors) result.errors = result.errors.map((e) => mask(e, subgraph, logger));
    return { status: 200, body: result };
  };
}
function mask(error, subgraph, logger) {
  const original = error.originalError;
  if (!original || original instanceof GraphQLError10) return error;
  logger.error({ err: original, path: error.path }, "resolver failed");
  return new GraphQLError10(`internal error in subgraph "${subgraph}"`, {
    path: error.path,
    nodes: error.nodes,
    extensions: { code: "INTERNAL_SERVER_ERROR" }
  });
}

// subgraphs/kit/operators.ts
import { createHash as createHash4 } from "node:crypto";
var OPERATOR_SCOPE = "dpg:admin";
var REMEMBER_YES_MS = 6e4;
var REMEMBER_NO_MS = 1e4;
var MAX_REMEMBERED = 1e3;
var JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
var challenge = { "www-authenticate": 'Bearer realm="dpg-control"' };
function operatorCheck({ subgraph, registryUrl, principalOf }) {
  const answers = /* @__PURE__ */ new Map();
  const remember = (key, ms, refusal2) => {
    if (answers.size >= MAX_REMEMBERED) answers.clear();
    answers.set(key, { until: Date.now() + ms, refusal: refusal2 });
    if (refusal2) throw refusal2;
  };
  async function registryAllows(token) {
    const key = createHash4("sha256").update(token).digest("hex");
    const known = answers.get(key);
    if (known && known.until > Date.now()) {
      if (known.refusal) throw known.refusal;
      return;
    }
    let res;
    try {
      res = await fetch(`${registryUrl}/subgraphs/${encodeURIComponent(subgraph)}/access`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5e3) });
    } catch (err) {
      throw new HttpError(503, `cannot check the credential: the registry at ${registryUrl} is unreachable (${err.message})`, {}, { "retry-after": "5" });
    }
    if (res.ok) return remember(key, REMEMBER_YES_MS);
    const body = await res.json().catch(() => ({}));
    const reason = body.errors?.[0]?.message ?? `registry answered ${res.status}`;
    if (res.status === 401) return remember(key, REMEMBER_NO_MS, new HttpError(401, `the credential is not a registry token the registry knows: ${reason}`, {}, challenge));
    if (res.status === 403) return remember(key, REMEMBER_NO_MS, new HttpError(403, `this credential may not operate subgraph "${subgraph}": ${reason}`));
    throw new HttpError(503, `cannot check the credential: ${reason}`, {}, { "retry-after": "5" });
  }
  return async function authorize(req) {
    const header = req.headers.authorization;
    const token = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : void 0;
    if (!token) {
      throw new HttpError(401, `operating subgraph "${subgraph}" needs a credential: "Authorization: Bearer <registry token of its owning team, or a gateway-signed token with scope ${OPERATOR_SCOPE}>"`, {}, challenge);
    }
    if (!JWT.test(token)) return registryAllows(token);
    const principal = await principalOf(`Bearer ${token}`);
    if (!principal.scopes.includes(OPERATOR_SCOPE)) throw new HttpError(403, `this gateway-signed token lacks the ${OPERATOR_SCOPE} scope needed to operate subgraph "${subgraph}"`);
  };
}

// subgraphs/kit/publish.ts
function publishInBackground(req, logger, maxDelayMs = 5e3) {
  let status = { state: "pending", attempts: 0 };
  let stopped = false;
  let timer;
  const settled = new Promise((resolve) => {
    const attempt = async (delay) => {
      if (stopped) return;
      try {
        const res = await fetch(`${req.registryUrl}/subgraphs/${encodeURIComponent(req.name)}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...req.token ? { authorization: `Bearer ${req.token}` } : {} },
          body: JSON.stringify({ sdl: req.sdl, url: req.url, dataProduct: req.dataProduct }),
          signal: AbortSignal.timeout(1e4)
        });
        const body = await res.json().catch(() => ({}));
        if (res.ok) {
          status = { state: "published", version: body.version, supergraphId: body.supergraph?.id };
          logger.info({ version: body.version, supergraph: body.supergraph?.id }, "published schema to registry");
          return resolve(status);
        }
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
          status = { state: "rejected", status: res.status, errors: body };
          logger.error({ status: res.status, response: body }, "registry rejected this subgraph's schema");
          return resolve(status);
        }
        throw new Error(`registry answered ${res.status}`);
      } catch (err) {
        const attempts = status.state === "pending" ? status.attempts + 1 : 1;
        status = { state: "pending", attempts, lastError: err.message };
        if (attempts === 1) logger.warn({ err: err.message }, "registry not reachable yet; retrying publish");
        timer = setTimeout(() => attempt(Math.min(delay * 2, maxDelayMs)), delay);
        timer.unref();
      }
    };
    attempt(200);
  });
  return {
    get status() {
      return status;
    },
    settled,
    stop() {
      stopped = true;
      clearTimeout(timer);
    }
  };
}

// subgraphs/kit/readiness.ts
function publishReason(name, publish) {
  if (!publish) return void 0;
  if (publish.state === "published") return void 0;
  if (publish.state === "rejected") return `the registry refused ${name}'s schema (HTTP ${publish.status}); see its log or \`dpg subgraph check\``;
  return `not published to the registry yet${publish.attempts ? ` (attempt ${publish.attempts}: ${publish.lastError ?? "no answer"})` : ""}`;
}

// subgraphs/kit/scalars.ts
import { GraphQLError as GraphQLError11, GraphQLScalarType, Kind as Kind12 } from "graphql";
var ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
function parseDate(value) {
  if (typeof value !== "string" || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) {
    throw new GraphQLError11(`Date must be an ISO calendar date like "2025-03-31" (got ${JSON.stringify(value)})`, {
      extensions: { code: "BAD_USER_INPUT" }
    });
  }
  return value;
}
var DateScalar = new GraphQLScalarType({
  name: "Date",
  description: "A calendar date in ISO 8601 form, YYYY-MM-DD.",
  serialize: (value) => value instanceof Date ? value.toISOString().slice(0, 10) : parseDate(value),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind12.STRING ? ast.value : void 0)
});
var DateTimeScalar = new GraphQLScalarType({
  name: "DateTime",
  description: "An instant in ISO 8601 form with time zone, e.g. 2025-03-31T12:00:00.000Z.",
  serialize: (value) => value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString(),
  parseValue: (value) => {
    const d = new Date(String(value));
    if (Number.isNaN(d.getTime())) throw new GraphQLError11(`DateTime must be ISO 8601 (got ${JSON.stringify(value)})`, { extensions: { code: "BAD_USER_INPUT" } });
    return d;
  },
  parseLiteral: (ast) => {
    const d = new Date(ast.kind === Kind12.STRING ? ast.value : NaN);
    if (Number.isNaN(d.getTime())) throw new GraphQLError11("DateTime must be an ISO 8601 string", { extensions: { code: "BAD_USER_INPUT" } });
    return d;
  }
});
var scalars = { Date: DateScalar, DateTime: DateTimeScalar };

// subgraphs/kit/seed/seedOnce.ts
async function seedOnce(db, domain, scale) {
  await db.exec("CREATE TABLE IF NOT EXISTS seed_state (scale double precision NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())");
  const [current] = await db.query("SELECT scale FROM seed_state");
  if (current?.scale === scale) return false;
  await db.transaction(async (tx) => {
    const tables = await tx.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('schema_migrations', 'seed_state')`
    );
    if (tables.length) await tx.query(`TRUNCATE ${tables.map((t) => t.table_name).join(", ")} CASCADE`);
    await domain.seed(tx, universe(scale));
    await tx.query("DELETE FROM seed_state");
    await tx.query("INSERT INTO seed_state (scale) VALUES ($1)", [scale]);
  });
  return true;
}

// subgraphs/kit/filterReads.ts
import { getNamedType as getNamedType6, isInputObjectType as isInputObjectType4, isObjectType as isObjectType9 } from "graphql";
function filterReads(t, filter, schema) {
  const rule3 = t.filters?.[filter];
  if (!rule3) return void 0;
  if (rule3.reads) return rule3.reads;
  const type = schema.getType(t.type);
  const fields = isObjectType9(type) ? type.getFields() : {};
  const field2 = Object.entries(t.columns).find(([name, column2]) => column2 === rule3.column && fields[name])?.[0];
  return field2 && `${t.type}.${field2}`;
}
function filterReadsProblems(schema, resolvers7, reads) {
  const problems = [];
  for (const [typeName, fieldResolvers] of Object.entries(resolvers7)) {
    const type = schema.getType(typeName);
    if (!isObjectType9(type) || typeof fieldResolvers !== "object" || !fieldResolvers) continue;
    for (const [fieldName, resolver] of Object.entries(fieldResolvers)) {
      const t = tableFiltered(resolver);
      const filterArg = type.getFields()[fieldName]?.args.find((a) => a.name === "filter");
      if (!t || !filterArg) continue;
      const input = getNamedType6(filterArg.type);
      if (!isInputObjectType4(input)) continue;
      const at2 = `${typeName}.${fieldName}(filter:)`;
      for (const name of Object.keys(input.getFields())) {
        const coordinate = `${input.name}.${name}`;
        if (!t.filters?.[name]) {
          problems.push(`${at2}: ${coordinate} has no filter in table ${t.table}`);
          continue;
        }
        const expected = filterReads(t, name, schema);
        if (!expected) {
          problems.push(`${at2}: filter "${name}" of table ${t.table} reads column ${t.filters[name].column}, which backs no field of ${t.type}; give the filter the field it reads (e.g. eq('${t.filters[name].column}', '${t.type}.<field>'))`);
          continue;
        }
        const declared = reads.get(coordinate) ?? [];
        if (declared.length !== 1 || declared[0] !== expected) {
          problems.push(`${at2}: ${coordinate} reads ${expected} (table ${t.table}, column ${t.filters[name].column}), but the schema declares ${declared.length ? declared.map((d) => `@reads(field: "${d}")`).join(" ") : "no @reads"}`);
        }
      }
      for (const name of Object.keys(t.filters ?? {})) if (!input.getFields()[name]) problems.push(`${at2}: table ${t.table} has filter "${name}", which ${input.name} does not offer`);
    }
  }
  return problems;
}

// subgraphs/kit/server.ts
async function startSubgraph(domain, config, options = {}) {
  const logger = options.logger ?? createLogger(`subgraph:${domain.name}`, config.logLevel);
  guardDevelopmentDefaults(config.deployment, subgraphDevelopmentDefaults(config), logger);
  const files = domainFiles(domain);
  const sdl = fs11.readFileSync(files.schema, "utf8");
  const descriptor = loadDescriptor(files.descriptor);
  const schema = buildSubgraphSchema([{ typeDefs: parse14(sdl), resolvers: { ...scalars, ...domain.resolvers } }]);
  const readsProblems = filterReadsProblems(schema, domain.resolvers, factsFromSubgraph(domain.name, sdl).reads);
  if (readsProblems.length) throw new Error(`subgraph ${domain.name}: what its filters read and what its schema says they read (@reads) disagree:
  ${readsProblems.join("\n  ")}`);
  const db = await openDatabase({ url: config.databaseUrl, dataDir: pgliteDir(config.dataDir, domain.name), schema: databaseSchema(domain) });
  await migrate(db, files.migrations);
  await seedOnce(db, domain, config.seedScale);
  const metrics = createMetrics(`subgraph:${domain.name}`);
  const sqlTotal = counter(metrics, "dpg_sql_statements_total", "SQL statements sent by GraphQL requests");
  const sqlPerRequest = histogram(metrics, "dpg_sql_statements_per_request", "SQL statements per GraphQL request", [], [0, 1, 2, 3, 5, 8, 13, 21, 50]);
  const requests = counter(metrics, "dpg_graphql_requests_total", "GraphQL requests", ["status"]);
  const caching = await openEntityCaching(domain.name, config, descriptor, { logger, metrics });
  const governance = await subgraphEnforcement(domain.name, sdl, schema, config, logger);
  const principalOf = async (authorization) => (await governance.callOf(authorization)).principal;
  const authorizeOperator = operatorCheck({ subgraph: domain.name, registryUrl: config.registryUrl, principalOf });
  const extension2 = domain.extend?.({ db, config, logger, invalidate: caching.invalidate, principalOf, authorizeOperator });
  const run = graphqlExecutor(governance.schema, domain.name, logger);
  const runPerRow = graphqlExecutor(governance.perRowSchema, domain.name, logger);
  let publisher;
  const server = createHttpServer({
    bodyLimit: config.maxBodyBytes,
    onError: (err) => logger.error({ err }, "request failed"),
    routes: {
      "POST /graphql": async (req) => {
        const { principal, policyVersion } = await governance.callOf(req.headers.authorization);
        const chosen = await governance.policyFor(policyVersion);
        if ("unavailable" in chosen) {
          requests.inc({ status: 200 });
          return { body: { errors: [{ message: chosen.unavailable, extensions: { code: "POLICY_VERSION_UNAVAILABLE", policyVersion, subgraph: domain.name } }] } };
        }
        const access = governance.forRequest(principal, chosen.compiled);
        const context = createContext(db, { config, entities: caching.cache, principal, access });
        const result = await (access.anyPerRow() ? runPerRow : run)(req, context);
        const audit = access.audit();
        if (audit.length) result.body.extensions = { ...result.body.extensions, dpgAudit: audit };
        sqlTotal.inc(context.statements);
        sqlPerRequest.observe(context.statements);
        requests.inc({ status: result.status });
        return result;
      },
      ...invalidateRoute(caching.invalidate, authorizeOperator),
      ...extension2?.routes,
      ...probeRoutes(
        `subgraph:${domain.name}`,
        () => {
          const extra = extension2?.readiness?.() ?? { ready: true };
          const policy = governance.policy.status();
          const reason = publishReason(domain.name, publisher?.status) ?? (!governance.policy.current ? "no valid policy loaded yet" : policy.schema?.kind !== "supergraph" ? "no supergraph with this subgraph yet: the policy is checked against its own schema only" : extra.ready ? void 0 : String(extra.reason ?? `${domain.name} is not ready`));
          return { ...extra, ready: reason === void 0, state: reason === void 0 ? "ready" : "starting", ...reason ? { reason } : {}, policy, database: db.engine, registry: publisher?.status ?? { state: "disabled" } };
        },
        metrics,
        { metricsToken: config.metricsToken }
      )
    }
  });
  let running;
  try {
    running = await listen(server, config.port ?? domain.defaultPort, config.host);
  } catch (err) {
    governance.policy.stop();
    await extension2?.stop?.();
    await caching.close();
    await db.close();
    throw err;
  }
  const graphqlUrl = config.publicUrl ?? `${running.url}/graphql`;
  if (options.publish !== false) {
    publisher = publishInBackground({ registryUrl: config.registryUrl, token: config.registryToken, name: domain.name, url: graphqlUrl, sdl, dataProduct: descriptor }, logger);
  }
  logger.info({ url: graphqlUrl, database: db.engine }, "subgraph listening");
  return {
    name: domain.name,
    url: running.url,
    graphqlUrl,
    port: running.port,
    sdl,
    descriptor,
    db,
    publisher,
    async close() {
      publisher?.stop();
      governance.policy.stop();
      await extension2?.stop?.();
      await running.close();
      await caching.close();
      await db.close();
    }
  };
}

// bin/config.ts
function portsByName(env, doc) {
  return {
    env,
    default: void 0,
    doc,
    parse(raw2) {
      const out = {};
      for (const pair of raw2.split(",").map((s) => s.trim()).filter(Boolean)) {
        const [name, value] = pair.split("=");
        const port2 = Number(value);
        if (!name || !Number.isInteger(port2) || port2 < 0 || port2 > 65535) throw new Error(`expected name=port pairs, e.g. sales=5001,marketing=5002; got "${pair}"`);
        out[name.trim()] = port2;
      }
      return out;
    }
  };
}
var launcherSettings = {
  subgraphPorts: portsByName("SUBGRAPH_PORTS", "Ports of the subgraphs `npm start` runs, as name=port pairs, e.g. sales=5001,marketing=5002. Default: each domain's own (4001\u20134006).")
};
var readLauncherConfig = (env = process.env) => readConfig(launcherSettings, env);

// bin/meshReady.ts
async function readiness(target) {
  try {
    const res = await fetch(`${target.url}/ready`, { signal: AbortSignal.timeout(1e4) });
    const body = await res.json().catch(() => ({}));
    const unmet = res.ok && body.ready === true ? target.unmet?.(body) : void 0;
    return { ready: res.ok && body.ready === true && !unmet, reason: unmet ?? body.reason ?? (res.ok ? void 0 : `HTTP ${res.status}`) };
  } catch (err) {
    return { ready: false, reason: err.message };
  }
}
async function waitUntilReady(targets, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let waiting = [...targets];
  let last = /* @__PURE__ */ new Map();
  while (waiting.length) {
    const states = await Promise.all(waiting.map(readiness));
    last = new Map(waiting.map((t, i) => [t.name, states[i].reason]));
    waiting = waiting.filter((_, i) => !states[i].ready);
    if (!waiting.length) return;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`not ready within ${timeoutMs} ms: ${waiting.map((t) => `${t.name} (${last.get(t.name) ?? "no reason given"})`).join("; ")}`);
}

// bin/mesh.ts
async function startMesh(options = {}) {
  const env = { ...options.env ?? process.env };
  const ephemeral = options.ephemeralPorts ?? false;
  const domains2 = options.domains ?? domains;
  delete env.SUBGRAPH_PORT;
  delete env.SUBGRAPH_URL;
  const serviceKeys = [];
  if (!env.GATEWAY_API_KEY) {
    env.GATEWAY_API_KEY = newApiKey();
    serviceKeys.push({ id: "analytics", sha256: hashKey(env.GATEWAY_API_KEY), principal: { subject: "svc:analytics", roles: ["analytics-pipeline"], scopes: [], attributes: {} } });
  }
  const registryConfig = readRegistryConfig({ ...env, ...ephemeral ? { REGISTRY_PORT: "0" } : {} });
  const gatewayConfig = readGatewayConfig({ ...env, ...ephemeral ? { GATEWAY_PORT: "0" } : {} });
  const subgraphPorts = readLauncherConfig(env).subgraphPorts ?? {};
  const unknown = Object.keys(subgraphPorts).filter((n) => !domains2.some((d) => d.name === n));
  if (unknown.length) throw new ConfigError([`SUBGRAPH_PORTS names ${unknown.join(", ")}, which this mesh does not run (it runs ${domains2.map((d) => d.name).join(", ")})`]);
  const portOf = (d) => ephemeral ? 0 : subgraphPorts[d.name] ?? d.defaultPort;
  await assertPortsFree([
    { port: registryConfig.port, host: registryConfig.host, service: "registry", remedy: "set REGISTRY_PORT" },
    { port: gatewayConfig.port, host: gatewayConfig.host, service: "gateway", remedy: "set GATEWAY_PORT" },
    ...domains2.map((d) => ({ port: portOf(d), host: registryConfig.host, service: `subgraph ${d.name}`, remedy: `set SUBGRAPH_PORTS=${d.name}=<port>` }))
  ]);
  const registry = await startRegistry(registryConfig);
  const closers = [() => registry.close()];
  try {
    const gateway = await startGateway({ ...gatewayConfig, registryUrl: registry.url }, {
      ...options.gateway,
      apiKeys: [...options.gateway?.apiKeys ?? [], ...serviceKeys]
    });
    closers.unshift(() => gateway.close());
    const subgraphEnv = { ...env, REGISTRY_URL: registry.url, GATEWAY_URL: gateway.url };
    const started = await Promise.all(
      domains2.map((d) => startSubgraph(d, readSubgraphConfig({ ...subgraphEnv, SUBGRAPH_PORT: String(portOf(d)) })))
    );
    closers.splice(1, 0, async () => void await Promise.all(started.map((s) => s.close().catch(() => {
    }))));
    return {
      registry,
      gateway,
      subgraphs: Object.fromEntries(started.map((s) => [s.name, s])),
      async ready(timeoutMs = 3e4) {
        const names = started.map((s) => s.name);
        const missing = (body) => {
          const served = body.supergraph?.subgraphs ?? [];
          const absent = names.filter((n) => !served.includes(n));
          return absent.length ? `its supergraph has no ${absent.join(", ")} yet` : void 0;
        };
        await waitUntilReady([{ name: "registry", url: registry.url }, ...started.map((s) => ({ name: s.name, url: s.url })), { name: "gateway", url: gateway.url, unmet: missing }], timeoutMs);
      },
      async close() {
        for (const close of closers) await close().catch(() => {
        });
      }
    };
  } catch (err) {
    for (const close of closers) await close().catch(() => {
    });
    throw err;
  }
}

// bin/start.ts
var STOP_GRACE_MS = 15e3;
var EXAMPLE = `{
  accounts(first: 5, filter: { region: EMEA }) {
    name region
    opportunities { amount stage }
    tickets { status }
    leads { campaign { channel } }
  }
}`;
async function main(mode = "mesh", name) {
  switch (mode) {
    case "mesh": {
      const mesh = await startMesh({ env: { LOG_LEVEL: "warn", ...process.env } });
      await mesh.ready(18e4);
      const base = mesh.gateway.url.replace("127.0.0.1", "localhost");
      const gql = `${base}/graphql`;
      const graphiql = graphiqlEnabled(readGatewayConfig({ ...process.env }));
      console.log(`
Data Product Gateway is running.

  gateway     ${gql}
${graphiql ? `  GraphiQL    ${base}/
` : ""}  portal      ${base}/portal   (every data product: owner, freshness, lineage, your access)
  registry    ${mesh.registry.url}   (supergraph: /supergraph, catalog: /catalog)
${Object.values(mesh.subgraphs).map((s) => `  ${s.name.padEnd(18)}${s.graphqlUrl}`).join("\n")}

Every request needs an identity. Get a development token (paste it into GraphiQL
or the portal to sign in), then query three domains:

  TOKEN=$(npm run -s dpg -- token --sub ann --role analyst)
  curl -s ${gql} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '${JSON.stringify({ query: EXAMPLE.replace(/\s+/g, " ") })}'

Roles in the demo policy: analyst, sales (with --attr region=EMEA), marketing, exec, governance.
Ctrl-C stops everything.
`);
      return mesh;
    }
    // Each checks its port before it opens a database, as the mesh does.
    case "registry": {
      const config = readRegistryConfig();
      await assertPortsFree([{ port: config.port, host: config.host, service: "registry", remedy: "set REGISTRY_PORT" }]);
      return startRegistry(config);
    }
    case "gateway": {
      const config = readGatewayConfig();
      await assertPortsFree([{ port: config.port, host: config.host, service: "gateway", remedy: "set GATEWAY_PORT" }]);
      return startGateway(config);
    }
    case "subgraph": {
      if (!name) throw new Error("usage: npm run start:subgraph -- <name>");
      const domain = domainNamed(name);
      const config = readSubgraphConfig();
      await assertPortsFree([{ port: config.port ?? domain.defaultPort, host: config.host, service: `subgraph ${name}`, remedy: "set SUBGRAPH_PORT" }]);
      return startSubgraph(domain, config);
    }
    default:
      throw new Error(`unknown mode "${mode}": use mesh, registry, gateway or subgraph <name>`);
  }
}
try {
  const running = await main(process.argv[2], process.argv[3]);
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`
${signal}: stopping\u2026`);
    setTimeout(() => {
      console.error(`${signal}: not stopped within ${STOP_GRACE_MS / 1e3} s; exiting anyway`);
      process.exit(1);
    }, STOP_GRACE_MS).unref();
    await running.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
} catch (err) {
  const explained = [ConfigError, PortInUseError, DataDirInUseError, DataDirUnusableError].some((kind) => err instanceof kind);
  console.error(explained ? `cannot start: ${err.message}` : err);
  process.exit(1);
}
