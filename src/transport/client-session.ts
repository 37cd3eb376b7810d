/**
 * The client's HTTP/2 connection to a peer, for the ModelStreamInfer hot path.
 * A session that failed, was closed or got GOAWAY (peer restart or shutdown)
 * is forgotten, and the next stream opens a fresh one: a restarted peer is
 * reached again on the first frame after it listens.
 */
import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import { FLOW_CONTROL_WINDOW } from './service.js';
import { clientTlsOptions, type TlsMaterial } from './tls.js';

/** Node counts session memory in MB; its 10 MB default would refuse streams behind one 10 MB frame. */
const MAX_SESSION_MEMORY_MB = 1024;

export class ClientSession {
  private session: http2.ClientHttp2Session | undefined;

  constructor(
    private readonly address: string,
    private readonly tls?: TlsMaterial,
  ) {}

  /** The live session, connecting one if there is none. */
  get(): http2.ClientHttp2Session {
    const current = this.session;
    if (current && !current.closed && !current.destroyed) return current;
    const material = this.tls;
    const session = http2.connect(`${material ? 'https' : 'http'}://${this.address}`, {
      settings: { initialWindowSize: FLOW_CONTROL_WINDOW },
      maxSessionMemory: MAX_SESSION_MEMORY_MB,
      createConnection: (authority: URL) => noDelayConnection(authority, material),
    });
    const forget = (): void => {
      if (this.session === session) this.session = undefined;
    };
    session.on('connect', () => session.setLocalWindowSize(FLOW_CONTROL_WINDOW));
    // Refused or reset connections fail the streams on them, which report it; nothing else to do.
    session.on('error', forget);
    session.on('goaway', forget);
    session.on('close', forget);
    this.session = session;
    return session;
  }

  close(): void {
    this.session?.destroy();
    this.session = undefined;
  }
}

/** A frame's small writes (the 5-byte prefix, an answer) must not wait for an ACK under Nagle. */
function noDelayConnection(authority: URL, material: TlsMaterial | undefined): net.Socket {
  const host = authority.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(authority.port);
  if (!material) return net.connect({ host, port, noDelay: true });
  // SNI carries host names only (RFC 6066); an address is checked against the certificate's IP names.
  const servername = net.isIP(host) === 0 ? host : '';
  const socket = tls.connect({
    host,
    port,
    servername,
    ALPNProtocols: ['h2'],
    ...clientTlsOptions(material),
  });
  socket.setNoDelay(true);
  return socket;
}
