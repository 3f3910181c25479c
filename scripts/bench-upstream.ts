// For `npm run bench`: two simulated upstreams in a process of their own — one answering after
// BENCH_LATENCY_MS (a realistic Ops Manager), one at once — and their URLs as one JSON line.
import { startSimulatedUpstream } from '../mocks/http-server.ts';

const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 50);
const slow = await startSimulatedUpstream({ latencyMs });
const instant = await startSimulatedUpstream({ latencyMs: 0 });
process.stdout.write(
  `${JSON.stringify({
    slow: { url: slow.opsmanagerUrl, publicKey: slow.publicKey, privateKey: slow.privateKey },
    instant: {
      url: instant.opsmanagerUrl,
      publicKey: instant.publicKey,
      privateKey: instant.privateKey,
    },
  })}\n`,
);
const stop = () => void Promise.all([slow.close(), instant.close()]).then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
