import { createServer } from 'node:net';

/** A port nobody listens on right now (loopback), for a server a test starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free loopback port below the range the system hands out itself (for port 0 and for outgoing
 * connections: Linux 32768–60999, macOS and Windows 49152–65535), for a port a test writes into a file
 * and binds only much later. A port from `freePort()` goes back to that range and may meanwhile be given
 * to any listener or connection of the test files running in parallel; a server started on it then finds
 * it taken.
 */
export async function lastingPort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('Kein freier Port zwischen 20000 und 32000 gefunden');
}
