/**
 * Child process: the baseline, a plain Apollo Server with @apollo/gateway
 * over the same subgraphs — no policies, no caches, default data sources.
 * The subgraphs accept only gateway-signed identity, so each call carries one
 * for the bench principal, minted the way this gateway mints it.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { loadSigner } from '../../platform/tokens.ts';
import { identityMinter } from '../../gateway/subgraphs/identity.ts';
import { BENCH_PRINCIPAL } from './auth.ts';
import { announce } from './processes.ts';

const registryUrl = process.env.REGISTRY_URL!;
const supergraphSdl = await (await fetch(`${registryUrl}/supergraph`)).text();
const tokenFor = identityMinter(await loadSigner({ privateJwk: process.env.GATEWAY_SIGNING_KEY }));

// The benchmark calls nothing outside this machine: no telemetry, no cloud-metadata probing.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';
const gateway = new ApolloGateway({
  supergraphSdl,
  buildService: ({ name, url }) =>
    new RemoteGraphQLDataSource({
      url,
      async willSendRequest({ request }) {
        request.http!.headers.set('authorization', `Bearer ${await tokenFor({ principal: BENCH_PRINCIPAL }, name)}`);
      },
    }),
});
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
announce({ url }, () => server.stop());
