import { dirname as __dpgDir } from 'node:path';
import { fileURLToPath as __dpgPath, pathToFileURL as __dpgToUrl } from 'node:url';
const __dpgRoot = __dpgDir(__dpgDir(__dpgPath(import.meta.url)));
const __dpgSource = (rel) => __dpgRoot + '/' + rel;
const __dpgUrl = (file) => __dpgToUrl(file).href;
import {
  DEV_AUDIENCE,
  DEV_ISSUER,
  RULES_DIR,
  claimsOf,
  compilePolicy,
  covers,
  devSecret,
  explainOperation,
  factsFromSupergraph,
  formatExplanation,
  formatProblems,
  hashKey,
  newApiKey,
  parsePolicy,
  principalFromClaims,
  readPolicyDir,
  ruleSet,
  userTokenVerifier,
  validatePolicy,
  where
} from "./chunk-TTYD4AHS.mjs";
import "./chunk-IL5HGDU7.mjs";

// platform/cli.ts
import { parseArgs } from "node:util";
var EXIT = { ok: 0, failed: 1, usage: 2 };
var UsageError = class extends Error {
};
var CommandFailed = class extends Error {
};
var GLOBAL_OPTIONS = {
  json: { type: "boolean", description: "Print the result as JSON instead of a readable report." },
  help: { type: "boolean", description: "Show help for the command." }
};
function findCommand(commands4, argv) {
  const ranked = [...commands4].sort((a, b) => b.name.split(" ").length - a.name.split(" ").length);
  for (const command of ranked) {
    const words = command.name.split(" ");
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  return void 0;
}
function commandUsage(command) {
  const options = { ...command.options, ...GLOBAL_OPTIONS };
  const synopsis = [
    command.name,
    ...command.args ?? [],
    ...Object.entries(command.options ?? {}).map(([name, o]) => {
      const flag = o.type === "string" ? `--${name} ${o.value ?? "VALUE"}` : `--${name}`;
      return o.required ? flag : `[${flag}]`;
    })
  ].join(" ");
  const width = Math.max(...Object.entries(options).map(([n, o]) => n.length + (o.type === "string" ? (o.value ?? "VALUE").length + 1 : 0))) + 4;
  const lines = Object.entries(options).map(([name, o]) => `  ${`--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`.padEnd(width)}${o.description}`);
  return `usage: dpg ${synopsis}

${command.summary}

${lines.join("\n")}
`;
}
function overview(commands4) {
  const width = Math.max(...commands4.map((c) => c.name.length)) + 2;
  return `usage: dpg <command> [options]

${commands4.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join("\n")}

Run \`dpg <command> --help\` for a command's options.
`;
}
function parseCommandLine(command, rest) {
  const specs = { ...command.options, ...GLOBAL_OPTIONS };
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: Object.fromEntries(Object.entries(specs).map(([n, o]) => [n, { type: o.type, ...o.multiple ? { multiple: true } : {} }])), allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err.message);
  }
  const options = parsed.values;
  if (options.help) return { args: parsed.positionals, options };
  const expected = command.args ?? [];
  if (parsed.positionals.length !== expected.length) {
    throw new UsageError(expected.length ? `expected ${expected.join(" ")}, got ${parsed.positionals.length ? parsed.positionals.join(" ") : "nothing"}` : `unexpected argument "${parsed.positionals[0]}"`);
  }
  const missing = Object.entries(command.options ?? {}).filter(([name, o]) => o.required && (options[name] === void 0 || options[name] === ""));
  if (missing.length) throw new UsageError(`missing ${missing.map(([n]) => `--${n}`).join(", ")}`);
  return { args: parsed.positionals, options };
}
async function runCli(commands4, argv, io) {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "help") {
    io.out(overview(commands4));
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  const found = findCommand(commands4, argv);
  if (!found) {
    io.err(`dpg: unknown command "${argv.join(" ")}"

${overview(commands4)}`);
    return EXIT.usage;
  }
  const { command, rest } = found;
  try {
    const input = parseCommandLine(command, rest);
    if (input.options.help) {
      io.out(commandUsage(command));
      return EXIT.ok;
    }
    return await command.run({ ...input, io });
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`dpg ${command.name}: ${err.message}

${commandUsage(command)}`);
      return EXIT.usage;
    }
    io.err(`dpg ${command.name}: ${err.message}
`);
    return EXIT.failed;
  }
}

// gateway/cli.ts
import fs from "node:fs";
import path from "node:path";
import { parse, stringify } from "yaml";

// gateway/identity/devTokens.ts
import { SignJWT } from "jose";
function mintDevToken(secret, principal, options = {}) {
  return new SignJWT(claimsOf(principal)).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setIssuer(options.issuer ?? DEV_ISSUER).setAudience(options.audience ?? DEV_AUDIENCE).setSubject(principal.subject).setIssuedAt().setExpirationTime(options.ttl ?? "8h").sign(new TextEncoder().encode(secret));
}

// gateway/cli.ts
var secretOf = (io) => io.env.JWT_SECRET || devSecret(io.env.DATA_DIR || path.join(io.cwd, ".data"));
var devIdentity = {
  mint: (io, principal, ttl) => mintDevToken(secretOf(io), principal, { ttl }),
  verify: (io, token) => userTokenVerifier({ secret: secretOf(io), issuer: io.env.JWT_ISSUER ?? DEV_ISSUER, audience: io.env.JWT_AUDIENCE ?? DEV_AUDIENCE })(token)
};
var list = (v) => (Array.isArray(v) ? v : v === void 0 ? [] : [v]).map(String);
function principalOptions(options) {
  const attributes = {};
  for (const pair of list(options.attr)) {
    const at = pair.indexOf("=");
    if (at < 1) throw new UsageError(`--attr takes key=value, got "${pair}"`);
    attributes[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return { subject: String(options.sub), roles: list(options.role), scopes: list(options.scope), attributes };
}
var identityOptions = {
  sub: { type: "string", value: "NAME", description: "Subject: who the principal is.", required: true },
  role: { type: "string", value: "ROLE", description: "A role (repeat for several).", multiple: true },
  scope: { type: "string", value: "SCOPE", description: "A scope, e.g. pii:read (repeat for several).", multiple: true },
  attr: { type: "string", value: "KEY=VALUE", description: "An attribute, e.g. region=EMEA (repeat for several).", multiple: true }
};
var commands = [
  {
    name: "token",
    summary: "Print a development JWT the gateway started by `npm start` accepts (HS256 with JWT_SECRET or the dev secret under DATA_DIR).",
    options: { ...identityOptions, ttl: { type: "string", value: "DURATION", description: "Lifetime, e.g. 1h (default 8h)." } },
    async run({ options, io }) {
      io.out(`${await mintDevToken(secretOf(io), principalOptions(options), { ttl: options.ttl })}
`);
      return EXIT.ok;
    }
  },
  {
    name: "apikey create",
    summary: "Create an API key for a BI tool: prints the key once, and the hashed entry for API_KEYS_FILE.",
    options: {
      ...identityOptions,
      file: { type: "string", value: "FILE", description: "Append the entry to this API keys file." },
      "key-env": { type: "string", value: "NAME", description: "Use the key in environment variable NAME instead of a new one (deployments that hand a service its key), replacing any entry of the same id in FILE." }
    },
    async run({ options, io }) {
      const keyEnv = typeof options["key-env"] === "string" ? options["key-env"] : void 0;
      const given = keyEnv ? io.env[keyEnv] : void 0;
      if (keyEnv && !given) throw new UsageError(`--key-env ${keyEnv}: the environment variable ${keyEnv} is empty or unset`);
      const key = given ?? newApiKey();
      const p = principalOptions(options);
      const entry = { id: p.subject, sha256: hashKey(key), subject: p.subject, roles: p.roles, scopes: p.scopes, attributes: p.attributes };
      if (typeof options.file === "string") {
        const file = path.resolve(io.cwd, options.file);
        const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "keys:\n";
        if (keyEnv) {
          const keys = (parse(existing)?.keys ?? []).filter((k) => k.id !== entry.id);
          fs.writeFileSync(file, stringify({ keys: [...keys, entry] }));
        } else fs.writeFileSync(file, `${existing.trimEnd()}
${stringify([entry]).replace(/^/gm, "  ").trimEnd()}
`);
      }
      if (given) io.out(options.json ? `${JSON.stringify({ entry })}
` : stringify({ keys: [entry] }));
      else io.out(options.json ? `${JSON.stringify({ key, entry })}
` : `key: ${key}
(shown once; only its hash is stored)

${stringify({ keys: [entry] })}`);
      return EXIT.ok;
    }
  }
];

// policies/cli.ts
import fs3 from "node:fs";
import path3 from "node:path";
import { decodeJwt } from "jose";
import { parse as parse2 } from "graphql";

// policies/engine/interfaceObjects.ts
function interfaceObjectWarnings(policy, facts) {
  const set = ruleSet(policy);
  const warnings = /* @__PURE__ */ new Map();
  const warn = (l, sub, field, message) => {
    const key = `${l.rule.id}|${field}`;
    if (!warnings.has(key)) warnings.set(key, { ...where(l, ...sub), message });
  };
  for (const a of facts.abstractTypes.values()) {
    for (const f of a.fields.values()) {
      const servedBlind = f.subgraphs.filter((s) => a.interfaceObjectIn.includes(s));
      const impls = a.possibleTypes.map((t) => facts.field(`${t}.${f.field}`)).filter((x) => Boolean(x));
      if (!servedBlind.length || impls.length < 2 || facts.keys.has(f.coordinate)) continue;
      const consequence = `subgraph ${servedBlind.join(", ")} resolves ${f.coordinate} as an @interfaceObject without knowing the concrete type and enforces the most restrictive decision among ${impls.map((i) => i.type).join(", ")}`;
      const split = (what, some) => `${what} ${some.map((i) => i.coordinate).join(", ")} but not ${impls.filter((i) => !some.includes(i)).map((i) => i.coordinate).join(", ")}; ${consequence}`;
      for (const l of [...set.grants, ...set.forbids]) {
        const some = impls.filter((i) => l.rule.read.some((t) => covers(t, i)));
        const kind = set.forbids.includes(l) ? "forbid" : "grant";
        if (some.length && some.length < impls.length) {
          const at = l.rule.read.findIndex((t) => some.some((i) => covers(t, i)));
          warn(l, ["read", at], f.coordinate, split(`${kind} "${l.rule.id}" covers`, some));
        }
      }
      for (const l of set.grants) {
        const masks = l.rule.masks ?? {};
        const some = impls.filter((i) => Object.hasOwn(masks, i.coordinate));
        if (some.length && some.length < impls.length) warn(l, ["masks", some[0].coordinate], f.coordinate, split(`grant "${l.rule.id}" masks`, some));
      }
      for (const [tag, l] of set.tagRules) {
        const some = impls.filter((i) => i.tags.includes(tag));
        if (some.length && some.length < impls.length) warn(l, [], f.coordinate, split(`@tag(name: "${tag}") classifies`, some));
      }
    }
  }
  return [...warnings.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

// policies/status.ts
async function serviceStatus(service) {
  const base = { ...service, ready: null, version: null, supergraph: null, problems: [] };
  try {
    const res = await fetch(`${service.url}/ready`, { signal: AbortSignal.timeout(5e3) });
    const body = await res.json();
    if (!body.policy) return { ...base, error: `its /ready (${res.status}) says nothing about a policy` };
    const schema = body.policy.schema;
    return {
      ...base,
      ready: body.ready ?? null,
      version: body.policy.version,
      supergraph: schema?.kind === "supergraph" ? schema.hash : null,
      problems: body.policy.rejected?.problems ?? []
    };
  } catch (err) {
    return { ...base, error: `unreachable at ${service.url} (${err.message})` };
  }
}
function judgeStatuses(services) {
  const findings = [];
  for (const s of services) {
    if (s.error) findings.push(`${s.name}: ${s.error}`);
    else if (!s.version) findings.push(`${s.name}: no valid policy`);
    if (!s.error && !s.supergraph) findings.push(`${s.name}: its policy is not checked against a supergraph`);
    for (const p of s.problems) findings.push(`${s.name} refuses the newest policy: ${p.file}:${p.line}: ${p.message}`);
  }
  const reachable = services.filter((s) => !s.error);
  const versions = new Set(reachable.map((s) => s.version));
  if (versions.size > 1) findings.push(`services disagree on the policy version: ${reachable.map((s) => `${s.name} ${s.version ?? "none"}`).join(", ")}`);
  const supergraphs = new Set(reachable.filter((s) => s.supergraph).map((s) => s.supergraph));
  if (supergraphs.size > 1) findings.push(`services check the policy against different supergraphs: ${reachable.map((s) => `${s.name} ${s.supergraph?.slice(0, 12) ?? "none"}`).join(", ")}`);
  return { ok: findings.length === 0, findings };
}
function renderStatuses(services) {
  const rows = services.map((s) => [s.name, s.version ?? "\u2014", s.supergraph?.slice(0, 12) ?? "\u2014", s.ready === null ? "\u2014" : s.ready ? "yes" : "no", s.error ? "unreachable" : String(s.problems.length)]);
  const head = ["SERVICE", "POLICY", "SUPERGRAPH", "READY", "PROBLEMS"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

// policies/testing/cases.ts
import fs2 from "node:fs";
import path2 from "node:path";
import { parse as parseGraphQL } from "graphql";
import { LineCounter, parseDocument } from "yaml";
function loadCases(dir) {
  if (!fs2.existsSync(dir)) return [];
  return fs2.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().flatMap((f) => {
    const file = path2.relative(process.cwd(), path2.join(dir, f));
    const lines = new LineCounter();
    const doc = parseDocument(fs2.readFileSync(path2.join(dir, f), "utf8"), { lineCounter: lines });
    if (doc.errors.length) throw new Error(`${file}:${doc.errors[0].linePos?.[0].line ?? 1}: ${doc.errors[0].message.split("\n")[0]}`);
    const cases = doc.toJS()?.cases ?? [];
    return cases.map((c, i) => {
      const node = doc.getIn(["cases", i], true);
      const p = c.principal ?? {};
      return {
        ...c,
        file,
        line: node?.range ? lines.linePos(node.range[0]).line : 1,
        principal: { subject: p.subject ?? `test:${c.name}`, roles: p.roles ?? [], scopes: p.scopes ?? [], attributes: p.attributes ?? {} },
        expect: c.expect ?? {}
      };
    });
  });
}
var describeExpectation = (e) => typeof e === "string" ? e : "mask" in e ? `mask (${e.mask})` : `deny by ${e.deny}`;
function checkDecisions(c, policy, apiSchema) {
  const explanation = explainOperation(policy, apiSchema, parseGraphQL(c.query), c.principal);
  const argumentFailures = Object.entries(c.expect.arguments ?? {}).flatMap(([read2, want]) => {
    const got = explanation.arguments.filter((a) => `${a.coordinate}(${a.argument})` === read2);
    if (!got.length) return [`${read2} is not given in the query (or reads no field)`];
    const ok = want === "allow" ? got.every((a) => a.decision === "allow") : got.every((a) => a.decision !== "allow" && a.rule === want.deny);
    return ok ? [] : [`${read2}: expected ${want === "allow" ? "allow" : `refused by ${want.deny}`}, got ${got.map((a) => `${a.decision} by ${a.rule}`).join(", ")}`];
  });
  return [...argumentFailures, ...Object.entries(c.expect.fields ?? {}).flatMap(([coordinate, want]) => {
    const got = explanation.fields.find((f) => f.coordinate === coordinate);
    if (!got) return [`${coordinate} is not selected by the query (or sits under a denied field)`];
    const ok = want === "allow" ? got.decision === "allow" : want === "deny" ? got.decision === "deny" : "deny" in want ? got.decision === "deny" && got.rule === want.deny : got.decision === "mask" && got.mask === want.mask;
    return ok ? [] : [`${coordinate}: expected ${describeExpectation(want)}, got ${got.decision === "mask" ? `mask (${got.mask})` : got.decision} by ${got.rule}`];
  })];
}
var MASKED = {
  partial: (v) => typeof v === "string" && v.includes("***"),
  hash: (v) => typeof v === "string" && v.startsWith("h:"),
  redact: (v) => v === "[REDACTED]",
  "year-only": (v) => typeof v === "string" && v.slice(4, 10) === "-01-01",
  null: (v) => v === null
};
function rowValueMatches(value, want) {
  if (want && typeof want === "object" && "mask" in want) return MASKED[want.mask]?.(value) ?? false;
  return value === want;
}
function valuesAt(data, dotted) {
  let current = [data];
  for (const key of dotted.split(".")) {
    current = current.flatMap((v) => v && typeof v === "object" ? [v[key]] : []).flatMap((v) => Array.isArray(v) ? v : [v]);
  }
  return current;
}
function checkResponse(c, policy, apiSchema, body) {
  const explanation = explainOperation(policy, apiSchema, parseGraphQL(c.query), c.principal);
  const forbidden = (coordinate) => (body.errors ?? []).find((e) => e.extensions?.code === "FORBIDDEN" && e.extensions.coordinate === coordinate);
  const failures = [];
  for (const [coordinate, want] of Object.entries(c.expect.fields ?? {})) {
    const field = explanation.fields.find((f) => f.coordinate === coordinate);
    if (want === "deny" || typeof want === "object" && "deny" in want) {
      if (!forbidden(coordinate)) failures.push(`${coordinate}: expected a FORBIDDEN error in the response`);
      continue;
    }
    if (forbidden(coordinate)) failures.push(`${coordinate}: denied in the response, expected ${describeExpectation(want)}`);
    if (field && typeof want === "object" && "mask" in want) {
      const values = valuesAt(body.data, field.path).filter((v) => v !== void 0);
      if (!values.length) failures.push(`${coordinate}: no values in the response to check the mask on`);
      else if (!values.every((v) => v === null || MASKED[want.mask](v))) failures.push(`${coordinate}: values are not masked with ${want.mask}: ${JSON.stringify(values.slice(0, 3))}`);
    }
  }
  for (const [read2, want] of Object.entries(c.expect.arguments ?? {})) {
    const refused = (body.errors ?? []).some((e) => e.extensions?.code === "FORBIDDEN" && `${e.extensions.coordinate}(${e.extensions.argument})` === read2);
    if (want === "allow" && refused) failures.push(`${read2}: refused in the response, expected allowed`);
    if (want !== "allow" && !refused) failures.push(`${read2}: expected a FORBIDDEN error naming the argument in the response`);
  }
  for (const [dotted, want] of Object.entries(c.expect.rows ?? {})) {
    const items = valuesAt(body.data, dotted).filter((v) => v !== null && v !== void 0);
    if (typeof want === "number") {
      if (items.length !== want) failures.push(`${dotted}: expected ${want} rows, got ${items.length}`);
    } else if (!items.length) failures.push(`${dotted}: expected rows matching ${JSON.stringify(want)}, got none`);
    else {
      const off = items.find((item) => Object.entries(want).some(([k, v]) => !rowValueMatches(item[k], v)));
      if (off) failures.push(`${dotted}: a row does not match ${JSON.stringify(want)}: ${JSON.stringify(off)}`);
    }
  }
  return failures;
}

// policies/cli.ts
var TESTS_DIR = path3.join(__dpgDir(__dpgSource("policies/cli.ts")), "tests");
var registryUrl = (io) => (io.env.DPG_REGISTRY_URL ?? "http://127.0.0.1:4100").replace(/\/+$/, "");
async function supergraph(input) {
  const { options, io } = input;
  if (typeof options.supergraph === "string") return fs3.readFileSync(path3.resolve(io.cwd, options.supergraph), "utf8");
  if (options.local) {
    const root = path3.join(__dpgDir(__dpgSource("policies/cli.ts")), "..", "subgraphs");
    const services = fs3.readdirSync(root).filter((d) => fs3.existsSync(path3.join(root, d, "schema.graphql"))).map((d) => ({ name: d, url: `http://${d}/graphql`, typeDefs: parse2(fs3.readFileSync(path3.join(root, d, "schema.graphql"), "utf8")) }));
    const { composeServices } = await import("@apollo/composition");
    const result = composeServices(services);
    if (result.errors) throw new CommandFailed(`the repository's subgraphs do not compose:
${result.errors.map((e) => e.message).join("\n")}`);
    return result.supergraphSdl;
  }
  const url = registryUrl(io);
  const res = await fetch(`${url}/supergraph`).catch((err) => {
    throw new CommandFailed(`cannot reach the registry at ${url} (${err.message}); pass --supergraph FILE or --local`);
  });
  if (!res.ok) throw new CommandFailed(`the registry at ${url} has no supergraph (${res.status}); pass --supergraph FILE or --local`);
  return res.text();
}
async function loadChecked(input) {
  const dir = path3.resolve(input.io.cwd, String(input.options.dir ?? RULES_DIR));
  const { policy, problems } = parsePolicy(readPolicyDir(dir));
  const sdl = await supergraph(input);
  const facts = factsFromSupergraph(sdl);
  const all = policy ? validatePolicy(policy, facts) : problems;
  return { policy, problems: all, sdl, facts };
}
async function loadValid(input) {
  const { policy, problems, sdl, facts } = await loadChecked(input);
  if (!policy || problems.length) throw new CommandFailed(`the policy does not load:
${formatProblems(problems)}`);
  const { apiSchemaOf } = await import("./apiSchema-GKRMS2KR.mjs");
  return { compiled: compilePolicy(policy, facts), schema: apiSchemaOf(sdl) };
}
var schemaOptions = {
  dir: { type: "string", value: "DIR", description: "Policy folder (default policies/rules)." },
  supergraph: { type: "string", value: "FILE", description: "Check against this supergraph file instead of the registry's." },
  local: { type: "boolean", description: "Check against the repository's own subgraphs, composed here." }
};
var policyCommands = (identity) => [
  {
    name: "policy check",
    summary: "Validate the policy files against their schema and the supergraph; file:line messages, exit 1 on any problem (warnings do not fail).",
    options: schemaOptions,
    async run(input) {
      const { policy, problems, facts } = await loadChecked(input);
      const warnings = policy && !problems.length ? interfaceObjectWarnings(policy, facts) : [];
      if (input.options.json) input.io.out(`${JSON.stringify({ ok: problems.length === 0, version: policy?.version ?? null, problems, warnings })}
`);
      else if (problems.length) input.io.err(`${formatProblems(problems)}

${problems.length} problem(s)
`);
      else {
        if (warnings.length) input.io.err(`${formatProblems(warnings.map((w) => ({ ...w, message: `warning: ${w.message}` })))}

`);
        input.io.out(`policy ${policy.version} is valid: ${policy.documents.length} files${warnings.length ? `, ${warnings.length} warning(s)` : ""}
`);
      }
      return problems.length ? EXIT.failed : EXIT.ok;
    }
  },
  {
    name: "policy test",
    summary: "Run policies/tests/*.yaml: decisions against the supergraph, and with --gateway the live responses too.",
    options: {
      ...schemaOptions,
      tests: { type: "string", value: "DIR", description: "Test case folder (default policies/tests)." },
      gateway: { type: "string", value: "URL", description: "Also run each case against this gateway (tokens signed with JWT_SECRET or the dev secret)." }
    },
    async run(input) {
      const { compiled, schema } = await loadValid(input);
      const cases = loadCases(path3.resolve(input.io.cwd, String(input.options.tests ?? TESTS_DIR)));
      let failed = 0;
      for (const c of cases) {
        const failures = checkDecisions(c, compiled, schema);
        if (typeof input.options.gateway === "string") {
          const token = await identity.mint(input.io, c.principal, "5m");
          const res = await fetch(`${String(input.options.gateway).replace(/\/+$/, "")}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: c.query })
          });
          failures.push(...checkResponse(c, compiled, schema, await res.json()));
        }
        if (failures.length) failed++;
        input.io.out(`${failures.length ? "\u2717" : "\u2713"} ${c.name} (${c.file}:${c.line})
${failures.map((f) => `    ${f}
`).join("")}`);
      }
      input.io.out(`
${cases.length - failed} passed, ${failed} failed
`);
      return failed ? EXIT.failed : EXIT.ok;
    }
  },
  {
    name: "policy explain",
    summary: "Print every field's decision and the rule that made it, and the rows each type shows, for a token and a query.",
    options: {
      ...schemaOptions,
      token: { type: "string", value: "JWT", description: "The caller's token.", required: true },
      query: { type: "string", value: "GRAPHQL", description: "The operation (or @file).", required: true },
      "operation-name": { type: "string", value: "NAME", description: "Which operation of the document." }
    },
    async run(input) {
      const { options, io } = input;
      const token = String(options.token);
      let principal;
      let note = "";
      try {
        principal = await identity.verify(io, token);
      } catch (err) {
        try {
          principal = principalFromClaims(decodeJwt(token));
        } catch {
          throw new UsageError("--token is not a JWT");
        }
        note = `(token not verified here: ${err.message})
`;
      }
      const { compiled, schema } = await loadValid(input);
      const text2 = String(options.query).startsWith("@") ? fs3.readFileSync(path3.resolve(io.cwd, String(options.query).slice(1)), "utf8") : String(options.query);
      let document;
      try {
        document = parse2(text2);
      } catch (err) {
        throw new UsageError(`--query does not parse: ${err.message}`);
      }
      const explanation = explainOperation(compiled, schema, document, principal, options["operation-name"]);
      io.out(options.json ? `${JSON.stringify(explanation, null, 2)}
` : `${note}${formatExplanation(explanation)}
`);
      return EXIT.ok;
    }
  },
  {
    name: "policy publish",
    summary: "Publish the policy folder to the registry as a new versioned bundle (refused, and nothing changes, when it does not validate).",
    options: { dir: schemaOptions.dir },
    async run({ options, io }) {
      const dir = path3.resolve(io.cwd, String(options.dir ?? RULES_DIR));
      const files = readPolicyDir(dir).map((s) => ({ file: path3.relative(dir, path3.resolve(io.cwd, s.file)), text: s.text }));
      const res = await fetch(`${registryUrl(io)}/policies`, {
        method: "POST",
        headers: { "content-type": "application/json", ...io.env.DPG_TOKEN ? { authorization: `Bearer ${io.env.DPG_TOKEN}` } : {} },
        body: JSON.stringify({ files })
      });
      const body = await res.json().catch(() => ({}));
      if (options.json) io.out(`${JSON.stringify({ status: res.status, ...body })}
`);
      if (!res.ok) {
        if (!options.json) io.err(`${body.problems ? formatProblems(body.problems) : body.errors?.[0]?.message ?? `registry answered ${res.status}`}
`);
        return EXIT.failed;
      }
      if (!options.json) io.out(`published policy ${body.version}
`);
      return EXIT.ok;
    }
  },
  {
    name: "policy status",
    summary: "The policy version and problems of every service: the gateway and each subgraph of the supergraph. Exit 1 when they disagree, any has problems, or any cannot be reached.",
    options: {
      gateway: { type: "string", value: "URL", description: "The gateway (default http://127.0.0.1:4000)." },
      supergraph: schemaOptions.supergraph
    },
    async run(input) {
      const { options, io } = input;
      const gateway = String(options.gateway ?? "http://127.0.0.1:4000").replace(/\/+$/, "");
      const { Supergraph } = await import("@apollo/federation-internals");
      const subgraphs = Supergraph.build(await supergraph(input)).subgraphs().values();
      const services = await Promise.all([{ name: "gateway", url: gateway }, ...subgraphs.map((s) => ({ name: s.name, url: s.url.replace(/\/graphql\/?$/, "") }))].map(serviceStatus));
      const verdict = judgeStatuses(services);
      if (options.json) io.out(`${JSON.stringify({ ok: verdict.ok, findings: verdict.findings, services }, null, 2)}
`);
      else io.out(`${renderStatuses(services)}

${verdict.ok ? `\u2714 every service enforces policy ${services[0].version}, checked against supergraph ${services[0].supergraph?.slice(0, 12)}` : verdict.findings.map((f) => `\u2716 ${f}`).join("\n")}
`);
      return verdict.ok ? EXIT.ok : EXIT.failed;
    }
  }
];

// schema-registry/cli.ts
import fs5 from "node:fs";
import path5 from "node:path";

// schema-registry/cli/client.ts
var DEFAULT_REGISTRY_URL = "http://127.0.0.1:4100";
function registryClient(io) {
  const raw = io.env.DPG_REGISTRY_URL || DEFAULT_REGISTRY_URL;
  let base;
  try {
    base = new URL(raw).toString().replace(/\/+$/, "");
  } catch {
    throw new UsageError(`DPG_REGISTRY_URL="${raw}" is not a URL`);
  }
  const token = io.env.DPG_TOKEN;
  async function send(method, path6, body) {
    let res;
    try {
      res = await fetch(`${base}${path6}`, {
        method,
        headers: { ...body === void 0 ? {} : { "content-type": "application/json" }, ...token ? { authorization: `Bearer ${token}` } : {} },
        body: body === void 0 ? void 0 : JSON.stringify(body),
        signal: AbortSignal.timeout(12e4)
      });
    } catch (err) {
      throw new CommandFailed(`cannot reach the registry at ${base}: ${err.cause ? err.cause.message : err.message} (set DPG_REGISTRY_URL)`);
    }
    const text2 = await res.text();
    const isJson = (res.headers.get("content-type") ?? "").includes("json");
    return { status: res.status, ok: res.ok, headers: res.headers, body: isJson && text2 ? JSON.parse(text2) : text2 };
  }
  return { base, hasToken: Boolean(token), get: (path6) => send("GET", path6), post: (path6, body) => send("POST", path6, body) };
}
function refusal(reply) {
  const b = reply.body;
  if (typeof b === "string") return `registry answered ${reply.status}${b ? `: ${b}` : ""}`;
  const errors = Array.isArray(b?.errors) ? b.errors : [];
  if (errors.length === 1) {
    const problems = errors[0].extensions?.problems;
    return [errors[0].message ?? `registry answered ${reply.status}`, ...(Array.isArray(problems) ? problems : []).map((d) => `  - ${d}`)].join("\n");
  }
  return [`registry answered ${reply.status}`, ...errors.map((e) => `  - ${e.message}`)].join("\n");
}

// schema-registry/cli/files.ts
import fs4 from "node:fs";
import path4 from "node:path";
import { parse as parseYaml } from "yaml";
function read(file, what) {
  try {
    return fs4.readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
  }
}
function readSchemaFiles(cwd, schemaFile, descriptorOption) {
  const schemaPath = path4.resolve(cwd, schemaFile);
  const sdl = read(schemaPath, "schema file");
  const beside = path4.join(path4.dirname(schemaPath), "data-product.yaml");
  const descriptorFile = descriptorOption ? path4.resolve(cwd, descriptorOption) : fs4.existsSync(beside) ? beside : null;
  if (!descriptorFile) return { sdl, dataProduct: null, descriptorFile: null };
  try {
    return { sdl, dataProduct: parseYaml(read(descriptorFile, "data-product file")), descriptorFile };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${descriptorFile} is not valid YAML: ${err.message}`);
  }
}

// schema-registry/cli/render.ts
var MARK = { error: "\u2716 error  ", warning: "\u25B2 warning", info: "\xB7 info   " };
var INFO_LINES_PER_CHECK = 8;
var indent = (text2, by) => text2.split("\n").map((l) => by + l).join("\n");
function details(f) {
  const where2 = [f.subgraph && f.check !== "governance-lint" && f.check !== "breaking-changes" ? `subgraph ${f.subgraph}` : "", f.location ? `line ${f.location.line}, column ${f.location.column}` : ""].filter(Boolean).join(", ");
  return [
    ...where2 ? [`at ${where2}`] : [],
    ...(f.clients ?? []).map((c) => `client ${c.client}: ${c.requests} request${c.requests === 1 ? "" : "s"}, last ${c.lastSeen}${c.operations.length ? ` \u2014 ${c.operations.map((o) => `${o.name ?? o.hash.slice(0, 12)} (${o.requests})`).join(", ")}` : ""}`),
    ...f.policy ? [`policy ${f.policy.file}:${f.policy.line}, rule ${f.policy.rule}`] : [],
    ...f.fix ? [`fix: ${f.fix}`] : []
  ];
}
function renderFinding(f) {
  const head = `${MARK[f.severity]}  ${f.code}${f.coordinate ? `  ${f.coordinate}` : ""}`;
  const body = [f.message, ...f.severity === "info" ? [] : details(f)];
  return `${head}
${indent(body.join("\n"), "             ")}`;
}
function renderFindings(findings) {
  const checks = [...new Set(findings.map((f) => f.check))];
  return checks.map((check) => {
    const mine = findings.filter((f) => f.check === check);
    const serious = mine.filter((f) => f.severity !== "info");
    const infos = mine.filter((f) => f.severity === "info");
    const shown = infos.slice(0, INFO_LINES_PER_CHECK).map((f) => `${MARK.info}  ${f.code}${f.coordinate ? `  ${f.coordinate}` : ""}  ${f.message}`);
    const more = infos.length > INFO_LINES_PER_CHECK ? [`           \u2026 and ${infos.length - INFO_LINES_PER_CHECK} more (--json shows all)`] : [];
    return `${check}
${indent([...serious.map(renderFinding), ...shown, ...more].join("\n"), "  ")}`;
  }).join("\n\n");
}
function summaryLine(findings) {
  const n = (s) => findings.filter((f) => f.severity === s).length;
  const plural = (k, w) => `${k} ${w}${k === 1 ? "" : "s"}`;
  return `${plural(n("error"), "error")}, ${plural(n("warning"), "warning")}`;
}
function table(columns, rows) {
  const keys = Object.keys(columns);
  const cells = rows.map((r) => keys.map((k) => r[k] == null ? "\u2014" : String(r[k])));
  const widths = keys.map((k, i) => Math.max(columns[k].length, ...cells.map((c) => c[i].length)));
  const line = (values) => values.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
  return [line(keys.map((k) => columns[k])), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

// schema-registry/cli.ts
var UNPUBLISHED_URL = "http://unpublished.invalid/graphql";
var schemaOptions2 = {
  name: { type: "string", value: "NAME", description: "Subgraph name, e.g. sales.", required: true },
  schema: { type: "string", value: "FILE", description: "The subgraph schema (schema.graphql).", required: true },
  "data-product": { type: "string", value: "FILE", description: "The data-product descriptor. Default: data-product.yaml beside the schema, if there is one." }
};
var text = (v) => typeof v === "string" ? v : void 0;
function print(io, json, data, readable) {
  io.out(json ? `${JSON.stringify(data, null, 2)}
` : `${readable()}
`);
}
function proposal({ options, io }, url) {
  const files = readSchemaFiles(io.cwd, text(options.schema), text(options["data-product"]));
  if (files.descriptorFile && !options.json && !options["data-product"]) io.err(`using ${path5.relative(io.cwd, files.descriptorFile) || files.descriptorFile}
`);
  return { sdl: files.sdl, url, dataProduct: files.dataProduct, ...text(options.version) ? { label: text(options.version) } : {} };
}
async function currentUrl(registry, name) {
  const reply = await registry.get(`/subgraphs/${encodeURIComponent(name)}`);
  return reply.ok ? reply.body.url : UNPUBLISHED_URL;
}
var subgraphPath = (name, rest = "") => `/subgraphs/${encodeURIComponent(name)}${rest}`;
var commands2 = [
  {
    name: "subgraph check",
    summary: "Run every registry check (ownership, composition, breaking changes against real usage, governance lint, policy impact) on a schema; changes nothing. Exits 1 when the change must not ship.",
    options: { ...schemaOptions2, url: { type: "string", value: "URL", description: "The URL the gateway will reach the subgraph at. Default: the live one." } },
    async run(input) {
      const { options, io } = input;
      const registry = registryClient(io);
      const name = text(options.name);
      const body = proposal(input, text(options.url) ?? await currentUrl(registry, name));
      const reply = await registry.post(subgraphPath(name, "/check"), body);
      if (reply.status !== 200) {
        if (options.json) print(io, true, { status: reply.status, ...reply.body }, () => "");
        else io.err(`dpg subgraph check: ${name} cannot be checked
${reply.body.findings ? renderFindings(reply.body.findings) : refusal(reply)}
`);
        return EXIT.failed;
      }
      const findings = reply.body.findings;
      print(io, Boolean(options.json), reply.body, () => `${renderFindings(findings)}

${reply.body.ok ? "\u2714 passed" : "\u2716 failed"}: ${name} \u2014 ${summaryLine(findings)}${reply.body.ok ? "" : "; this change must not ship"}`);
      return reply.body.ok ? EXIT.ok : EXIT.failed;
    }
  },
  {
    name: "subgraph publish",
    summary: "Run the same checks, then store the version and compose the new supergraph. Nothing changes when a check fails.",
    options: {
      ...schemaOptions2,
      url: { type: "string", value: "URL", description: "The URL the gateway reaches the subgraph at.", required: true },
      version: { type: "string", value: "LABEL", description: "Your name for this version (a git SHA, a release); usable with rollback --to." }
    },
    async run(input) {
      const { options, io } = input;
      const registry = registryClient(io);
      const name = text(options.name);
      const reply = await registry.post(subgraphPath(name), proposal(input, text(options.url)));
      const b = reply.body;
      if (options.json) print(io, true, { status: reply.status, ...typeof b === "object" ? b : { error: b } }, () => "");
      const report = b.findings?.length ? `${renderFindings(b.findings)}

` : "";
      if (reply.status === 201) {
        if (!options.json) io.out(`${report}\u2714 published ${name} v${b.version}${b.findings ? ` \u2014 ${summaryLine(b.findings)}` : ""}; supergraph ${b.supergraph.id}
`);
        return EXIT.ok;
      }
      if (reply.status === 200) {
        if (!options.json) io.out(`\u2714 unchanged: ${name} v${b.version} is already live with this schema, URL and descriptor
`);
        return EXIT.ok;
      }
      if (!options.json) io.err(`${report}\u2716 refused (${reply.status}): ${b.findings ? summaryLine(b.findings) : refusal(reply)}; nothing was stored
`);
      return EXIT.failed;
    }
  },
  {
    name: "subgraph list",
    summary: "The live version of every subgraph, with its owner.",
    async run({ options, io }) {
      const reply = await registryClient(io).get("/subgraphs");
      if (!reply.ok) throw new Error(refusal(reply));
      print(io, Boolean(options.json), reply.body, () => table({ subgraph: "SUBGRAPH", version: "VERSION", label: "LABEL", team: "TEAM", url: "URL", publishedAt: "PUBLISHED" }, reply.body));
      return EXIT.ok;
    }
  },
  {
    name: "subgraph history",
    summary: "Every version of a subgraph, oldest first; * marks the live one.",
    args: ["NAME"],
    async run({ args, options, io }) {
      const reply = await registryClient(io).get(subgraphPath(args[0], "/versions"));
      if (!reply.ok) throw new Error(refusal(reply));
      print(
        io,
        Boolean(options.json),
        reply.body,
        () => table({ live: "", version: "VERSION", label: "LABEL", publishedAt: "PUBLISHED", publishedBy: "BY", url: "URL" }, reply.body.map((v) => ({ ...v, live: v.current ? "*" : "" })))
      );
      return EXIT.ok;
    }
  },
  {
    name: "subgraph rollback",
    summary: "Make an earlier version live again (a new supergraph; history is kept). Refused when it no longer composes.",
    args: ["NAME"],
    options: { to: { type: "string", value: "VERSION", description: "Version number, or the label given at publish.", required: true } },
    async run({ args, options, io }) {
      const to = text(options.to);
      const body = /^\d+$/.test(to) ? { version: Number(to) } : { label: to };
      const reply = await registryClient(io).post(subgraphPath(args[0], "/rollback"), body);
      const b = reply.body;
      if (options.json) print(io, true, { status: reply.status, ...typeof b === "object" ? b : { error: b } }, () => "");
      if (!reply.ok) {
        if (!options.json) io.err(`\u2716 rollback refused (${reply.status}): ${b.errors?.[0]?.check ? `
${renderFindings(b.errors)}` : refusal(reply)}
`);
        return EXIT.failed;
      }
      if (!options.json) io.out(b.status === "unchanged" ? `\u2714 ${args[0]} v${b.version} is already live
` : `\u2714 rolled back ${args[0]} from v${b.previousVersion} to v${b.version}; supergraph ${b.supergraph.id}
`);
      return EXIT.ok;
    }
  },
  {
    name: "supergraph fetch",
    summary: "The live supergraph SDL, to stdout or a file.",
    options: { out: { type: "string", value: "FILE", description: "Write it to this file instead of stdout." } },
    async run({ options, io }) {
      const reply = await registryClient(io).get("/supergraph");
      if (!reply.ok) throw new Error(refusal(reply));
      const meta = { id: Number(reply.headers.get("x-supergraph-id")), etag: reply.headers.get("etag") };
      const out = text(options.out);
      if (!out) {
        io.out(options.json ? `${JSON.stringify({ ...meta, sdl: reply.body })}
` : reply.body);
        return EXIT.ok;
      }
      const file = path5.resolve(io.cwd, out);
      try {
        fs5.writeFileSync(file, reply.body);
      } catch (err) {
        throw new UsageError(`cannot write ${file}: ${err.message}`);
      }
      print(io, Boolean(options.json), { ...meta, file }, () => `wrote supergraph ${meta.id} to ${file}`);
      return EXIT.ok;
    }
  },
  {
    name: "catalog",
    summary: "The data products of the mesh: owner, classification, freshness, version, what each is built from, and (with a registry token) the clients that use them.",
    async run({ options, io }) {
      const registry = registryClient(io);
      const reply = await registry.get("/catalog");
      if (!reply.ok) throw new Error(refusal(reply));
      if (!registry.hasToken && !options.json) io.err("clients are listed only for a registry token (DPG_TOKEN)\n");
      const rows = reply.body.map((p) => ({
        ...p,
        freshness: p.sla?.freshness,
        fieldCount: p.fields.length,
        builtFromList: p.builtFrom.join(", "),
        clientList: p.clients.map((c) => c.client).join(", "),
        published: `v${p.version} ${String(p.lastPublishedAt).slice(0, 10)}`
      }));
      print(
        io,
        Boolean(options.json),
        reply.body,
        () => table(
          { id: "PRODUCT", name: "NAME", team: "OWNER", classification: "CLASSIFICATION", freshness: "FRESHNESS", status: "STATUS", fieldCount: "FIELDS", published: "PUBLISHED", builtFromList: "BUILT FROM", clientList: "CLIENTS" },
          rows
        )
      );
      return EXIT.ok;
    }
  },
  {
    name: "registry token create",
    summary: "Create a registry token (admin or governance token in DPG_TOKEN). It is shown once; the registry keeps only its hash.",
    options: {
      team: { type: "string", value: "TEAM", description: "The team the token acts for, e.g. sales-ops.", required: true },
      role: { type: "string", value: "ROLE", description: "team (publishes its own subgraphs; default), governance, admin, or gateway (reports usage only)." },
      label: { type: "string", value: "TEXT", description: "Who or what uses it, shown in history as the publisher." }
    },
    async run({ options, io }) {
      const reply = await registryClient(io).post("/tokens", { team: text(options.team), role: text(options.role) ?? "team", ...text(options.label) ? { label: text(options.label) } : {} });
      if (!reply.ok) {
        if (options.json) print(io, true, { status: reply.status, ...reply.body }, () => "");
        else io.err(`\u2716 ${refusal(reply)}
`);
        return EXIT.failed;
      }
      print(io, Boolean(options.json), reply.body, () => `${reply.body.token}

created ${reply.body.role} token ${reply.body.id} for team ${reply.body.team}; store it now \u2014 the registry keeps only its hash`);
      return EXIT.ok;
    }
  }
];

// bin/dpg.ts
var commands3 = [...commands2, ...commands, ...policyCommands(devIdentity)];
process.exitCode = await runCli(commands3, process.argv.slice(2), {
  out: (text2) => process.stdout.write(text2),
  err: (text2) => process.stderr.write(text2),
  env: process.env,
  cwd: process.cwd()
});
