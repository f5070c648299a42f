import { dirname as __dpgDir } from 'node:path';
import { fileURLToPath as __dpgPath, pathToFileURL as __dpgToUrl } from 'node:url';
const __dpgRoot = __dpgDir(__dpgDir(__dpgPath(import.meta.url)));
const __dpgSource = (rel) => __dpgRoot + '/' + rel;
const __dpgUrl = (file) => __dpgToUrl(file).href;
import {
  Memo,
  sha256
} from "./chunk-IL5HGDU7.mjs";

// gateway/identity/devSecret.ts
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
function devSecret(dataDir) {
  if (dataDir === "memory") return randomBytes(32).toString("base64url");
  const file = path.resolve(dataDir, "gateway", "dev-jwt-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 384 });
  return secret;
}
var DEV_ISSUER = "dpg";
var DEV_AUDIENCE = "data-product-gateway";

// policies/engine/schemaFacts.ts
import {
  Kind,
  parse
} from "graphql";
var directives = (node, name) => (node.directives ?? []).filter((d) => d.name.value === name);
var arg = (d, name) => {
  const v = d.arguments?.find((a) => a.name.value === name)?.value;
  return v && (v.kind === Kind.STRING || v.kind === Kind.ENUM || v.kind === Kind.BOOLEAN) ? String(v.value) : void 0;
};
var tagsOf = (node) => directives(node, "tag").map((d) => arg(d, "name")).filter(Boolean);
function shape(type) {
  const nullable = type.kind !== Kind.NON_NULL_TYPE;
  const inner = type.kind === Kind.NON_NULL_TYPE ? type.type : type;
  let named = inner;
  while (named.kind !== Kind.NAMED_TYPE) named = named.type;
  return { namedType: named.name.value, nullable, list: inner.kind === Kind.LIST_TYPE };
}
var KINDS = {
  [Kind.OBJECT_TYPE_DEFINITION]: "object",
  [Kind.OBJECT_TYPE_EXTENSION]: "object",
  [Kind.INTERFACE_TYPE_DEFINITION]: "interface",
  [Kind.INTERFACE_TYPE_EXTENSION]: "interface",
  [Kind.UNION_TYPE_DEFINITION]: "union",
  [Kind.UNION_TYPE_EXTENSION]: "union"
};
var isPlumbing = (type) => type.startsWith("join__") || type.startsWith("link__") || type === "_Service" || type === "_Entity";
function declared(doc) {
  const out = /* @__PURE__ */ new Map();
  for (const d of doc.definitions) {
    const kind = KINDS[d.kind];
    if (!kind || !("name" in d) || !d.name || isPlumbing(d.name.value)) continue;
    const name = d.name.value;
    const t = out.get(name) ?? { name, kind, node: [], fields: /* @__PURE__ */ new Map(), interfaces: /* @__PURE__ */ new Set(), members: /* @__PURE__ */ new Set() };
    out.set(name, t);
    t.node.push(d);
    const node = d;
    for (const f of node.fields ?? []) t.fields.set(f.name.value, [...t.fields.get(f.name.value) ?? [], f]);
    for (const i of node.interfaces ?? []) t.interfaces.add(i.name.value);
    for (const m of node.types ?? []) t.members.add(m.name.value);
  }
  return out;
}
function fieldSetCoordinates(type, fieldSet, typeOf) {
  let selection;
  try {
    const op = parse(`{${fieldSet}}`).definitions[0];
    if (op.kind !== Kind.OPERATION_DEFINITION) return [];
    selection = op.selectionSet;
  } catch {
    return [];
  }
  const out = [];
  const walk = (set, parent) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        out.push(`${parent}.${s.name.value}`);
        const named = typeOf(parent, s.name.value);
        if (s.selectionSet && named) walk(s.selectionSet, named);
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, s.typeCondition?.name.value ?? parent);
    }
  };
  walk(selection, type);
  return out;
}
function build(r) {
  const objects = [...r.types.values()].filter((t) => t.kind === "object");
  const interfaces = [...r.types.values()].filter((t) => t.kind === "interface");
  const unions = [...r.types.values()].filter((t) => t.kind === "union");
  const tags = /* @__PURE__ */ new Set();
  const fieldFacts = (t, field, defs, extra) => {
    const own = [...new Set(defs.flatMap(tagsOf))];
    own.forEach((tag) => tags.add(tag));
    return { coordinate: `${t.name}.${field}`, type: t.name, field, subgraphs: [], tags: own, ...shape(defs[0].type), interfaces: [], unions: [], providedIn: [], ...extra };
  };
  const abstractTypes = /* @__PURE__ */ new Map();
  for (const i of interfaces) {
    const fields = /* @__PURE__ */ new Map();
    for (const [name, defs] of i.fields) fields.set(name, fieldFacts(i, name, defs, { subgraphs: r.subgraphsOf(i, name, defs) ?? [] }));
    const possibleTypes = objects.filter((o) => o.interfaces.has(i.name)).map((o) => o.name);
    abstractTypes.set(i.name, { name: i.name, kind: "interface", possibleTypes, fields, interfaceObjectIn: r.interfaceObjectIn(i) });
  }
  for (const u of unions) {
    abstractTypes.set(u.name, { name: u.name, kind: "union", possibleTypes: [...u.members].filter((m) => r.types.get(m)?.kind === "object"), fields: /* @__PURE__ */ new Map(), interfaceObjectIn: [] });
  }
  const memberOf = (type) => unions.filter((u) => u.members.has(type)).map((u) => u.name);
  const types = /* @__PURE__ */ new Map();
  for (const o of objects) {
    const fields = /* @__PURE__ */ new Map();
    const unionsOfType = memberOf(o.name);
    for (const [name, defs] of o.fields) {
      const via = [...o.interfaces].filter((i) => abstractTypes.get(i)?.fields.has(name));
      const inherited = via.map((i) => abstractTypes.get(i).fields.get(name));
      const facts = fieldFacts(o, name, defs, { interfaces: via, unions: unionsOfType });
      facts.tags = [.../* @__PURE__ */ new Set([...facts.tags, ...inherited.flatMap((f) => f.tags)])];
      facts.subgraphs = r.subgraphsOf(o, name, defs) ?? [...new Set(inherited.flatMap((f) => f.subgraphs))];
      fields.set(name, facts);
    }
    types.set(o.name, fields);
  }
  for (const a of abstractTypes.values()) {
    for (const f of a.fields.values()) {
      const impls = a.possibleTypes.map((t) => types.get(t)?.get(f.field)).filter((x) => Boolean(x));
      f.tags = [.../* @__PURE__ */ new Set([...f.tags, ...impls.flatMap((x) => x.tags)])];
    }
  }
  const typeOf = (type, field) => (types.get(type)?.get(field) ?? abstractTypes.get(type)?.fields.get(field))?.namedType;
  const keys = /* @__PURE__ */ new Set();
  for (const t of [...objects, ...interfaces]) {
    for (const fieldSet of r.keys(t)) fieldSetCoordinates(t.name, fieldSet, typeOf).forEach((k) => keys.add(k));
  }
  for (const t of [...objects, ...interfaces]) {
    for (const [name, defs] of t.fields) {
      for (const p of r.provides(defs)) {
        const named = typeOf(t.name, name);
        const provided = named ? fieldSetCoordinates(named, p.fields, typeOf) : [];
        for (const c of provided) {
          const [type, field] = c.split(".");
          const f = types.get(type)?.get(field) ?? abstractTypes.get(type)?.fields.get(field);
          if (f && !f.providedIn.includes(p.graph)) f.providedIn.push(p.graph);
        }
      }
    }
  }
  for (const a of abstractTypes.values()) {
    for (const k of [...keys]) {
      const [type, field] = k.split(".");
      if (type === a.name) a.possibleTypes.forEach((t) => keys.add(`${t}.${field}`));
    }
  }
  return {
    types,
    abstractTypes,
    subgraphs: new Set(r.subgraphs),
    tags,
    keys,
    reads: r.reads,
    field(coordinate) {
      const [type, field] = coordinate.split(".");
      return types.get(type)?.get(field);
    },
    interfaceField(coordinate) {
      const [type, field] = coordinate.split(".");
      const a = abstractTypes.get(type);
      return a?.kind === "interface" ? a.fields.get(field) : void 0;
    },
    possibleTypes(type) {
      if (types.has(type)) return [type];
      return abstractTypes.get(type)?.possibleTypes ?? [];
    }
  };
}
function factsFromSupergraph(supergraphSdl) {
  const doc = parse(supergraphSdl);
  const graphNames = /* @__PURE__ */ new Map();
  for (const d of doc.definitions) {
    if (d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === "join__Graph") {
      for (const v of d.values ?? []) graphNames.set(v.name.value, arg(directives(v, "join__graph")[0], "name") ?? v.name.value.toLowerCase());
    }
  }
  const graph = (d) => graphNames.get(arg(d, "graph"));
  const joinTypes = (t) => t.node.flatMap((n) => directives(n, "join__type"));
  return build({
    types: declared(doc),
    subgraphs: graphNames.values(),
    reads: readsOf(doc),
    subgraphsOf(t, _field, defs) {
      const joins = defs.flatMap((f) => directives(f, "join__field"));
      if (joins.length && joins.every((d) => !arg(d, "graph"))) return void 0;
      const own = joins.filter((d) => arg(d, "graph") && arg(d, "external") !== "true" && arg(d, "usedOverridden") !== "true");
      if (own.length) return [...new Set(own.map(graph))];
      return [...new Set(joinTypes(t).map(graph))];
    },
    keys: (t) => joinTypes(t).map((d) => arg(d, "key")).filter((k) => Boolean(k)),
    provides: (defs) => defs.flatMap((f) => directives(f, "join__field")).flatMap((d) => arg(d, "graph") && arg(d, "provides") ? [{ graph: graph(d), fields: arg(d, "provides") }] : []),
    interfaceObjectIn: (t) => [...new Set(joinTypes(t).filter((d) => arg(d, "isInterfaceObject") === "true").map(graph))]
  });
}
function factsFromSubgraph(name, sdl) {
  const doc = parse(sdl);
  return build({
    types: declared(doc),
    subgraphs: [name],
    reads: readsOf(doc),
    subgraphsOf: () => [name],
    keys: (t) => t.node.flatMap((n) => directives(n, "key")).map((d) => arg(d, "fields")).filter((k) => Boolean(k)),
    // A subgraph's own SDL names the subgraph as resolving every field it declares: nothing more to add.
    provides: () => [],
    interfaceObjectIn: () => []
  });
}
function readsOf(doc) {
  const reads = /* @__PURE__ */ new Map();
  const add = (coordinate, node) => {
    const fields = directives(node, "reads").map((d) => arg(d, "field")).filter((f) => !!f);
    if (fields.length) reads.set(coordinate, [.../* @__PURE__ */ new Set([...reads.get(coordinate) ?? [], ...fields])]);
  };
  for (const d of doc.definitions) {
    if (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION || d.kind === Kind.INTERFACE_TYPE_DEFINITION || d.kind === Kind.INTERFACE_TYPE_EXTENSION) {
      for (const f of d.fields ?? []) for (const a of f.arguments ?? []) add(`${d.name.value}.${f.name.value}(${a.name.value}:)`, a);
    } else if (d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION || d.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION) {
      for (const f of d.fields ?? []) add(`${d.name.value}.${f.name.value}`, f);
    }
  }
  return reads;
}

// policies/engine/compile.ts
import { createHash } from "node:crypto";

// policies/engine/types.ts
var COMPARISON_OPS = ["eq", "ne", "in", "gt", "gte", "lt", "lte"];
var LIMIT_KEYS = ["cost", "depth", "aliases", "rootFields", "directives", "batchSize", "requestsPerSecond", "costPerMinute"];

// policies/engine/conditions.ts
var TRUE = { kind: "true" };
var FALSE = { kind: "false" };
var PRINCIPAL_REF = /^\$principal\.(subject|attributes\.([A-Za-z0-9_-]+))$/;
var isComparison = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function entries(cond) {
  return Object.entries(cond).filter(([k]) => k !== "anyOf");
}
function principalRefs(cond) {
  const refs = [];
  const visit = (v) => {
    if (typeof v === "string") {
      const m = PRINCIPAL_REF.exec(v);
      if (m) refs.push(m[1]);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (isComparison(v)) Object.values(v).forEach(visit);
  };
  if ("anyOf" in cond && Array.isArray(cond.anyOf)) cond.anyOf.forEach((c) => refs.push(...principalRefs(c)));
  for (const [, v] of entries(cond)) visit(v);
  return refs;
}
function conditionFields(cond) {
  const nested = "anyOf" in cond && Array.isArray(cond.anyOf) ? cond.anyOf.flatMap(conditionFields) : [];
  return [...nested, ...entries(cond).map(([k]) => k)];
}
function badRefs(cond) {
  const bad = [];
  const visit = (v) => {
    if (typeof v === "string" && v.startsWith("$") && !PRINCIPAL_REF.test(v)) bad.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (isComparison(v)) Object.values(v).forEach(visit);
  };
  if ("anyOf" in cond && Array.isArray(cond.anyOf)) cond.anyOf.forEach((c) => bad.push(...badRefs(c)));
  for (const [, v] of entries(cond)) visit(v);
  return bad;
}
var MISSING = /* @__PURE__ */ Symbol("missing");
function operand(v, p) {
  if (typeof v !== "string") return v;
  const m = PRINCIPAL_REF.exec(v);
  if (!m) return v;
  const value = m[1] === "subject" ? p.subject : p.attributes[m[2]];
  return value === void 0 ? MISSING : value;
}
function followedFields(cond) {
  const nested = "anyOf" in cond && Array.isArray(cond.anyOf) ? cond.anyOf.flatMap(followedFields) : [];
  return [...nested, ...entries(cond).filter(([, v]) => isComparison(v) && "visible" in v).map(([k]) => k)];
}
function alwaysFollowed(cond) {
  const own = entries(cond).filter(([, v]) => isComparison(v) && v.visible === true).map(([k]) => k);
  const branches = "anyOf" in cond && Array.isArray(cond.anyOf) ? cond.anyOf.map(alwaysFollowed) : [];
  const inEvery = branches.length ? [...branches[0]].filter((f) => branches.every((b) => b.has(f))) : [];
  return /* @__PURE__ */ new Set([...own, ...inEvery]);
}
function resolve(cond, p, follow = () => void 0) {
  const parts = [];
  if ("anyOf" in cond && Array.isArray(cond.anyOf)) parts.push(any(cond.anyOf.map((c) => resolve(c, p, follow))));
  for (const [field, raw] of entries(cond)) {
    const comparison = isComparison(raw) ? raw : { eq: raw };
    if (comparison.visible !== void 0) {
      const target = comparison.visible === true ? follow(field) : void 0;
      parts.push(target ? related(field, target.type, target.condition) : FALSE);
    }
    for (const op of COMPARISON_OPS) {
      if (!(op in comparison)) continue;
      const given = comparison[op];
      const value = Array.isArray(given) ? given.map((g) => operand(g, p)) : operand(given, p);
      const missing = Array.isArray(value) ? value.includes(MISSING) : value === MISSING;
      parts.push(missing ? FALSE : { kind: "compare", field, op, value });
    }
  }
  return all(parts);
}
function related(field, type, condition) {
  return condition.kind === "true" || condition.kind === "false" ? condition : { kind: "related", field, type, condition };
}
function all(items) {
  if (items.some((i) => i.kind === "false")) return FALSE;
  const rest = items.filter((i) => i.kind !== "true");
  return rest.length === 0 ? TRUE : rest.length === 1 ? rest[0] : { kind: "and", items: rest };
}
function any(items) {
  if (items.some((i) => i.kind === "true")) return TRUE;
  const rest = items.filter((i) => i.kind !== "false");
  return rest.length === 0 ? FALSE : rest.length === 1 ? rest[0] : { kind: "or", items: rest };
}
function show(r) {
  switch (r.kind) {
    case "true":
      return "all rows";
    case "false":
      return "no rows";
    case "compare":
      return `${r.field} ${r.op} ${JSON.stringify(r.value)}`;
    case "related":
      return `${r.field} visible (${r.type}: ${show(r.condition)})`;
    default:
      return `(${r.items.map(show).join(r.kind === "and" ? " AND " : " OR ")})`;
  }
}

// policies/engine/rules.ts
function ruleSet(policy) {
  const set = { grants: [], forbids: [], tagRules: /* @__PURE__ */ new Map(), filters: [], declassifications: [], limits: [], duplicateTags: [] };
  for (const doc of policy.documents) {
    const { grants = [], forbid = [], tags = {}, rowFilters = [], declassify = [], limits = [] } = doc.doc;
    grants.forEach((rule, i) => set.grants.push({ rule, doc, path: ["grants", i] }));
    forbid.forEach((rule, i) => set.forbids.push({ rule, doc, path: ["forbid", i] }));
    rowFilters.forEach((rule, i) => set.filters.push({ rule, doc, path: ["rowFilters", i] }));
    declassify.forEach((rule, i) => set.declassifications.push({ rule, doc, path: ["declassify", i] }));
    limits.forEach((rule, i) => set.limits.push({ rule, doc, path: ["limits", i] }));
    for (const [tag, raw] of Object.entries(tags)) {
      const unmasked = Array.isArray(raw.unmasked) ? raw.unmasked : [raw.unmasked];
      const located = { rule: { ...raw, unmasked, id: raw.id ?? `tag-${tag}` }, doc, path: ["tags", tag] };
      if (set.tagRules.has(tag)) set.duplicateTags.push({ ...located, rule: { ...located.rule, tag } });
      else set.tagRules.set(tag, located);
    }
  }
  set.grants.sort((a, b) => a.rule.id.localeCompare(b.rule.id));
  set.forbids.sort((a, b) => a.rule.id.localeCompare(b.rule.id));
  set.limits.sort((a, b) => a.rule.id.localeCompare(b.rule.id));
  return set;
}
var where = (l, ...sub) => ({ file: l.doc.file, line: l.doc.lineOf([...l.path, ...sub]) });

// policies/engine/masks.ts
import { createHmac } from "node:crypto";
var STRENGTH = { none: 0, partial: 1, "year-only": 2, hash: 3, redact: 4, null: 5 };
var strongest = (a, b) => STRENGTH[a ?? "none"] >= STRENGTH[b ?? "none"] ? a : b;
var TEXT = /* @__PURE__ */ new Set(["String", "ID"]);
var DATES = /* @__PURE__ */ new Set(["Date", "DateTime"]);
function misfit(strategy, shape2) {
  switch (strategy) {
    case "redact":
    case "hash":
    case "partial":
      return TEXT.has(shape2.namedType) ? null : `"${strategy}" masks strings and IDs, not ${shape2.namedType}`;
    case "year-only":
      return DATES.has(shape2.namedType) ? null : `"year-only" masks dates, not ${shape2.namedType}`;
    case "null":
      return shape2.nullable ? null : `"null" needs a nullable field, and this one is non-null`;
  }
}
function partial(value) {
  const at = value.indexOf("@");
  if (at > 0) return `${value[0]}***${value.slice(at)}`;
  const digits = value.replace(/\D/g, "");
  if (digits.length >= 7 && digits.length >= value.length / 2) return `***${digits.slice(-4)}`;
  return value.length <= 1 ? "*" : `${value[0]}***`;
}
function yearOnly(value) {
  const text = value instanceof Date ? value.toISOString() : String(value);
  const year = text.slice(0, 4);
  return text.length > 10 ? `${year}-01-01T00:00:00.000Z` : `${year}-01-01`;
}
function applyMask(strategy, value, hashKey2) {
  if (value === null || value === void 0) return value;
  if (Array.isArray(value)) return value.map((v) => applyMask(strategy, v, hashKey2));
  switch (strategy) {
    case "redact":
      return "[REDACTED]";
    case "hash":
      return `h:${createHmac("sha256", hashKey2).update(String(value)).digest("base64url").slice(0, 22)}`;
    case "partial":
      return partial(String(value));
    case "year-only":
      return yearOnly(value);
    case "null":
      return null;
  }
}

// policies/engine/abstract.ts
var ALL_SUBGRAPHS = "*";
var namesType = (f, type) => f.type === type || f.interfaces.includes(type) || f.unions.includes(type);
var namesField = (f, coordinate) => f.coordinate === coordinate || f.interfaces.some((i) => `${i}.${f.field}` === coordinate);
function byCoordinate(record, f) {
  if (Object.hasOwn(record, f.coordinate)) return record[f.coordinate];
  const inherited = f.interfaces.map((i) => `${i}.${f.field}`).find((c) => Object.hasOwn(record, c));
  return inherited === void 0 ? void 0 : record[inherited];
}
var NO_VALUES = { effect: "deny", mask: null, rule: "default-deny" };
function mostRestrictive(decisions) {
  const byRule = [...decisions].sort((a, b) => a.rule.localeCompare(b.rule));
  const deny = byRule.find((d) => d.effect === "deny");
  if (deny) return deny;
  let out;
  for (const d of byRule) if (!out || strongest(out.mask, d.mask) !== out.mask) out = d;
  return out ?? NO_VALUES;
}
function concreteCoordinates(facts, coordinate) {
  const [type, field] = coordinate.split(".");
  return facts.possibleTypes(type).filter((t) => facts.types.get(t)?.has(field)).map((t) => `${t}.${field}`);
}
function decideOnAnyType(facts, coordinate, decideConcrete) {
  if (facts.field(coordinate) || !facts.interfaceField(coordinate)) return decideConcrete(coordinate);
  return mostRestrictive(concreteCoordinates(facts, coordinate).map(decideConcrete));
}

// policies/engine/match.ts
var anyOf = (wanted, held) => !wanted || wanted.some((w) => held.includes(w));
function matches(p, m) {
  return anyOf(m.subjects, [p.subject]) && anyOf(m.roles, p.roles) && anyOf(m.scopes, p.scopes) && Object.entries(m.attributes ?? {}).every(([key, accepted]) => {
    const value = p.attributes[key];
    return value !== void 0 && (Array.isArray(accepted) ? accepted.includes(value) : accepted === value);
  });
}
var AGGREGATE_TAG = "aggregate";
function covers(t, f) {
  const broad = !f.tags.includes(AGGREGATE_TAG);
  if (t.subgraph !== void 0) return broad && (t.subgraph === ALL_SUBGRAPHS || f.subgraphs.includes(t.subgraph));
  if (t.type !== void 0) return broad && namesType(f, t.type);
  if (t.field !== void 0) return namesField(f, t.field);
  if (t.tag !== void 0) return f.tags.includes(t.tag);
  return false;
}

// policies/engine/ways.ts
var DEFAULT_DENY = { effect: "deny", mask: null, rule: "default-deny" };
function personasOf(p) {
  const roles = [...new Set(p.roles)].sort();
  return roles.length ? roles.map((role) => ({ role, principal: { ...p, roles: [role] } })) : [{ role: "", principal: p }];
}
var RANK = { allow: 0, partial: 1, "year-only": 2, hash: 3, redact: 4, null: 5, deny: 6 };
var rank = (d) => RANK[d.effect === "mask" ? d.mask : d.effect];
var moreRevealing = (a, b) => rank(a) < rank(b);
var sameOutcome = (a, b) => a.effect === b.effect && a.mask === b.mask;
var isInterfaceField = (facts, f) => facts.abstractTypes.has(f.type);
function concreteFields(facts, f) {
  return isInterfaceField(facts, f) ? concreteCoordinates(facts, f.coordinate).map((c) => facts.field(c)) : [f];
}
function forbidding(ctx, p, f) {
  for (const c of concreteFields(ctx.facts, f)) {
    const forbid = ctx.set.forbids.find((l) => matches(p, l.rule.to) && l.rule.read.some((t) => covers(t, c)));
    if (forbid) return { effect: "deny", mask: null, rule: forbid.rule.id };
  }
  return void 0;
}
function wayDecision(ctx, grant, persona, f) {
  if (!isInterfaceField(ctx.facts, f)) return concreteWayDecision(ctx, grant, persona, f);
  const decided = concreteFields(ctx.facts, f).map((c) => concreteWayDecision(ctx, grant, persona, c));
  return decided.some((d) => d !== void 0) ? mostRestrictive(decided.map((d) => d ?? DEFAULT_DENY)) : void 0;
}
function concreteWayDecision(ctx, grant, persona, f) {
  if (!grant.rule.read.some((t) => covers(t, f))) return void 0;
  let floor = null;
  let floorRule = "";
  for (const tag of f.tags) {
    const l = ctx.set.tagRules.get(tag);
    if (!l || l.rule.unmasked.some((m) => matches(persona, m))) continue;
    const effect = byCoordinate(l.rule.overrides ?? {}, f) ?? l.rule.otherwise;
    if (effect === "deny") return { effect: "deny", mask: null, rule: l.rule.id };
    if (strongest(floor, effect) !== floor) [floor, floorRule] = [effect, l.rule.id];
  }
  const masks = grant.rule.masks ?? {};
  const named = byCoordinate(masks, f);
  const own = named !== void 0 ? named : f.tags.reduce((m, tag) => strongest(m, masks[tag] ?? null), null);
  const mask = strongest(own, floor);
  if (mask === null) return { effect: "allow", mask: null, rule: grant.rule.id };
  return { effect: "mask", mask, rule: mask === own ? grant.rule.id : floorRule };
}
function bestDecision(ctx, p, coordinate) {
  return decideOnAnyType(ctx.facts, coordinate, (c) => {
    const f = ctx.facts.field(c);
    return f ? bestConcreteDecision(ctx, p, f) : DEFAULT_DENY;
  });
}
function bestConcreteDecision(ctx, p, f) {
  const forbid = forbidding(ctx, p, f);
  if (forbid) return forbid;
  let best;
  for (const grant of ctx.set.grants) {
    for (const persona of personasOf(p)) {
      if (!matches(persona.principal, grant.rule.to)) continue;
      const d = concreteWayDecision(ctx, grant, persona.principal, f);
      if (d && (!best || moreRevealing(d, best))) best = d;
    }
  }
  return best ?? DEFAULT_DENY;
}
function readDecision(ctx, p, coordinate, waysOf) {
  return decideOnAnyType(ctx.facts, coordinate, (c) => {
    const f = ctx.facts.field(c);
    if (!f) return DEFAULT_DENY;
    const forbid = forbidding(ctx, p, f);
    if (forbid) return forbid;
    let allowed;
    for (const subgraph of /* @__PURE__ */ new Set([...f.subgraphs, ...f.providedIn])) {
      for (const group of waysOf(f.type, subgraph).groups) {
        const d = group.fields.get(f.field) ?? DEFAULT_DENY;
        if (d.effect !== "allow") return d;
        allowed ??= d;
      }
    }
    return allowed ?? { effect: "allow", mask: null, rule: "no-rows" };
  });
}
function visibility(ctx, p, persona, type, seen = /* @__PURE__ */ new Set()) {
  if (seen.has(type)) return FALSE;
  const next = new Set(seen).add(type);
  const grants = ctx.set.grants.filter((l) => matches(persona.principal, l.rule.to));
  const stated = grants.filter((l) => l.rule.rows?.[type]);
  const values = [...ctx.facts.types.get(type)?.values() ?? []].filter((f) => !ctx.facts.types.has(f.namedType));
  const own = stated.length ? any(stated.map((l) => resolveFor(ctx, p, persona, type, l.rule.rows[type], next))) : grants.some((l) => values.some((f) => l.rule.read.some((t) => covers(t, f)))) ? TRUE : FALSE;
  return all([own, mandatoryFor(ctx, p, type, next).condition]);
}
function resolveFor(ctx, p, persona, type, cond, seen = /* @__PURE__ */ new Set([type])) {
  return resolve(cond, persona.principal, (field) => {
    const target = relationTarget(ctx.facts, type, field);
    return target ? { type: target, condition: visibility(ctx, p, persona, target, seen) } : void 0;
  });
}
function relationTarget(facts, type, field) {
  const f = facts.types.get(type)?.get(field);
  return f && facts.types.has(f.namedType) ? f.namedType : void 0;
}
function mandatoryFor(ctx, p, type, seen = /* @__PURE__ */ new Set([type])) {
  const filters = ctx.set.filters.filter((l) => l.rule.type === type && matches(p, l.rule.to));
  const condition = all(
    filters.map(
      (l) => resolve(l.rule.where, p, (field) => {
        const target = relationTarget(ctx.facts, type, field);
        return target ? { type: target, condition: any(personasOf(p).map((q) => visibility(ctx, p, q, target, seen))) } : void 0;
      })
    )
  );
  return { condition, rules: filters.map((l) => l.rule.id) };
}
var coversIn = (facts, t, f, subgraph) => t.subgraph !== void 0 ? (t.subgraph === subgraph || t.subgraph === ALL_SUBGRAPHS) && covers(t, f) : concreteFields(facts, f).some((c) => covers(t, c));
var fieldsIn = (facts, type, subgraph) => [...(facts.types.get(type) ?? facts.abstractTypes.get(type)?.fields ?? /* @__PURE__ */ new Map()).values()].filter((f) => f.subgraphs.includes(subgraph) || f.providedIn.includes(subgraph));
var rowTypesOf = (facts, type) => facts.abstractTypes.has(type) ? facts.possibleTypes(type) : [type];
var conditionalGrants = (ctx, type) => {
  const types = rowTypesOf(ctx.facts, type);
  return new Set(ctx.set.grants.filter((l) => types.some((t) => l.rule.rows?.[t])).map((l) => l.rule.id));
};
function typeWays(ctx, p, type, subgraph, decide) {
  const fields = fieldsIn(ctx.facts, type, subgraph);
  const rowTypes = rowTypesOf(ctx.facts, type);
  const forbidden = new Map(fields.flatMap((f) => {
    const d = forbidding(ctx, p, f);
    return d ? [[f.field, d]] : [];
  }));
  const personas = personasOf(p);
  const ways = [];
  for (const grant of ctx.set.grants) {
    for (const persona of personas) {
      if (!matches(persona.principal, grant.rule.to)) continue;
      const decided = fields.flatMap((f) => {
        const d = wayDecision(ctx, grant, persona.principal, f);
        return d ? [[f.field, forbidden.get(f.field) ?? d]] : [];
      });
      if (!fields.some((f) => grant.rule.read.some((t) => coversIn(ctx.facts, t, f, subgraph)))) continue;
      const condition = all(rowTypes.map((t) => grant.rule.rows?.[t] ? resolveFor(ctx, p, persona, t, grant.rule.rows[t]) : TRUE));
      if (condition.kind !== "false") ways.push({ grant: grant.rule.id, role: persona.role, condition, fields: new Map(decided) });
    }
  }
  const groups = [];
  const byCondition = /* @__PURE__ */ new Map();
  for (const way of ways) {
    const key = show(way.condition);
    let group = byCondition.get(key);
    if (!group) byCondition.set(key, group = { condition: way.condition, ways: [], fields: /* @__PURE__ */ new Map() });
    if (!group.ways.length) groups.push(group);
    group.ways.push(way);
    const merged = group.fields;
    for (const [field, d] of way.fields) {
      const current = merged.get(field);
      if (!current || moreRevealing(d, current)) merged.set(field, d);
    }
  }
  const mandatories = rowTypes.map((t) => mandatoryFor(ctx, p, t));
  const mandatory = { condition: all(mandatories.map((m) => m.condition)), rules: mandatories.flatMap((m) => m.rules) };
  const uniform = fields.filter((f) => !ctx.facts.keys.has(f.coordinate)).every((f) => {
    const best = decide(f);
    return groups.every((g) => sameOutcome(g.fields.get(f.field) ?? DEFAULT_DENY, best)) && (groups.length > 0 || best.effect === "deny");
  });
  return {
    type,
    subgraph,
    mandatory: mandatory.condition,
    mandatoryRules: mandatory.rules,
    ways,
    groups,
    condition: all([any(groups.map((g) => g.condition)), mandatory.condition]),
    uniform
  };
}
function rowDecision(w, shownBy, field) {
  let best;
  w.groups.forEach((g, i) => {
    if (!(shownBy & 1 << i)) return;
    const d = g.fields.get(field) ?? DEFAULT_DENY;
    if (!best || moreRevealing(d, best)) best = d;
  });
  return best ?? DEFAULT_DENY;
}
function unknownRowDecision(w, field) {
  let worst;
  for (const g of w.groups) {
    const d = g.fields.get(field) ?? DEFAULT_DENY;
    if (!worst || moreRevealing(worst, d)) worst = d;
  }
  return worst ?? DEFAULT_DENY;
}
function rowsReadBy(w, roles) {
  return all([any(w.ways.filter((x) => roles.has(x.role)).map((x) => x.condition)), w.mandatory]);
}
function rolesReading(w, field) {
  return new Set(w.ways.filter((x) => (x.fields.get(field) ?? DEFAULT_DENY).effect !== "deny").map((x) => x.role));
}

// policies/engine/compile.ts
var MAX_MEMO = 1e4;
function compilePolicy(policy, facts) {
  const set = ruleSet(policy);
  const ctx = { set, facts };
  const relevance = relevantIdentity(set);
  const decisions = new Memo(MAX_MEMO);
  const typeWaysMemo = new Memo(MAX_MEMO);
  const reads = new Memo(MAX_MEMO);
  const identities = /* @__PURE__ */ new WeakMap();
  const identity = (p) => {
    let id = identities.get(p);
    if (!id) {
      const view = relevantView(relevance, p);
      identities.set(p, id = { view, fingerprint: fingerprint(policy.version, view) });
    }
    return id;
  };
  const compiled = {
    version: policy.version,
    facts,
    rules: set,
    decide(p, coordinate) {
      const { view, fingerprint: fingerprint2 } = identity(p);
      return decisions.get(`${fingerprint2}|${coordinate}`, () => bestDecision(ctx, view, coordinate));
    },
    ways(p, type, subgraph) {
      const { view, fingerprint: fingerprint2 } = identity(p);
      return typeWaysMemo.get(`${fingerprint2}|${type}|${subgraph}`, () => typeWays(ctx, view, type, subgraph, (f) => compiled.decide(view, f.coordinate)));
    },
    rows(p, type, subgraph) {
      const w = compiled.ways(p, type, subgraph);
      const conditional = conditionalGrants(ctx, type);
      return { condition: w.condition, rules: [...new Set(w.ways.map((x) => x.grant).filter((id) => conditional.has(id))), ...w.mandatoryRules] };
    },
    decideRead(p, coordinate) {
      const { view, fingerprint: fingerprint2 } = identity(p);
      return reads.get(`${fingerprint2}|${coordinate}`, () => readDecision(ctx, view, coordinate, (type, subgraph) => compiled.ways(view, type, subgraph)));
    },
    // Decisions ask for it on every field: computed once per principal object.
    fingerprint(p) {
      return identity(p).fingerprint;
    }
  };
  return compiled;
}
function relevantIdentity(set) {
  const r = { roles: /* @__PURE__ */ new Set(), scopes: /* @__PURE__ */ new Set(), attributes: /* @__PURE__ */ new Set(), subject: false };
  const matcher = (m) => {
    m.roles?.forEach((x) => r.roles.add(x));
    m.scopes?.forEach((x) => r.scopes.add(x));
    Object.keys(m.attributes ?? {}).forEach((x) => r.attributes.add(x));
    if (m.subjects) r.subject = true;
  };
  const refs = (refs2) => refs2.forEach((ref) => ref === "subject" ? r.subject = true : r.attributes.add(ref.slice("attributes.".length)));
  set.grants.forEach((l) => {
    matcher(l.rule.to);
    Object.values(l.rule.rows ?? {}).forEach((c) => refs(principalRefs(c)));
  });
  set.forbids.forEach((l) => matcher(l.rule.to));
  set.tagRules.forEach((l) => l.rule.unmasked.forEach(matcher));
  set.filters.forEach((l) => {
    matcher(l.rule.to);
    refs(principalRefs(l.rule.where));
  });
  return r;
}
function relevantView(r, p) {
  return {
    subject: r.subject ? p.subject : "",
    roles: [...new Set(p.roles.filter((x) => r.roles.has(x)))].sort(),
    scopes: [...new Set(p.scopes.filter((x) => r.scopes.has(x)))].sort(),
    attributes: Object.fromEntries(Object.entries(p.attributes).filter(([k]) => r.attributes.has(k)).sort(([a], [b]) => a.localeCompare(b)))
  };
}
function fingerprint(version, view) {
  const relevant = { v: version, s: view.subject, r: view.roles, c: view.scopes, a: Object.entries(view.attributes) };
  return createHash("sha256").update(JSON.stringify(relevant)).digest("base64url").slice(0, 24);
}

// policies/engine/load.ts
import { createHash as createHash2 } from "node:crypto";
import fs2 from "node:fs";
import path2 from "node:path";
import { Ajv } from "ajv";
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
var POLICY_SCHEMA = JSON.parse(fs2.readFileSync(path2.join(__dpgDir(__dpgSource("policies/engine/load.ts")), "..", "policy.schema.json"), "utf8"));
var validateShape = new Ajv({ allErrors: true, strict: false }).compile(POLICY_SCHEMA);
var formatProblems = (problems) => problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join("\n");
function policyVersion(sources) {
  const hash = createHash2("sha256");
  for (const text of sources.map((s) => s.text).sort()) hash.update(text).update("\0");
  return hash.digest("hex").slice(0, 16);
}
function parsePolicy(sources) {
  const problems = [];
  const documents = [];
  for (const source of sources) {
    const lines = new LineCounter();
    const yaml = parseDocument(source.text, { lineCounter: lines });
    if (yaml.errors.length) {
      for (const e of yaml.errors) problems.push({ file: source.file, line: e.linePos?.[0].line ?? 1, message: `YAML syntax error: ${e.message.split("\n")[0]}` });
      continue;
    }
    const doc = nullStrategies(yaml.toJS() ?? {});
    const lineOf = (p) => lineAt(yaml, lines, p);
    if (!validateShape(doc)) {
      for (const e of dedupe(validateShape.errors ?? [])) problems.push({ file: source.file, line: lineOf(pathOf(e)), message: describe(e) });
      continue;
    }
    documents.push({ file: source.file, doc, lineOf });
  }
  if (problems.length) return { problems };
  return { policy: { version: policyVersion(sources), sources: [...sources], documents }, problems };
}
function readPolicyDir(dir) {
  return fs2.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => ({ file: path2.relative(process.cwd(), path2.join(dir, f)), text: fs2.readFileSync(path2.join(dir, f), "utf8") }));
}
function lineAt(doc, lines, p) {
  for (let depth = p.length; depth > 0; depth--) {
    const parentPath = p.slice(0, depth - 1);
    const parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
    const last = p[depth - 1];
    const node = isMap(parent) ? parent.items.find((i) => isScalar(i.key) && i.key.value === last)?.key : isSeq(parent) && typeof last === "number" ? parent.items[last] : void 0;
    const range = node?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return 1;
}
function nullStrategies(doc) {
  const fix = (o) => {
    for (const k of Object.keys(o ?? {})) if (o[k] === null) o[k] = "null";
  };
  if (!doc || typeof doc !== "object") return doc;
  for (const g of Array.isArray(doc.grants) ? doc.grants : []) fix(g?.masks);
  for (const t of Object.values(doc.tags && typeof doc.tags === "object" ? doc.tags : {})) {
    if (t && t.otherwise === null) t.otherwise = "null";
    fix(t?.overrides);
  }
  return doc;
}
var pathOf = (e) => {
  const parts = e.instancePath.split("/").slice(1).map((s) => /^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (e.keyword === "additionalProperties") parts.push(e.params.additionalProperty);
  return parts;
};
function describe(e) {
  const where2 = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "document";
  switch (e.keyword) {
    case "additionalProperties":
      return `${where2}: unknown key "${e.params.additionalProperty}"`;
    case "enum":
      return `${where2}: must be one of ${e.params.allowedValues.join(", ")}`;
    case "required":
      return `${where2}: "${e.params.missingProperty}" is required`;
    default:
      return `${where2}: ${e.message}`;
  }
}
function dedupe(errors2) {
  const seen = /* @__PURE__ */ new Set();
  const useful = errors2.filter((e) => e.keyword !== "anyOf" && e.keyword !== "if");
  return (useful.length ? useful : errors2).filter((e) => {
    const key = `${e.instancePath}|${e.keyword}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// policies/dataProduct.ts
import fs3 from "node:fs";
import { parse as parseYaml } from "yaml";
var CLASSIFICATIONS = ["public", "internal", "confidential", "pii"];
var isClassification = (v) => CLASSIFICATIONS.includes(v);
var compareClassifications = (a, b) => CLASSIFICATIONS.indexOf(a) - CLASSIFICATIONS.indexOf(b);
var strongestClassification = (list2) => list2.reduce((max, c) => max === void 0 || compareClassifications(c, max) > 0 ? c : max, void 0);
function fieldClassification(product, coordinate, tags) {
  return product.fields?.[coordinate] ?? tags.find(isClassification) ?? product.classification;
}
var COORDINATE = /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/;
var DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
function durationSeconds(iso) {
  const m = DURATION.exec(iso);
  if (!m || iso === "P" || iso.endsWith("T")) throw new Error(`"${iso}" is not an ISO 8601 duration like PT1H or P1D`);
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return ((d * 24 + h) * 60 + min) * 60 + s;
}
function descriptorProblems(input) {
  const problems = [];
  const d = input;
  if (!d || typeof d !== "object") return ["descriptor must be a YAML/JSON object"];
  if (d.apiVersion !== "dpg/v1") problems.push('apiVersion must be "dpg/v1"');
  for (const key of ["domain", "team"]) if (typeof d[key] !== "string" || !d[key]) problems.push(`"${key}" is required`);
  if (!Array.isArray(d.products) || d.products.length === 0) return [...problems, '"products" must list at least one data product'];
  d.products.forEach((p, i) => {
    const at = `products[${i}]${p?.id ? ` (${p.id})` : ""}`;
    for (const key of ["id", "name", "purpose", "status", "classification"]) {
      if (typeof p?.[key] !== "string" || !p[key]) problems.push(`${at}: "${key}" is required`);
    }
    if (p?.classification && !CLASSIFICATIONS.includes(p.classification)) problems.push(`${at}: classification must be one of ${CLASSIFICATIONS.join(", ")}`);
    if (!Array.isArray(p?.types) || p.types.length === 0) problems.push(`${at}: "types" must list the GraphQL types it publishes`);
    if (typeof p?.sla?.freshness !== "string") problems.push(`${at}: "sla.freshness" is required (ISO 8601 duration, e.g. PT1H)`);
    else {
      try {
        durationSeconds(p.sla.freshness);
      } catch (err) {
        problems.push(`${at}: sla.freshness ${err.message}`);
      }
    }
    for (const [field, c] of Object.entries(p?.fields ?? {})) {
      if (!COORDINATE.test(field)) problems.push(`${at}: field "${field}" must be written Type.field`);
      if (!CLASSIFICATIONS.includes(c)) problems.push(`${at}: field "${field}" has unknown classification "${c}"`);
    }
    problems.push(...lineageProblems(p?.lineage, p?.types).map((m) => `${at}: ${m}`));
    if (p?.minGroupSize !== void 0 && !(Number.isInteger(p.minGroupSize) && p.minGroupSize >= 1)) problems.push(`${at}: "minGroupSize" must be a whole number of at least 1`);
  });
  return problems;
}
function lineageProblems(lineage, types) {
  if (lineage === void 0) return [];
  if (!lineage || typeof lineage !== "object" || Array.isArray(lineage)) return ['"lineage" must map Type.field to the list of Type.field it is computed from'];
  return Object.entries(lineage).flatMap(([field, inputs]) => {
    const problems = [];
    if (!COORDINATE.test(field)) problems.push(`lineage field "${field}" must be written Type.field`);
    else if (Array.isArray(types) && !types.includes(field.split(".")[0])) problems.push(`lineage field "${field}" is not of one of the product's types`);
    if (!Array.isArray(inputs) || inputs.length === 0) problems.push(`lineage of "${field}" must list at least one input, Type.field`);
    else for (const input of inputs) if (typeof input !== "string" || !COORDINATE.test(input)) problems.push(`lineage input ${JSON.stringify(input)} of "${field}" must be written Type.field`);
    return problems;
  });
}
function loadDescriptor(file) {
  const parsed = parseYaml(fs3.readFileSync(file, "utf8"));
  const problems = descriptorProblems(parsed);
  if (problems.length) throw new Error(`${file}:
  ${problems.join("\n  ")}`);
  return parsed;
}

// policies/engine/validate.ts
import { isDeepStrictEqual } from "node:util";

// policies/engine/gaps.ts
var ROOTS = /* @__PURE__ */ new Set(["Query", "Mutation", "Subscription"]);
var mayMatch = (to, role) => !to.roles || role !== "" && to.roles.includes(role);
function filterGaps(set, facts) {
  const roles = [...new Set([...set.grants, ...set.forbids, ...set.filters].flatMap((l) => l.rule.to.roles ?? []))].sort();
  const rolesOf = (to) => to.roles ? [...to.roles] : [...roles, ""];
  const filtering = (type, role) => [
    ...set.grants.filter((l) => l.rule.rows?.[type] && mayMatch(l.rule.to, role)),
    ...set.filters.filter((l) => l.rule.type === type && mayMatch(l.rule.to, role))
  ];
  const mandatoryFollows = (type, field, role) => set.filters.some((l) => l.rule.type === type && mayMatch(l.rule.to, role) && !l.rule.to.subjects && !l.rule.to.scopes && !l.rule.to.attributes && alwaysFollowed(l.rule.where).has(field));
  const problems = [];
  for (const g of set.grants) {
    for (const [type, fields] of facts.types) {
      if (ROOTS.has(type) || ![...fields.values()].some((f) => g.rule.read.some((t) => covers(t, f)))) continue;
      const own = g.rule.rows?.[type];
      const followed = own ? alwaysFollowed(own) : /* @__PURE__ */ new Set();
      for (const f of fields.values()) {
        if (f.list || !facts.types.has(f.namedType) || followed.has(f.field)) continue;
        for (const role of rolesOf(g.rule.to)) {
          const filters = filtering(f.namedType, role);
          if (!filters.length || mandatoryFollows(type, f.field, role)) continue;
          problems.push({
            ...where(g, ...own ? ["rows", type] : []),
            message: `filter gap: grant "${g.rule.id}" shows ${type} rows${role ? ` to role ${role}` : ""}, and ${f.coordinate} points to ${f.namedType}, whose rows are filtered for ${role ? `that role` : "callers without roles"} (${filters.map((l) => l.rule.id).join(", ")}); add "rows: { ${type}: { ${f.field}: { visible: true } } }" so a ${type} is visible only where its ${f.field} is`
          });
          break;
        }
      }
    }
  }
  return problems;
}

// policies/engine/validate.ts
function validatePolicy(policy, facts, complete = true) {
  const problems = [];
  const set = ruleSet(policy);
  const report = (l, sub, message) => problems.push({ ...where(l, ...sub), message });
  const allFields = [...facts.types.values()].flatMap((fields) => [...fields.values()]);
  const seen = /* @__PURE__ */ new Map();
  for (const l of [...set.grants, ...set.forbids, ...set.filters, ...set.limits, ...set.tagRules.values(), ...set.declassifications]) {
    const first = seen.get(l.rule.id);
    if (first) report(l, ["id"], `rule id "${l.rule.id}" is already used at ${where(first).file}:${where(first).line}`);
    else seen.set(l.rule.id, l);
  }
  for (const d of set.duplicateTags) {
    const first = set.tagRules.get(d.rule.tag);
    report(d, [], `tag "${d.rule.tag}" already has a rule at ${where(first).file}:${where(first).line}; a tag has one rule`);
  }
  const unknownField = (coordinate) => {
    if (facts.field(coordinate) || facts.interfaceField(coordinate)) return void 0;
    const [type] = coordinate.split(".");
    const union = facts.abstractTypes.get(type);
    if (union?.kind === "union") return `"${coordinate}": ${type} is a union, and unions have no fields; name a member's field (${union.possibleTypes.join(", ")})`;
    return `unknown field "${coordinate}"`;
  };
  const reached = (coordinate) => {
    const own = facts.field(coordinate);
    return own ? [own] : concreteCoordinates(facts, coordinate).map((c) => facts.field(c));
  };
  const checkTarget = (l, t, i) => {
    const at = ["read", i];
    if (t.subgraph !== void 0 && t.subgraph !== ALL_SUBGRAPHS && !facts.subgraphs.has(t.subgraph)) complete && report(l, at, `unknown subgraph "${t.subgraph}" (known: ${[...facts.subgraphs].join(", ")}, or "${ALL_SUBGRAPHS}" for every subgraph)`);
    if (t.type !== void 0 && !facts.types.has(t.type) && !facts.abstractTypes.has(t.type)) complete && report(l, at, `unknown type "${t.type}"`);
    const missing = t.field !== void 0 ? unknownField(t.field) : void 0;
    if (missing) complete && report(l, at, missing);
    if (t.tag !== void 0 && !facts.tags.has(t.tag)) complete && report(l, at, `unknown tag "${t.tag}": no field carries @tag(name: "${t.tag}")`);
  };
  const relations = [];
  const checkCondition = (l, sub, type, cond) => {
    const fields = facts.types.get(type);
    const abstract = facts.abstractTypes.get(type);
    if (!fields && abstract) return report(l, sub, `row conditions apply to object types, and ${type} is ${abstract.kind === "union" ? "a union" : "an interface"}; write one condition per type (${abstract.possibleTypes.join(", ")})`);
    if (!fields) return complete && report(l, sub, `unknown type "${type}"`);
    for (const f of conditionFields(cond)) if (!fields.has(f) && complete) report(l, sub, `row condition on ${type} names unknown field "${f}"`);
    for (const r of badRefs(cond)) report(l, sub, `"${r}" is not a principal reference; use $principal.subject or $principal.attributes.<name>`);
    for (const problem of relationProblems(cond)) report(l, sub, problem);
    for (const f of followedFields(cond)) {
      const target = fields.get(f);
      if (!target) continue;
      if (!facts.types.has(target.namedType)) report(l, sub, `"visible" follows a relation, and ${type}.${f} is a ${target.namedType}, not an object type`);
      else relations.push({ from: type, to: target.namedType, l, sub });
    }
  };
  const checkFit = (l, sub, strategy, f) => {
    const why = misfit(strategy, f);
    if (why) report(l, sub, `mask does not fit ${f.coordinate} (${f.nullable ? "" : "non-null "}${f.namedType}): ${why}`);
  };
  for (const l of [...set.grants, ...set.forbids]) l.rule.read.forEach((t, i) => checkTarget(l, t, i));
  for (const l of set.grants) {
    const masks = l.rule.masks ?? {};
    for (const [key, strategy] of Object.entries(masks)) {
      if (key.includes(".")) {
        const missing = unknownField(key);
        if (missing) complete && report(l, ["masks", key], missing);
        else reached(key).forEach((f) => checkFit(l, ["masks", key], strategy, f));
        continue;
      }
      if (!facts.tags.has(key)) {
        if (complete) report(l, ["masks", key], `unknown tag "${key}"`);
        continue;
      }
      for (const f of allFields) if (f.tags.includes(key) && byCoordinate(masks, f) === void 0 && l.rule.read.some((t) => covers(t, f))) checkFit(l, ["masks", key], strategy, f);
    }
    for (const [type, cond] of Object.entries(l.rule.rows ?? {})) checkCondition(l, ["rows", type], type, cond);
  }
  for (const [tag, l] of set.tagRules) {
    if (!facts.tags.has(tag)) {
      if (complete) report(l, [], `unknown tag "${tag}": no field carries @tag(name: "${tag}")`);
      continue;
    }
    const overrides = l.rule.overrides ?? {};
    for (const [coordinate, effect] of Object.entries(overrides)) {
      const missing = unknownField(coordinate);
      const fields = missing ? [] : reached(coordinate).filter((f) => f.tags.includes(tag));
      if (missing) complete && report(l, ["overrides", coordinate], missing);
      else if (!fields.length) report(l, ["overrides", coordinate], `${coordinate} does not carry @tag(name: "${tag}")`);
      else if (effect !== "deny") fields.forEach((f) => checkFit(l, ["overrides", coordinate], effect, f));
    }
    if (l.rule.otherwise !== "deny") {
      for (const f of allFields) if (f.tags.includes(tag) && byCoordinate(overrides, f) === void 0) checkFit(l, ["otherwise"], l.rule.otherwise, f);
    }
  }
  for (const l of set.filters) checkCondition(l, ["where"], l.rule.type, l.rule.where);
  const next = (type) => relations.filter((r) => r.from === type).map((r) => r.to);
  const reaches = (from, to, seen2 = /* @__PURE__ */ new Set()) => from === to || !seen2.has(from) && (seen2.add(from), next(from).some((n) => reaches(n, to, seen2)));
  for (const r of relations) if (reaches(r.to, r.from)) report(r.l, r.sub, `relations go round in a cycle: ${r.from} follows ${r.to}, which leads back to ${r.from}`);
  if (complete) problems.push(...filterGaps(set, facts));
  const declassified = /* @__PURE__ */ new Map();
  for (const l of set.declassifications) {
    const { field, to } = l.rule;
    const first = declassified.get(field);
    if (first) report(l, ["field"], `${field} is already declassified at ${where(first).file}:${where(first).line}; a field has one declassification`);
    else declassified.set(field, l);
    const f = facts.field(field);
    if (!f) {
      if (complete) report(l, ["field"], `unknown field "${field}"`);
      continue;
    }
    const tagged = f.tags.filter(isClassification);
    const weaker = tagged.find((t) => compareClassifications(t, to) < 0);
    if (weaker) report(l, ["to"], `${field} is tagged ${weaker}, less sensitive than this declassification allows (${to})`);
  }
  for (const l of set.limits) if (!LIMIT_KEYS.some((k) => l.rule[k] !== void 0)) report(l, [], `limit "${l.rule.id}" sets no limit; give at least one of ${LIMIT_KEYS.join(", ")}`);
  for (const g of set.grants) {
    for (const f of set.forbids) {
      if (isDeepStrictEqual(g.rule.to, f.rule.to) && g.rule.read.every((t) => f.rule.read.some((u) => isDeepStrictEqual(t, u)))) {
        report(g, [], `grant "${g.rule.id}" conflicts with forbid "${f.rule.id}" (${where(f).file}:${where(f).line}): same principals, and the forbid removes everything the grant gives`);
      }
    }
  }
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
function relationProblems(cond) {
  const nested = "anyOf" in cond && Array.isArray(cond.anyOf) ? cond.anyOf.flatMap(relationProblems) : [];
  const own = Object.entries(cond).filter(([k, v]) => k !== "anyOf" && typeof v === "object" && v !== null && !Array.isArray(v) && "visible" in v && Object.keys(v).length > 1).map(([k]) => `"${k}: { visible: true }" cannot be combined with comparisons; write them as separate conditions`);
  return [...nested, ...own];
}

// policies/engine/explain.ts
import {
  getArgumentValues,
  getNamedType as getNamedType2,
  isAbstractType,
  isCompositeType,
  Kind as Kind2
} from "graphql";

// policies/engine/reads.ts
import { getNamedType, isInputObjectType, isListType, isNonNullType } from "graphql";
function readingInputs(reads, typeName, field) {
  const found = [];
  const visit = (type, path4, seen) => {
    const named = getNamedType(type);
    if (!isInputObjectType(named) || seen.has(named.name)) return;
    for (const f of Object.values(named.getFields())) {
      const read = reads.get(`${named.name}.${f.name}`);
      if (read) found.push({ path: [...path4, f.name], reads: read });
      visit(f.type, [...path4, f.name], new Set(seen).add(named.name));
    }
  };
  for (const a of field.args) {
    const read = reads.get(`${typeName}.${field.name}(${a.name}:)`);
    if (read) found.push({ path: [a.name], reads: read });
    visit(a.type, [a.name], /* @__PURE__ */ new Set());
  }
  return found;
}
function readsGiven(reads, typeName, field, args) {
  const found = [];
  const walk = (type, value, path4) => {
    if (value === null || value === void 0) return;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      if (Array.isArray(value)) value.forEach((v) => walk(inner.ofType, v, path4));
      return;
    }
    if (!isInputObjectType(inner) || typeof value !== "object") return;
    for (const [name, f] of Object.entries(inner.getFields())) {
      const v = value[name];
      if (v === null || v === void 0) continue;
      const read = reads.get(`${inner.name}.${name}`);
      if (read) found.push({ path: [...path4, name], reads: read });
      walk(f.type, v, [...path4, name]);
    }
  };
  for (const a of field.args) {
    const value = args[a.name];
    if (value === null || value === void 0) continue;
    const read = reads.get(`${typeName}.${field.name}(${a.name}:)`);
    if (read) found.push({ path: [a.name], reads: read });
    walk(a.type, value, [a.name]);
  }
  return found;
}

// policies/engine/explain.ts
function explainOperation(policy, schema, document, principal, operationName) {
  const operation = document.definitions.find(
    (d) => d.kind === Kind2.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName)
  );
  if (!operation) throw new Error(operationName ? `no operation named "${operationName}"` : "the document holds no operation");
  const fragments = new Map(document.definitions.filter((d) => d.kind === Kind2.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const fields = [];
  const args = [];
  const types = /* @__PURE__ */ new Set();
  const walk = (set, parent, prefix) => {
    for (const sel of set.selections) {
      if (sel.kind !== Kind2.FIELD) {
        const fragment = sel.kind === Kind2.INLINE_FRAGMENT ? sel : fragments.get(sel.name.value);
        if (fragment) walk(fragment.selectionSet, fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent, prefix);
        continue;
      }
      const name = sel.name.value;
      if (name.startsWith("__") || !("getFields" in parent)) continue;
      const def = parent.getFields()[name];
      if (!def) continue;
      const path4 = prefix ? `${prefix}.${sel.alias?.value ?? name}` : sel.alias?.value ?? name;
      const concrete = isAbstractType(parent) ? schema.getPossibleTypes(parent) : [parent];
      let readable = false;
      for (const type of concrete) {
        const coordinate = `${type.name}.${name}`;
        const d = policy.decide(principal, coordinate);
        fields.push({ path: path4, coordinate, decision: d.effect, mask: d.mask, rule: d.rule });
        readable ||= d.effect !== "deny";
      }
      const explained = /* @__PURE__ */ new Set();
      for (const type of isAbstractType(parent) ? [parent, ...concrete] : [parent]) {
        const own = type.getFields()[name];
        if (!own) continue;
        for (const input of argumentReads(policy.facts.reads, type.name, own, sel)) {
          for (const reads of input.reads) {
            const argument = input.path.join(".");
            if (explained.has(`${argument}|${reads}`)) continue;
            explained.add(`${argument}|${reads}`);
            const r = policy.decideRead(principal, reads);
            args.push({ path: path4, coordinate: `${type.name}.${name}`, argument, reads, decision: r.effect, mask: r.mask, rule: r.rule });
          }
        }
      }
      const named = getNamedType2(def.type);
      if (readable && sel.selectionSet && isCompositeType(named)) {
        for (const t of isAbstractType(named) ? schema.getPossibleTypes(named) : [named]) types.add(t.name);
        walk(sel.selectionSet, named, path4);
      }
    }
  };
  walk(operation.selectionSet, schema.getRootType(operation.operation), "");
  return { policyVersion: policy.version, principal, fingerprint: policy.fingerprint(principal), fields, arguments: args, rows: explainRows(policy, principal, types) };
}
function explainRows(policy, principal, types) {
  return [...types].flatMap((type) => {
    const owners = new Set([...policy.facts.types.get(type)?.values() ?? []].filter((f) => !policy.facts.keys.has(f.coordinate)).flatMap((f) => f.subgraphs));
    return [...owners].sort().map((subgraph) => {
      const r = policy.rows(principal, type, subgraph);
      const w = policy.ways(principal, type, subgraph);
      const ways = w.uniform ? {} : { ways: w.groups.map((g) => `${g.ways.map((x) => x.role ? `${x.grant} as ${x.role}` : x.grant).join(", ")}: ${show(g.condition)}`) };
      return { type, subgraph, rows: show(r.condition), rules: r.rules, ...ways };
    });
  });
}
function argumentReads(reads, typeName, def, node) {
  const possible = readingInputs(reads, typeName, def);
  if (!possible.length) return [];
  const byVariable = new Set((node.arguments ?? []).filter((a) => a.value.kind === Kind2.VARIABLE).map((a) => a.name.value));
  let literal = {};
  try {
    literal = getArgumentValues(def, { ...node, arguments: (node.arguments ?? []).filter((a) => !byVariable.has(a.name.value)) }, {});
  } catch {
    return possible;
  }
  return [...readsGiven(reads, typeName, def, literal), ...possible.filter((p) => byVariable.has(p.path[0]))];
}
function formatExplanation(e) {
  const width = Math.max(5, ...e.fields.map((f) => f.path.length));
  const lines = [
    `policy ${e.policyVersion} \xB7 principal ${e.principal.subject} roles=[${e.principal.roles.join(",")}] scopes=[${e.principal.scopes.join(",")}] attributes=${JSON.stringify(e.principal.attributes)}`,
    "",
    `${"field".padEnd(width)}  decision          rule`,
    ...e.fields.map((f) => `${f.path.padEnd(width)}  ${(f.decision === "mask" ? `mask (${f.mask})` : f.decision).padEnd(16)}  ${f.rule}`)
  ];
  if (e.arguments.length) {
    lines.push("", "arguments that read fields");
    for (const a of e.arguments) lines.push(`  ${a.path}(${a.argument}) reads ${a.reads}: ${a.decision === "allow" ? "allowed" : `refused (${a.decision === "mask" ? `masked ${a.mask}` : "denied"})`}  ${a.rule}`);
  }
  if (e.rows.length) {
    lines.push("", "rows");
    for (const r of e.rows) {
      lines.push(`  ${r.type} in ${r.subgraph}: ${r.rows}${r.rules.length ? `  [${r.rules.join(", ")}]` : ""}`);
      for (const w of r.ways ?? []) lines.push(`    decided per row, way ${w}`);
    }
  }
  return lines.join("\n");
}

// policies/principal.ts
var list = (v) => Array.isArray(v) ? v.filter((x) => typeof x === "string") : typeof v === "string" ? v.split(/\s+/).filter(Boolean) : [];
function principalFromClaims(claims) {
  const attrs = typeof claims.attrs === "object" && claims.attrs !== null ? claims.attrs : {};
  return {
    subject: String(claims.sub ?? ""),
    roles: list(claims.roles),
    scopes: [.../* @__PURE__ */ new Set([...list(claims.scope), ...list(claims.scopes)])],
    attributes: Object.fromEntries(Object.entries(attrs).filter(([, v]) => typeof v === "string"))
  };
}
var claimsOf = (p) => ({ sub: p.subject, roles: p.roles, scopes: p.scopes, attrs: p.attributes });

// gateway/identity/userTokens.ts
import fs4 from "node:fs";
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify } from "jose";
var AuthError = class extends Error {
};
var ASYMMETRIC = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"];
function reason(err) {
  if (err instanceof errors.JWTExpired) return "token expired";
  if (err instanceof errors.JWTClaimValidationFailed) return `token claim "${err.claim}" is invalid: ${err.reason}`;
  if (err instanceof errors.JWSSignatureVerificationFailed) return "token signature is invalid";
  if (err instanceof errors.JOSEAlgNotAllowed) return "token algorithm is not accepted";
  if (err instanceof errors.JWKSNoMatchingKey) return "token was signed by an unknown key";
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return "token is malformed";
  return "token is invalid";
}
function userTokenVerifier(options) {
  const verifiers = [];
  if (options.secret) verifiers.push({ keys: hmacKey(options.secret), algorithms: ["HS256"] });
  if (options.jwksFile) verifiers.push({ keys: createLocalJWKSet(JSON.parse(fs4.readFileSync(options.jwksFile, "utf8"))), algorithms: ASYMMETRIC });
  if (options.jwksUrl) verifiers.push({ keys: createRemoteJWKSet(new URL(options.jwksUrl)), algorithms: ASYMMETRIC });
  const verified = /* @__PURE__ */ new Map();
  return async (token) => {
    const known = verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.principal;
    const header = decodeHeader(token);
    const verifier = verifiers.find((v) => v.algorithms.includes(header.alg));
    if (!verifier) throw new AuthError(header.alg === "none" ? 'unsigned tokens (alg "none") are not accepted' : `token algorithm "${header.alg}" is not accepted`);
    try {
      const { payload } = await jwtVerify(token, verifier.keys, { issuer: options.issuer, audience: options.audience, algorithms: verifier.algorithms, requiredClaims: ["sub", "exp"] });
      const principal = principalFromClaims(payload);
      if (verified.size >= 1e4) verified.clear();
      verified.set(token, { principal, expiresAt: payload.exp * 1e3 });
      return principal;
    } catch (err) {
      throw new AuthError(reason(err));
    }
  };
}
function hmacKey(secret) {
  const key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  return () => key;
}
function decodeHeader(token) {
  try {
    const header = JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString("utf8"));
    if (typeof header?.alg !== "string") throw new Error();
    return header;
  } catch {
    throw new AuthError("token is malformed");
  }
}

// gateway/identity/apiKeys.ts
import { randomBytes as randomBytes2, timingSafeEqual } from "node:crypto";
import fs5 from "node:fs";
import { parse as parse2 } from "yaml";
var hashKey = sha256;
function newApiKey() {
  return `dpg_${randomBytes2(24).toString("base64url")}`;
}
function loadApiKeys(file) {
  const raw = parse2(fs5.readFileSync(file, "utf8"));
  return (raw?.keys ?? []).map((entry, i) => {
    const e = entry;
    if (typeof e?.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(e.sha256) || typeof e.subject !== "string") {
      throw new Error(`${file}: keys[${i}] needs "sha256" (64 hex digits) and "subject"`);
    }
    return {
      id: String(e.id ?? e.subject),
      sha256: e.sha256,
      principal: { subject: e.subject, roles: e.roles ?? [], scopes: e.scopes ?? [], attributes: e.attributes ?? {} }
    };
  });
}
function apiKeyLookup(entries2) {
  const byHash = new Map(entries2.map((e) => [e.sha256, e]));
  return (key) => {
    const hash = hashKey(key);
    const entry = byHash.get(hash);
    return entry && timingSafeEqual(Buffer.from(entry.sha256), Buffer.from(hash)) ? { id: entry.id, principal: entry.principal } : void 0;
  };
}

// policies/references.ts
import path3 from "node:path";
var RULES_DIR = path3.join(__dpgDir(__dpgSource("policies/references.ts")), "rules");
async function policyReferences(dir = RULES_DIR) {
  const { policy, problems } = parsePolicy(readPolicyDir(dir));
  if (!policy) throw new Error(`policies do not load:
${formatProblems(problems)}`);
  const set = ruleSet(policy);
  const refs = [];
  const add = (l, sub, ref) => refs.push({ ...where(l, ...sub), rule: l.rule.id, ...ref });
  const target = (l, t, i) => add(l, ["read", i], t.field ? { coordinate: t.field } : t.type ? { type: t.type } : t.tag ? { tag: t.tag } : { subgraph: t.subgraph });
  const condition = (l, sub, type, c) => {
    add(l, sub, { type });
    for (const field of conditionFields(c)) add(l, sub, { coordinate: `${type}.${field}` });
  };
  for (const l of [...set.grants, ...set.forbids]) l.rule.read.forEach((t, i) => target(l, t, i));
  for (const l of set.grants) {
    for (const key of Object.keys(l.rule.masks ?? {})) add(l, ["masks", key], key.includes(".") ? { coordinate: key } : { tag: key });
    for (const [type, c] of Object.entries(l.rule.rows ?? {})) condition(l, ["rows", type], type, c);
  }
  for (const [tag, l] of set.tagRules) {
    add(l, [], { tag });
    for (const coordinate of Object.keys(l.rule.overrides ?? {})) add(l, ["overrides", coordinate], { coordinate, tag });
  }
  for (const l of set.filters) condition(l, ["where"], l.rule.type, l.rule.where);
  for (const l of set.declassifications) add(l, ["field"], { coordinate: l.rule.field });
  return refs;
}

export {
  devSecret,
  DEV_ISSUER,
  DEV_AUDIENCE,
  factsFromSupergraph,
  factsFromSubgraph,
  LIMIT_KEYS,
  FALSE,
  ruleSet,
  where,
  applyMask,
  matches,
  covers,
  rowDecision,
  unknownRowDecision,
  rowsReadBy,
  rolesReading,
  compilePolicy,
  formatProblems,
  parsePolicy,
  readPolicyDir,
  CLASSIFICATIONS,
  compareClassifications,
  strongestClassification,
  fieldClassification,
  durationSeconds,
  descriptorProblems,
  loadDescriptor,
  validatePolicy,
  readingInputs,
  readsGiven,
  explainOperation,
  explainRows,
  formatExplanation,
  principalFromClaims,
  claimsOf,
  AuthError,
  userTokenVerifier,
  hashKey,
  newApiKey,
  loadApiKeys,
  apiKeyLookup,
  RULES_DIR,
  policyReferences
};
