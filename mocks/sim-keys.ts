// The documented demo Digest key pair of the simulated upstream (mocks/http-server.ts). It protects
// nothing real: the simulated upstream only listens on loopback and serves fake data.
export const SIM_PUBLIC_KEY = 'orglinkdemo';
export const SIM_PRIVATE_KEY = '7c1b2e44-3f1a-4d8e-9a51-0d6f2c8b9e10';
