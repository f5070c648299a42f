/**
 * Configuration comes from environment variables. Each service declares its
 * settings as a table (name, default, meaning, parser) and reads them once, at
 * start, through `readConfig`. Declaring them as data rather than scattered
 * `process.env` reads lets the README table and the docker-compose check be
 * derived from the same source the code uses.
 */

export interface Setting<T> {
  /** Environment variable name. */
  env: string;
  /** Value when the variable is unset or empty; `undefined` means optional. */
  default: T | undefined;
  /** Shown in the README configuration table. */
  doc: string;
  parse(raw: string): T;
  /** Printed instead of `default` in docs, e.g. for values derived at run time. */
  defaultDoc?: string;
}

export type SettingTable = Record<string, Setting<unknown>>;

export type ConfigOf<S extends SettingTable> = {
  [K in keyof S]: S[K] extends Setting<infer T> ? (S[K]['default'] extends undefined ? T | undefined : T) : never;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function readConfig<S extends SettingTable>(table: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, setting] of Object.entries(table)) {
    const raw = env[setting.env];
    if (raw === undefined || raw === '') {
      out[key] = setting.default;
      continue;
    }
    try {
      out[key] = setting.parse(raw);
    } catch (err) {
      problems.push(`${setting.env}=${JSON.stringify(raw)}: ${(err as Error).message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}

// Parsers, each throwing a message that says what was expected.

export function text(env: string, def: string | undefined, doc: string): Setting<string> {
  return { env, default: def, doc, parse: (raw) => raw };
}

export function int(env: string, def: number | undefined, doc: string, min = 0, max = Number.MAX_SAFE_INTEGER): Setting<number> {
  return {
    env,
    default: def,
    doc,
    parse(raw) {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`expected an integer from ${min} to ${max}`);
      return n;
    },
  };
}

export function port(env: string, def: number | undefined, doc: string): Setting<number> {
  return int(env, def, doc, 0, 65535);
}

export function url(env: string, def: string | undefined, doc: string): Setting<string> {
  return {
    env,
    default: def,
    doc,
    parse(raw) {
      new URL(raw); // throws "Invalid URL"
      return raw.replace(/\/+$/, '');
    },
  };
}

export function bool(env: string, def: boolean, doc: string): Setting<boolean> {
  return {
    env,
    default: def,
    doc,
    parse(raw) {
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      throw new Error('expected true/false');
    },
  };
}

export function oneOf<T extends string>(env: string, def: T, values: readonly T[], doc: string): Setting<T> {
  return {
    env,
    default: def,
    doc,
    parse(raw) {
      if (!values.includes(raw as T)) throw new Error(`expected one of ${values.join(', ')}`);
      return raw as T;
    },
  };
}

export function list(env: string, def: string[], doc: string): Setting<string[]> {
  return {
    env,
    default: def,
    doc,
    parse: (raw) => raw.split(',').map((s) => s.trim()).filter(Boolean),
  };
}

export function positive(env: string, def: number, doc: string): Setting<number> {
  return {
    env,
    default: def,
    doc,
    parse(raw) {
      const n = Number(raw);
      if (!(n > 0) || !Number.isFinite(n)) throw new Error('expected a positive number');
      return n;
    },
  };
}
