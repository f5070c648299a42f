/**
 * Reading policy files: YAML parsed with positions kept, then checked against
 * policy.schema.json. Every problem comes back as `file:line: message`, the
 * form editors and CI logs link to. Nothing here knows about the supergraph;
 * validate.ts checks the references.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { Memo } from '../../platform/memo.ts';
import type { PolicyDocument, PolicyProblem } from './types.ts';

export interface PolicySource {
  /** Name shown in messages, e.g. `rules/sales.yaml`. */
  file: string;
  text: string;
}

export interface LoadedDocument {
  file: string;
  doc: PolicyDocument;
  /** Line of the node at `path` (or of its nearest ancestor that exists). */
  lineOf(path: readonly (string | number)[]): number;
}

export interface LoadedPolicy {
  /** Content hash of all files: equal versions mean equal policies. */
  version: string;
  sources: PolicySource[];
  documents: LoadedDocument[];
}

export const POLICY_SCHEMA = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'policy.schema.json'), 'utf8'));

const validateShape = new Ajv({ allErrors: true, strict: false }).compile<PolicyDocument>(POLICY_SCHEMA);

/** Problems as editors and CI logs link them: one `file:line: message` per line. */
export const formatProblems = (problems: readonly PolicyProblem[]) => problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n');

/** A content hash: where the files sit (and so how they are named) does not change the version. */
export function policyVersion(sources: readonly PolicySource[]): string {
  const hash = createHash('sha256');
  for (const text of sources.map((s) => s.text).sort()) hash.update(text).update('\0');
  return hash.digest('hex').slice(0, 16);
}

type Parsed = { policy?: LoadedPolicy; problems: PolicyProblem[] };

/**
 * Every service of a process loads the same policy (`npm start` runs eight),
 * and YAML parsing is most of loading it: parsed once per distinct set of
 * files, and shared. Frozen, since every holder reads the same documents.
 */
const parsed = new Memo<Parsed>(4);

export function parsePolicy(sources: readonly PolicySource[]): Parsed {
  const key = sources.map((s) => `${s.file}\0${s.text}`).join('\0\0');
  return parsed.get(key, () => deepFreeze(parseUncached(sources)));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function parseUncached(sources: readonly PolicySource[]): Parsed {
  const problems: PolicyProblem[] = [];
  const documents: LoadedDocument[] = [];
  for (const source of sources) {
    const lines = new LineCounter();
    const yaml = parseDocument(source.text, { lineCounter: lines });
    if (yaml.errors.length) {
      for (const e of yaml.errors) problems.push({ file: source.file, line: e.linePos?.[0].line ?? 1, message: `YAML syntax error: ${e.message.split('\n')[0]}` });
      continue;
    }
    const doc = nullStrategies((yaml.toJS() ?? {}) as PolicyDocument);
    const lineOf = (p: readonly (string | number)[]) => lineAt(yaml, lines, p);
    if (!validateShape(doc)) {
      for (const e of dedupe(validateShape.errors ?? [])) problems.push({ file: source.file, line: lineOf(pathOf(e)), message: describe(e) });
      continue;
    }
    documents.push({ file: source.file, doc, lineOf });
  }
  if (problems.length) return { problems };
  return { policy: { version: policyVersion(sources), sources: sources.map((s) => ({ ...s })), documents }, problems };
}

/** Every `*.yaml` file under `dir`, named as a path from the working directory (what editors and CI logs link). */
export function readPolicyDir(dir: string): PolicySource[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ file: path.relative(process.cwd(), path.join(dir, f)), text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

function lineAt(doc: Document, lines: LineCounter, p: readonly (string | number)[]): number {
  // Walk up from the deepest path element that exists. A map entry points at
  // its key, where the reader's eye goes; a list item at the item.
  for (let depth = p.length; depth > 0; depth--) {
    const parentPath = p.slice(0, depth - 1);
    const parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
    const last = p[depth - 1];
    const node = isMap(parent)
      ? parent.items.find((i) => isScalar(i.key) && i.key.value === last)?.key
      : isSeq(parent) && typeof last === 'number'
        ? parent.items[last]
        : undefined;
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return 1;
}

/** In YAML `null` is a value, not a word: a mask written `null` means the "null" strategy. */
function nullStrategies(doc: PolicyDocument): PolicyDocument {
  const fix = (o: Record<string, unknown> | undefined) => {
    for (const k of Object.keys(o ?? {})) if (o![k] === null) o![k] = 'null';
  };
  if (!doc || typeof doc !== 'object') return doc;
  for (const g of Array.isArray(doc.grants) ? doc.grants : []) fix(g?.masks);
  for (const t of Object.values(doc.tags && typeof doc.tags === 'object' ? doc.tags : {})) {
    if (t && t.otherwise === null) (t as { otherwise: string }).otherwise = 'null';
    fix(t?.overrides);
  }
  return doc;
}

const pathOf = (e: ErrorObject): (string | number)[] => {
  const parts = e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  if (e.keyword === 'additionalProperties') parts.push((e.params as { additionalProperty: string }).additionalProperty);
  return parts;
};

function describe(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'document';
  switch (e.keyword) {
    case 'additionalProperties':
      return `${where}: unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case 'enum':
      return `${where}: must be one of ${(e.params as { allowedValues: string[] }).allowedValues.join(', ')}`;
    case 'required':
      return `${where}: "${(e.params as { missingProperty: string }).missingProperty}" is required`;
    default:
      return `${where}: ${e.message}`;
  }
}

/** anyOf failures repeat the same complaint per branch; keep one per place and keyword. */
function dedupe(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  const useful = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'if');
  return (useful.length ? useful : errors).filter((e) => {
    const key = `${e.instancePath}|${e.keyword}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
