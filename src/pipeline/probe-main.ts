/**
 * The readiness and liveness probe of a published stage: asks the stage's
 * own relay server the KServe v2 ServerReady question over gRPC, and exits
 * 0 when it says ready, 1 otherwise. Kubernetes runs it in the stage's
 * container (an exec probe), so it needs nothing the image lacks.
 *
 *   node probe-main.js HOST:PORT
 */
import { RelayClient } from '../transport/index.js';

const address = process.argv[2] ?? '';
if (!/^[^\s:]+:\d+$/.test(address)) {
  process.stderr.write(`usage: probe-main HOST:PORT, not '${address}'\n`);
  process.exit(1);
}
const client = new RelayClient({ address, maxInFlight: 1, deadlineMs: 2000 });
const ready = await client.ready(2000);
client.close();
process.exit(ready ? 0 : 1);
