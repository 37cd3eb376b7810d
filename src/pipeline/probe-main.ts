/**
 * The readiness and liveness probe of a published stage: asks the stage's
 * own relay server the KServe v2 ServerReady question over gRPC (ready: the
 * stage and every stage after it are up), or with --live ServerLive (the
 * process serves; a stage waiting for the next one is alive, not dead), and
 * exits 0 on yes, 1 otherwise. Kubernetes runs it in the stage's container
 * (an exec probe), so it needs nothing the image lacks.
 *
 *   node probe-main.js [--live] HOST:PORT
 */
import { RelayClient } from '../transport/index.js';

const live = process.argv[2] === '--live';
const address = process.argv[live ? 3 : 2] ?? '';
if (!/^[^\s:]+:\d+$/.test(address)) {
  process.stderr.write(`usage: probe-main [--live] HOST:PORT, not '${address}'\n`);
  process.exit(1);
}
const client = new RelayClient({ address, maxInFlight: 1, deadlineMs: 2000 });
const yes = await (live ? client.live(2000) : client.ready(2000));
client.close();
process.exit(yes ? 0 : 1);
