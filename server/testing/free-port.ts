// A loopback TCP port nobody listens on right now, for a child process (Apache httpd, a proxy, Vite)
// that must be told its port before it starts. Another process could take it in between; the
// callers start their child at once and fail loudly if the port is gone.
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
