/**
 * The live policy of one service. It follows its source (the policies folder
 * in development, the registry's versioned bundles in production) and the
 * supergraph the policy is checked against, recompiling when either changes.
 * Every service checks against the same supergraph, so a policy one refuses
 * every one refuses. A policy that does not load or validate is refused with
 * its problems recorded, and the last valid one stays in force; before any
 * valid policy, everything is denied.
 *
 * The last few valid versions are kept: a request is enforced under the one
 * version the gateway decided it with, which may be a step behind or ahead
 * of this service while a new version rolls out. A version this service does
 * not hold is looked for at once (`obtain`): the source is read again, and a
 * registry also serves earlier versions by name.
 */
import fs from 'node:fs';
import type { Logger } from '../platform/log.ts';
import { sha256 } from '../platform/hash.ts';
import { compilePolicy, type CompiledPolicy } from './engine/compile.ts';
import { formatProblems, parsePolicy, readPolicyDir, type LoadedPolicy, type PolicySource } from './engine/load.ts';
import { factsFromSupergraph, type SchemaFacts } from './engine/schemaFacts.ts';
import type { PolicyProblem } from './engine/types.ts';
import { validatePolicy } from './engine/validate.ts';

/** Where policy files come from. */
export interface PolicyFeed {
  /** The current files, or undefined when they have not changed since the last call. */
  latest(): Promise<PolicySource[] | undefined>;
  /** The files of one earlier version, when the source keeps versions; undefined when it has no such version. */
  version?(version: string): Promise<PolicySource[] | undefined>;
}

/** The supergraph SDL, or undefined when it has not changed since the last call (or there is none yet). */
export type SupergraphFeed = () => Promise<string | undefined>;

/** What a policy was checked and compiled against. */
export type SchemaOrigin = { kind: 'supergraph'; hash: string } | { kind: 'own-schema'; subgraph: string };

/** How many valid versions a service keeps for requests decided under an earlier one. */
export const KEPT_VERSIONS = 4;

export function folderPolicy(dir: string): PolicyFeed {
  let last = '';
  return {
    async latest() {
      const sources = readPolicyDir(dir);
      const stamp = JSON.stringify(sources);
      if (stamp === last) return undefined;
      last = stamp;
      return sources;
    },
  };
}

export function registryPolicy(registryUrl: string): PolicyFeed {
  let etag: string | undefined;
  return {
    async latest() {
      const res = await fetch(`${registryUrl}/policies`, { headers: etag ? { 'if-none-match': etag } : {}, signal: AbortSignal.timeout(5000) });
      if (res.status === 304 || res.status === 404) return undefined;
      if (!res.ok) throw new Error(`registry answered ${res.status}`);
      etag = res.headers.get('etag') ?? undefined;
      return ((await res.json()) as { files: PolicySource[] }).files;
    },
    async version(version) {
      const res = await fetch(`${registryUrl}/policies/versions/${encodeURIComponent(version)}`, { signal: AbortSignal.timeout(5000) });
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`registry answered ${res.status}`);
      return ((await res.json()) as { files: PolicySource[] }).files;
    },
  };
}

/** The registry's supergraph, polled with its ETag so an unchanged one costs a 304. */
export function registrySupergraph(registryUrl: string): SupergraphFeed {
  let etag: string | undefined;
  return async () => {
    const res = await fetch(`${registryUrl}/supergraph`, { headers: etag ? { 'if-none-match': etag } : {}, signal: AbortSignal.timeout(5000) });
    if (res.status === 304 || res.status === 404) return undefined;
    if (!res.ok) throw new Error(`registry answered ${res.status}`);
    etag = res.headers.get('etag') ?? undefined;
    return res.text();
  };
}

/** A supergraph file (the same one the gateway serves with SUPERGRAPH_FILE). */
export function fileSupergraph(file: string): SupergraphFeed {
  let last: string | undefined;
  return async () => {
    const sdl = fs.readFileSync(file, 'utf8');
    if (sdl === last) return undefined;
    last = sdl;
    return sdl;
  };
}

export interface PolicyStatus {
  version: string | null;
  loadedAt: string | null;
  /** Valid versions kept for requests decided under them, newest first. */
  kept: string[];
  /** What the policy is checked against; null before any schema is known. */
  schema: SchemaOrigin | null;
  rejected: { version: string | null; problems: PolicyProblem[]; at: string } | null;
  sourceError: string | null;
  /** Why the supergraph could not be read, while it cannot. */
  supergraphError: string | null;
}

export interface PolicyHolderOptions {
  source: PolicyFeed;
  intervalMs: number;
  logger: Logger;
  /** For a subgraph: follow this supergraph, once it includes `member`, instead of being handed one (the gateway's own). */
  supergraph?: { feed: SupergraphFeed; member: string };
}

interface Kept {
  loaded: LoadedPolicy;
  compiled: CompiledPolicy;
}

export class PolicyHolder {
  current?: CompiledPolicy;
  /** The newest policy the source gave, valid or not: it is tried again against every new schema. */
  private loaded?: LoadedPolicy;
  private kept: Kept[] = [];
  private facts?: SchemaFacts;
  private complete = false;
  private state: PolicyStatus = { version: null, loadedAt: null, kept: [], schema: null, rejected: null, sourceError: null, supergraphError: null };
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private polling?: Promise<void>;
  private absent = new Map<string, number>();
  private listeners: ((p: CompiledPolicy) => void)[] = [];

  constructor(private readonly options: PolicyHolderOptions) {}

  /** Starts following the source; resolves after the first attempt. */
  async start(): Promise<void> {
    await this.refresh();
    const loop = () => {
      if (!this.stopped) this.timer = setTimeout(async () => (await this.refresh(), loop()), this.options.intervalMs);
    };
    loop();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  onChange(listener: (p: CompiledPolicy) => void): void {
    this.listeners.push(listener);
  }

  /**
   * The schema changed: the policy is checked and compiled against it. Only a
   * supergraph makes the check complete; a subgraph's own schema cannot tell
   * another domain's field from a typo.
   */
  setFacts(facts: SchemaFacts, origin: SchemaOrigin): void {
    this.facts = facts;
    this.complete = origin.kind === 'supergraph';
    this.state.schema = origin;
    // Kept versions that still fit are recompiled, so a request under an
    // earlier version meets the new schema too; one that does not fit keeps
    // its last compilation (the registry refuses schema changes a policy names).
    this.kept = this.kept.map((k) => (validatePolicy(k.loaded, facts, this.complete).length ? k : { loaded: k.loaded, compiled: compilePolicy(k.loaded, facts) }));
    if (this.current) this.current = this.held(this.current.version) ?? this.current;
    // While a mesh starts, supergraphs arrive one subgraph at a time and the
    // policy fits only the last: that is expected, so it is not an error. A
    // publish that breaks what a policy names is refused by the registry.
    if (this.loaded) this.install(this.loaded, 'info');
  }

  status(): PolicyStatus {
    return { ...this.state, kept: this.kept.map((k) => k.compiled.version) };
  }

  /** A kept version, compiled against the newest schema it fits. */
  held(version: string): CompiledPolicy | undefined {
    return this.kept.find((k) => k.compiled.version === version)?.compiled;
  }

  /**
   * The compiled policy of `version`, looked for at once when it is not held:
   * the gateway may name a version this service has not polled yet.
   */
  async obtain(version: string): Promise<CompiledPolicy | undefined> {
    const held = this.held(version);
    if (held) return held;
    // A version just looked for in vain is not looked for again until the next poll would.
    if ((this.absent.get(version) ?? 0) > Date.now()) return undefined;
    await this.refresh();
    // A poll already under way may have read the registry before the gateway
    // saw this version (or the supergraph that routes to this service): ask once more.
    if (!this.held(version)) await this.refresh();
    if (!this.held(version) && this.options.source.version && this.facts) {
      try {
        const sources = await this.options.source.version(version);
        const { policy } = sources ? parsePolicy(sources) : {};
        if (policy?.version === version && !validatePolicy(policy, this.facts, this.complete).length) this.keep(policy, compilePolicy(policy, this.facts), false);
      } catch (err) {
        this.options.logger.warn({ err: (err as Error).message, version }, 'could not fetch a policy version by name');
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
  refresh(): Promise<void> {
    this.polling ??= this.poll().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async poll(): Promise<void> {
    if (this.options.supergraph) await this.pollSupergraph(this.options.supergraph);
    let sources: PolicySource[] | undefined;
    try {
      sources = await this.options.source.latest();
      this.state.sourceError = null;
    } catch (err) {
      if (!this.state.sourceError) this.options.logger.warn({ err: (err as Error).message }, 'policy source unreachable; keeping the current policy');
      this.state.sourceError = (err as Error).message;
      return;
    }
    if (!sources) return;
    const { policy, problems } = parsePolicy(sources);
    if (!policy) return this.refuse(null, problems, 'error');
    this.loaded = policy;
    this.install(policy, 'error');
  }

  private async pollSupergraph({ feed, member }: NonNullable<PolicyHolderOptions['supergraph']>): Promise<void> {
    try {
      const sdl = await feed();
      this.state.supergraphError = null;
      if (sdl === undefined) return;
      const facts = factsFromSupergraph(sdl);
      // A supergraph without this subgraph (published before it) says nothing about what it serves.
      if (facts.subgraphs.has(member)) this.setFacts(facts, { kind: 'supergraph', hash: sha256(sdl) });
    } catch (err) {
      if (!this.state.supergraphError) this.options.logger.warn({ err: (err as Error).message }, 'supergraph unreachable; policies stay checked against the last one known');
      this.state.supergraphError = (err as Error).message;
    }
  }

  private install(policy: LoadedPolicy, level: 'error' | 'info'): void {
    if (!this.facts) return; // compiled once the schema is known
    const problems = validatePolicy(policy, this.facts, this.complete);
    if (problems.length) return this.refuse(policy.version, problems, level);
    const compiled = compilePolicy(policy, this.facts);
    const changed = compiled.version !== this.current?.version;
    this.keep(policy, compiled, true);
    this.current = compiled;
    this.state = { ...this.state, version: compiled.version, loadedAt: new Date().toISOString(), rejected: null };
    if (changed) this.options.logger.info({ version: compiled.version }, 'policy loaded');
    for (const l of this.listeners) l(compiled);
  }

  /** Newest first; a version fetched by name for one request goes last, first to be dropped. */
  private keep(loaded: LoadedPolicy, compiled: CompiledPolicy, newest: boolean): void {
    const others = this.kept.filter((k) => k.compiled.version !== compiled.version).slice(0, KEPT_VERSIONS - 1);
    this.kept = newest ? [{ loaded, compiled }, ...others] : [...others, { loaded, compiled }];
    this.absent.delete(compiled.version);
  }

  private refuse(version: string | null, problems: PolicyProblem[], level: 'error' | 'info'): void {
    this.state.rejected = { version, problems, at: new Date().toISOString() };
    this.options.logger[level]({ version, problems: formatProblems(problems).split('\n') }, 'policy refused; the last valid policy stays in force');
  }
}
