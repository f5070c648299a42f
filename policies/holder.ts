/**
 * The live policy of one service. It follows its source (the policies folder
 * in development, the registry's versioned bundle in production) and the
 * schema it is enforced on, recompiling when either changes. A policy that
 * does not load or validate is refused with its problems recorded, and the
 * last valid one stays in force; before any valid policy, everything is denied.
 */
import type { Logger } from '../platform/log.ts';
import { compilePolicy, type CompiledPolicy } from './engine/compile.ts';
import { formatProblems, parsePolicy, readPolicyDir, type LoadedPolicy, type PolicySource } from './engine/load.ts';
import type { SchemaFacts } from './engine/schemaFacts.ts';
import type { PolicyProblem } from './engine/types.ts';
import { validatePolicy } from './engine/validate.ts';

/** Returns the current files, or undefined when they have not changed since the last call. */
export type PolicyFetch = () => Promise<PolicySource[] | undefined>;

export function folderPolicy(dir: string): PolicyFetch {
  let last = '';
  return async () => {
    const sources = readPolicyDir(dir);
    const stamp = JSON.stringify(sources);
    if (stamp === last) return undefined;
    last = stamp;
    return sources;
  };
}

export function registryPolicy(registryUrl: string): PolicyFetch {
  let etag: string | undefined;
  return async () => {
    const res = await fetch(`${registryUrl}/policies`, { headers: etag ? { 'if-none-match': etag } : {}, signal: AbortSignal.timeout(5000) });
    if (res.status === 304 || res.status === 404) return undefined;
    if (!res.ok) throw new Error(`registry answered ${res.status}`);
    etag = res.headers.get('etag') ?? undefined;
    return ((await res.json()) as { files: PolicySource[] }).files;
  };
}

export interface PolicyStatus {
  version: string | null;
  loadedAt: string | null;
  rejected: { version: string | null; problems: PolicyProblem[]; at: string } | null;
  sourceError: string | null;
}

export class PolicyHolder {
  current?: CompiledPolicy;
  private loaded?: LoadedPolicy;
  private facts?: SchemaFacts;
  private state: PolicyStatus = { version: null, loadedAt: null, rejected: null, sourceError: null };
  private timer?: NodeJS.Timeout;
  private listeners: ((p: CompiledPolicy) => void)[] = [];

  constructor(
    private readonly options: { fetch: PolicyFetch; intervalMs: number; complete: boolean; logger: Logger },
  ) {}

  /** Starts following the source; resolves after the first attempt. */
  async start(): Promise<void> {
    await this.poll();
    const loop = () => (this.timer = setTimeout(async () => (await this.poll(), loop()), this.options.intervalMs));
    loop();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  onChange(listener: (p: CompiledPolicy) => void): void {
    this.listeners.push(listener);
  }

  /** The schema changed (a new supergraph): the policy is checked and compiled against it. */
  setFacts(facts: SchemaFacts): void {
    this.facts = facts;
    // While a mesh starts, supergraphs arrive one subgraph at a time and the
    // policy fits only the last: that is expected, so it is not an error. A
    // publish that breaks what a policy names is refused by the registry.
    if (this.loaded) this.install(this.loaded, 'info');
  }

  status(): PolicyStatus {
    return this.state;
  }

  private async poll(): Promise<void> {
    let sources: PolicySource[] | undefined;
    try {
      sources = await this.options.fetch();
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

  private install(policy: LoadedPolicy, level: 'error' | 'info'): void {
    if (!this.facts) return; // compiled once the schema is known
    const problems = validatePolicy(policy, this.facts, this.options.complete);
    if (problems.length) return this.refuse(policy.version, problems, level);
    const compiled = compilePolicy(policy, this.facts);
    const changed = compiled.version !== this.current?.version;
    this.current = compiled;
    this.state = { ...this.state, version: compiled.version, loadedAt: new Date().toISOString(), rejected: null };
    if (changed) this.options.logger.info({ version: compiled.version }, 'policy loaded');
    for (const l of this.listeners) l(compiled);
  }

  private refuse(version: string | null, problems: PolicyProblem[], level: 'error' | 'info'): void {
    this.state.rejected = { version, problems, at: new Date().toISOString() };
    this.options.logger[level]({ version, problems: formatProblems(problems).split('\n') }, 'policy refused; the last valid policy stays in force');
  }
}
