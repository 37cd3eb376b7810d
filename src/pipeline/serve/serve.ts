/**
 * `couper serve`'s engine: one model behind a KServe v2 / Triton gRPC server,
 * the relay server the pipeline's stages use, with the model's name checked
 * and its metadata answered. Requests run one after another (onnxruntime
 * spreads one over the threads); up to maxInFlight wait their turn, as a
 * KServe client sending a few at once expects, and more are refused at once
 * with RESOURCE_EXHAUSTED rather than queued without bound.
 */
import { startRelayServer, type RelayServer } from '../../transport/index.js';
import { type ModelEndpoint, type ModelEndpointOptions, openModelEndpoint } from './model-endpoint.js';

export interface ServeOptions extends ModelEndpointOptions {
  /** Address to listen on; 127.0.0.1 by default. */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly maxMessageBytes?: number;
  /** Requests taken at once (running or waiting); further ones are refused RESOURCE_EXHAUSTED. */
  readonly maxInFlight?: number;
}

export const DEFAULT_MAX_IN_FLIGHT = 16;

/** Runs tasks one after another in the order they came; a failed one does not stop the next. */
class Turns {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.last.then(task);
    this.last = next.catch(() => undefined);
    return next;
  }
}

export interface ServingModel {
  readonly endpoint: ModelEndpoint;
  readonly server: RelayServer;
  /** Stop accepting, let calls in flight finish (up to graceMs), then release the session. Idempotent. */
  close(graceMs?: number): Promise<void>;
}

export async function serveModel(file: string, options: ServeOptions = {}): Promise<ServingModel> {
  const endpoint = await openModelEndpoint(file, options);
  const turns = new Turns();
  let server: RelayServer;
  try {
    server = await startRelayServer({
      model: endpoint.info,
      ...(options.host !== undefined && { bindAddress: options.host }),
      port: options.port ?? 0,
      ...(options.maxMessageBytes !== undefined && { maxMessageBytes: options.maxMessageBytes }),
      maxInFlight: options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
      handler: (request) => turns.run(() => endpoint.infer(request.tensors, request.outputs)),
    });
  } catch (err) {
    await endpoint.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    server,
    close: (graceMs) => (closing ??= server.close(graceMs).then(() => endpoint.close())),
  };
}
