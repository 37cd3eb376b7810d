/**
 * `couper serve`'s engine: one model behind a KServe v2 / Triton gRPC server,
 * the relay server the pipeline's stages use, with the model's name checked
 * and its metadata answered. The server handles one request at a time per
 * model (onnxruntime uses the threads), refusing others at once with
 * RESOURCE_EXHAUSTED, as a stage does; a caller that wants queueing retries.
 */
import { startRelayServer, type RelayServer } from '../../transport/index.js';
import { type ModelEndpoint, type ModelEndpointOptions, openModelEndpoint } from './model-endpoint.js';

export interface ServeOptions extends ModelEndpointOptions {
  /** Address to listen on; 127.0.0.1 by default. */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly maxMessageBytes?: number;
  /** Requests run at once; further ones are refused RESOURCE_EXHAUSTED. Default 1. */
  readonly maxInFlight?: number;
}

export interface ServingModel {
  readonly endpoint: ModelEndpoint;
  readonly server: RelayServer;
  /** Stop accepting, let calls in flight finish (up to graceMs), then release the session. Idempotent. */
  close(graceMs?: number): Promise<void>;
}

export async function serveModel(file: string, options: ServeOptions = {}): Promise<ServingModel> {
  const endpoint = await openModelEndpoint(file, options);
  let server: RelayServer;
  try {
    server = await startRelayServer({
      model: endpoint.info,
      ...(options.host !== undefined && { bindAddress: options.host }),
      port: options.port ?? 0,
      ...(options.maxMessageBytes !== undefined && { maxMessageBytes: options.maxMessageBytes }),
      maxInFlight: options.maxInFlight ?? 1,
      handler: (request) => endpoint.infer(request.tensors, request.outputs),
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
