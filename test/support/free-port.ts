import { createServer } from "node:net";

/**
 * Asks the kernel for a currently unused TCP port on a loopback address.
 *
 * The port is released before this resolves, so another process could grab it in between;
 * callers that spawn a server on it should retry with a fresh port on "address in use".
 */
export function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error(`Could not read the port of a probe socket on ${host}`));
        return;
      }
      server.close(() => {
        resolve(address.port);
      });
    });
  });
}
