// The `npm start` default: with no upstream configured, run the simulated upstream (mocks/) in this
// process on loopback ports and point the proxy at it over real HTTP with its demo Digest keys — the
// same code path as a real Ops Manager. Three upstreams on two ports: Cloud Manager and Atlas share
// the simulated MongoDB Cloud, told apart by their keys, as on cloud.mongodb.com.
import type { SimulatedUpstream } from '../mocks/http-server.ts';
import type { Config } from './env';

export interface SimulatedSetup {
  config: Config;
  sim: SimulatedUpstream;
}

export async function withSimulatedUpstream(
  config: Config,
  extra: { scenario?: string; nonceTtlMs?: number } = {},
): Promise<SimulatedSetup> {
  // Loaded only when needed: a deployment with real upstreams never imports the fakes.
  const { startSimulatedUpstream } = await import('../mocks/http-server.ts');
  const sim = await startSimulatedUpstream({ host: '127.0.0.1', ...config.sim, ...extra });
  const auth = { kind: 'digest', publicKey: sim.publicKey, privateKey: sim.privateKey } as const;
  return {
    sim,
    config: {
      ...config,
      upstreams: {
        opsmanager: { name: 'opsmanager', baseUrl: sim.opsmanagerUrl, auth, simulated: true },
        // One simulated MongoDB Cloud, as in production: same URL, the key decides the product.
        cloudmanager: {
          name: 'cloudmanager',
          baseUrl: sim.cloudmanagerUrl,
          auth: {
            kind: 'digest',
            publicKey: sim.cloudManagerPublicKey,
            privateKey: sim.cloudManagerPrivateKey,
          },
          simulated: true,
        },
        cloud: {
          name: 'cloud',
          baseUrl: sim.cloudUrl,
          auth,
          simulated: true,
          atlasApiVersion: config.atlasApiVersion,
        },
      },
    },
  };
}
