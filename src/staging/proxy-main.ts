/**
 * The user-space link emulator process: listens on 127.0.0.1 (inside the
 * sending tier's namespace when there is one) and forwards each connection to
 * the target through two DelayPipes. Prints `listening PORT` when ready.
 * Usage: node proxy-main.js TARGET_HOST TARGET_PORT DELAY_MS JITTER_MS RATE_BITS|- --couper-staging=RUNID
 * (the last argument marks the process as this run's, for `staging clean`).
 */
import net from 'node:net';
import { DelayPipe, type DirectionSettings } from './delay-pipe.js';

function forward(client: net.Socket, host: string, port: number, settings: DirectionSettings): void {
  const upstream = net.connect({ host, port, allowHalfOpen: true });
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  const pipes = [new DelayPipe(client, upstream, settings), new DelayPipe(upstream, client, settings)];
  const close = (): void => {
    pipes.forEach((p) => p.close());
    client.destroy();
    upstream.destroy();
  };
  // A clean close travels as an end through the pipes (after their queued data); errors and resets take both down.
  for (const sock of [client, upstream])
    sock.on('error', close).on('close', (hadError) => hadError && close());
}

function main(argv: readonly string[]): void {
  const [host, port, delay, jitter, rate] = argv;
  if (
    host === undefined ||
    port === undefined ||
    delay === undefined ||
    jitter === undefined ||
    rate === undefined
  ) {
    process.stderr.write(
      'usage: proxy-main HOST PORT DELAY_MS JITTER_MS RATE_BITS|- --couper-staging=RUNID\n',
    );
    process.exit(2);
  }
  const settings: DirectionSettings = {
    delayMs: Number(delay),
    jitterMs: Number(jitter),
    rateBits: rate === '-' ? null : Number(rate),
  };
  const server = net.createServer({ allowHalfOpen: true }, (c) => forward(c, host, Number(port), settings));
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
  });
  // The staging area ends us with SIGTERM; stdin closing means our owner died.
  process.on('SIGTERM', () => process.exit(0));
  process.stdin.on('end', () => process.exit(0)).resume();
}

main(process.argv.slice(2));
