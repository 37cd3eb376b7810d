/** Test helper: a grpc-js server listening on a free loopback port, shut down when the test file ends. */
import * as grpc from '@grpc/grpc-js';

/** Bind `server` to 127.0.0.1 on a free port; `cleanups` gets its shutdown. Resolves with `host:port`. */
export async function listenOnLoopback(
  server: grpc.Server,
  cleanups: Array<() => Promise<void> | void>,
): Promise<string> {
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  cleanups.push(() => void server.forceShutdown());
  return `127.0.0.1:${port}`;
}
