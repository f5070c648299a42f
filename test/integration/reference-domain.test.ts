/**
 * The reference domain (test/fixtures/reference-domain/): a products / users /
 * inventory trio modelled on Apollo's federation compatibility suite, built
 * on the kit alone, served through our gateway with policies on. Every
 * Federation 2 entity shape it uses is queried through our gateway and
 * through plain `@apollo/gateway` — which composes the same three subgraphs
 * itself from their `_service { sdl }` — and the answers must be equal. Then:
 * what each feature costs in SQL statements, and that a field the policy
 * denies is denied through ours.
 */
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../platform/log.ts';
import { loadSigner } from '../../platform/tokens.ts';
import { callClaims } from '../../policies/callClaims.ts';
import type { Principal } from '../../policies/principal.ts';
import { referenceDomains } from '../fixtures/reference-domain/index.ts';
import request from 'supertest';
import { startMesh } from '../../bin/mesh.ts';
import { readSubgraphConfig } from '../../subgraphs/kit/config.ts';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/server.ts';
import { normalise, type Answer } from '../support/federation.ts';
import { bearer, describeMesh, TEST_ENV, testEnvironment } from '../support/mesh.ts';
import { until } from '../support/until.ts';

const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'reference-domain');

/** One operation per feature; each must give both gateways the same answer. */
const FEATURES: Record<string, string> = {
  'single @key, @tag, @shareable value types, a nested key field': `{
    product(id: "prod-002") { id sku package name notes variation { id } dimensions { size weight } createdBy { id } }
    missing: product(id: "prod-999") { id }
  }`,
  'composite @key as a root lookup': `{ productBySku(sku: "federation", package: "crate") { id name variation { id } } }`,
  'nested and composite @keys, from another domain': `{ users { id favouriteProduct { id sku package name variation { id } } retiredProduct { id sku package name reason } } }`,
  '@requires / @external': `{ users { id yearsOfEmployment averageProductsCreatedPerYear } user(id: "user-002") { totalProductsCreated averageProductsCreatedPerYear } }`,
  '@provides, and the provided entity\'s other fields': `{ users { id favouriteProduct { id } } first: users(first: 3) { favouriteProduct { id name inStock createdBy { name department } } } }`,
  '@override with a progressive label': `{ users { id catalogueRole } products(first: 4) { createdBy { catalogueRole totalProductsCreated } } }`,
  'entity interface, resolved to its implementations': `{
    stockedItems { __typename id inStock warehouse shippingBox { size weight } ... on Product { sku name createdBy { id } } ... on DeprecatedProduct { name reason } }
  }`,
  '@interfaceObject fields on every implementation': `{ products { id inStock warehouse shippingBox { weight } } deprecatedProducts { id name inStock } }`,
  '@inaccessible field refused alike': `{ product(id: "prod-001") { dimensions { unit } } }`,
  'everything at once, with fragments and aliases': `query All($id: ID!) {
    p: product(id: $id) { ...Item createdBy { name averageProductsCreatedPerYear catalogueRole } }
    stockedItems(first: 5) { ...Item }
    users(first: 2) { favouriteProduct { ...Item } retiredProduct { ...Item } }
  }
  fragment Item on CatalogItem { id name inStock ... on Product { sku package variation { id } } }`,
};

const TESTER = ['tester'];
const FINANCE = ['tester', 'finance'];

describeMesh('reference domain: every federation entity shape through our gateway and plain @apollo/gateway', () => {
  let mesh: Awaited<ReturnType<typeof startMesh>>;
  let drop: () => Promise<void>;
  const later: RunningSubgraph[] = [];
  let apolloServer: ApolloServer;
  let apolloUrl: string;
  const subgraphs = () => Object.fromEntries([...Object.values(mesh.subgraphs), ...later].map((s) => [s.name, s]));
  const statements = (subgraph: string) => subgraphs()[subgraph].db.statements;

  const ours = async (query: string, roles = TESTER, variables: Record<string, unknown> = { id: 'prod-003' }): Promise<Answer> => {
    const res = await request(mesh.gateway.url).post('/graphql').set(await bearer(roles, {}, [], `reference-${roles.join('-')}`)).send({ query, variables });
    return { status: res.status, body: res.body };
  };
  const apollo = async (query: string, variables: Record<string, unknown> = { id: 'prod-003' }): Promise<Answer> => {
    const res = await fetch(apolloUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  };

  beforeAll(async () => {
    // The registry accepts a schema only if it composes with what is
    // published, so domains publish in the order their @requires and
    // interfaces depend on each other: products, then users and inventory.
    const [products, ...dependents] = referenceDomains;
    const environment = await testEnvironment({ POLICY_DIR: path.join(FIXTURE, 'policy') });
    drop = environment.drop;
    mesh = await startMesh({ env: environment.env, ephemeralPorts: true, domains: [products] });
    // Not mesh.ready(): the policy names users' and inventory's types, so the
    // gateway holds no valid policy (and is not ready) until they publish.
    await until('the gateway to serve products', async () => 'products' in (mesh.gateway.runtime.current?.subgraphs ?? {}));
    for (const domain of dependents) {
      const started = await startSubgraph(domain, readSubgraphConfig({ ...environment.env, REGISTRY_URL: mesh.registry.url, GATEWAY_URL: mesh.gateway.url, SUBGRAPH_PORT: '0' }));
      later.push(started);
      expect((await started.publisher!.settled).state).toBe('published');
    }
    await until('the gateway to serve all three reference domains', async () => referenceDomains.every((d) => d.name in (mesh.gateway.runtime.current?.subgraphs ?? {})));
    // Plain Apollo calls the subgraphs as the gateway does: with an identity
    // token signed by the gateway's key, here for a caller who may read everything.
    const signer = await loadSigner({ privateJwk: TEST_ENV.GATEWAY_SIGNING_KEY });
    const caller: Principal = { subject: 'plain-apollo', roles: FINANCE, scopes: [], attributes: {} };
    const silent = createLogger('apollo', 'silent');
    process.env.APOLLO_TELEMETRY_DISABLED = 'true';
    apolloServer = new ApolloServer({
      gateway: new ApolloGateway({
        supergraphSdl: new IntrospectAndCompose({ subgraphs: Object.values(subgraphs()).map((s) => ({ name: s.name, url: s.graphqlUrl })) }),
        buildService: ({ name, url }) =>
          new RemoteGraphQLDataSource({
            url,
            willSendRequest: async ({ request }) => request.http!.headers.set('authorization', `Bearer ${await signer.sign(callClaims({ principal: caller }), name!, 600)}`),
          }),
        logger: silent,
      }),
      logger: silent,
      includeStacktraceInErrorResponses: false,
    });
    ({ url: apolloUrl } = await startStandaloneServer(apolloServer, { listen: { port: 0, host: '127.0.0.1' } }));
  });
  afterAll(async () => {
    await apolloServer?.stop();
    for (const s of later) await s.close();
    await mesh?.close();
    await drop?.();
  });

  it('answers _service { sdl } with each domain\'s schema file, byte for byte', async () => {
    const signer = await loadSigner({ privateJwk: TEST_ENV.GATEWAY_SIGNING_KEY });
    for (const s of Object.values(subgraphs())) {
      const token = await signer.sign(callClaims({ principal: { subject: 'sdl', roles: [], scopes: [], attributes: {} } }), s.name, 60);
      const res = await fetch(s.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ _service { sdl } }' }) });
      const body = await res.json();
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ _service: { sdl: s.sdl } });
    }
  });

  it.each(Object.entries(FEATURES))('%s: our gateway (policy granting the test roles) answers as plain Apollo does', async (_feature, query) => {
    const [mine, theirs] = await Promise.all([ours(query, FINANCE), apollo(query)]);
    expect(normalise(mine)).toEqual(normalise(theirs));
    // An equal answer must also be a real one.
    if (!/@inaccessible/.test(_feature)) {
      expect(theirs.body.errors).toBeUndefined();
      expect(JSON.stringify(theirs.body.data)).toMatch(/"id":"(prod|user|old)-/);
    } else {
      expect(theirs.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('resolves each key shape with its own loader: one statement per shape, whatever the number of entities', async () => {
    const query = `{ users { id favouriteProduct { id name } retiredProduct { id reason } } }`;
    const before = { products: statements('products'), users: statements('users') };
    const res = await ours(query);
    expect(res.body.errors).toBeUndefined();
    const users = res.body.data!.users as { favouriteProduct: { id: string; name: string } | null; retiredProduct: { id: string; reason: string } | null }[];
    expect(users.length).toBeGreaterThan(2);
    expect(users.every((u) => u.favouriteProduct?.name && u.retiredProduct?.reason)).toBe(true);
    // products: one statement for Product by "sku variation { id }", one for DeprecatedProduct by "sku package"; users: the list.
    expect(statements('products') - before.products).toBe(2);
    expect(statements('users') - before.users).toBe(1);
  });

  it('looks one table up by two keys in one query and returns both entities', async () => {
    // Product rows by id (the entity interface, from inventory's list) and by
    // SKU and variation (users' favourites) are both asked of products.
    const before = statements('products');
    const res = await ours(`{ stockedItems { id ... on Product { name } } users { favouriteProduct { name } } }`);
    expect(res.body.errors).toBeUndefined();
    const items = res.body.data!.stockedItems as { id: string; name?: string }[];
    const favourites = (res.body.data!.users as { favouriteProduct: { name: string } }[]).map((u) => u.favouriteProduct.name);
    const names = await subgraphs().products.db.query<{ id: string; name: string }>('SELECT id, name FROM products');
    const nameOf = new Map(names.map((r) => [r.id, r.name]));
    expect(items.filter((i) => i.id.startsWith('prod-')).map((i) => i.name)).toEqual(items.filter((i) => i.id.startsWith('prod-')).map((i) => nameOf.get(i.id)));
    expect(favourites.every((n) => [...nameOf.values()].includes(n))).toBe(true);
    // Resolving the interface asks each implementation's table by id (2);
    // Product's name is then fetched by id (1), favourites by (sku,
    // variation_id) (1): one statement per table and key shape per request.
    expect(statements('products') - before).toBe(4);
  });

  it('reads a provided field from the providing domain alone: no statement in the owner\'s', async () => {
    const before = statements('products');
    const res = await ours(`{ users { favouriteProduct { id } } }`);
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data!.users as { favouriteProduct: { id: string } }[]).every((u) => u.favouriteProduct.id.startsWith('prod-'))).toBe(true);
    expect(statements('products') - before).toBe(0);
  });

  it('batches an entity interface and its @interfaceObject: one statement per table, whatever the number of items', async () => {
    const before = { products: statements('products'), inventory: statements('inventory') };
    const res = await ours(`{ stockedItems { id inStock ... on Product { name } ... on DeprecatedProduct { reason } } }`);
    expect(res.body.errors).toBeUndefined();
    const items = res.body.data!.stockedItems as { id: string; name?: string; reason?: string }[];
    expect(items.some((i) => i.id.startsWith('old-') && i.reason)).toBe(true);
    expect(items.some((i) => i.id.startsWith('prod-') && i.name)).toBe(true);
    // inventory: the list; products: each implementation's table once (CatalogItem by id), then Product's names.
    expect(statements('inventory') - before.inventory).toBe(1);
    expect(statements('products') - before.products).toBeLessThanOrEqual(3);
  });

  it('hands @requires values from the representation to the resolver: the average is the catalogue\'s count over the user\'s years', async () => {
    const res = await ours(`{ users { id yearsOfEmployment totalProductsCreated averageProductsCreatedPerYear } }`);
    const users = res.body.data!.users as { yearsOfEmployment: number; totalProductsCreated: number; averageProductsCreatedPerYear: number }[];
    const created = await subgraphs().products.db.query<{ n: number }>('SELECT count(*)::int AS n FROM products WHERE created_by_id IS NOT NULL');
    expect(users.reduce((n, u) => n + u.totalProductsCreated, 0)).toBe(created[0].n);
    for (const u of users) expect(u.averageProductsCreatedPerYear).toBe(Math.round((u.totalProductsCreated / u.yearsOfEmployment) * 100) / 100);
  });

  it('denies through ours what the policy denies, where plain Apollo (for a finance caller) shows it', async () => {
    const query = `{ users { id name salary } }`;
    const [denied, allowed, theirs] = await Promise.all([ours(query, TESTER), ours(query, FINANCE), apollo(query)]);
    const plain = theirs.body.data!.users as { id: string; name: string; salary: number | null }[];
    expect(plain.every((u) => typeof u.salary === 'number')).toBe(true);
    expect(normalise(allowed)).toEqual(normalise(theirs));
    expect(denied.body.data!.users).toEqual(plain.map((u) => ({ ...u, salary: null })));
    const forbidden = (denied.body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
    expect(forbidden.length).toBeGreaterThan(0);
    expect(forbidden.every((e) => e.path?.[0] === 'users' && e.path?.[2] === 'salary')).toBe(true);
    expect(JSON.stringify(denied.body.data)).not.toMatch(new RegExp(String(plain[0].salary)));
  });

  it('keeps the custom directive composed with @composeDirective in the supergraph both gateways serve', async () => {
    const supergraph = mesh.gateway.runtime.current!.sdl;
    expect(supergraph).toMatch(/@catalogued/);
    expect(supergraph).toMatch(/@link\(url: "https:\/\/reference\.example\.dev\/catalog\/v1\.0"/);
    expect(isDeepStrictEqual(normalise(await ours('{ __type(name: "ProductDimension") { fields { name } } }', FINANCE)), normalise(await apollo('{ __type(name: "ProductDimension") { fields { name } } }')))).toBe(true);
  });
});
