// The documented demo Digest key pairs of the simulated upstream (mocks/http-server.ts). They protect
// nothing real: the simulated upstream only listens on loopback and serves fake data.

/** Ops Manager's key, and MongoDB Cloud's as Atlas (the target side). */
export const SIM_PUBLIC_KEY = 'orglinkdemo';
export const SIM_PRIVATE_KEY = '7c1b2e44-3f1a-4d8e-9a51-0d6f2c8b9e10';

/**
 * MongoDB Cloud's key as Cloud Manager (the source side). Same host as Atlas: which key signs a
 * request decides which orgs it sees, as with real Cloud Manager and Atlas keys.
 */
export const SIM_CLOUDMANAGER_PUBLIC_KEY = 'orglinkcmdemo';
export const SIM_CLOUDMANAGER_PRIVATE_KEY = '5d0e9a7b-2c64-4f1e-8b3a-9e71c0d4a2f6';
