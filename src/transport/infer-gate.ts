/**
 * The server's side of a frame, shared by ModelInfer and ModelStreamInfer so
 * that one maxInFlight bounds both: parse, admit or refuse at once (never
 * queue), decode, run the handler, encode the answer, count the outcome.
 */
import { describeError } from '../core/errors.js';
import type { TensorMap } from '../runtime/runtime.js';
import { deserializeInferRequest } from './codec.js';
import type { inference } from './gen/kserve.js';
import { InvalidRequest } from './invalid-request.js';
import { checkModelName, type ServedModelInfo } from './served-model.js';
import { type CutEncoding, type DecodedInfer, decodeInferRequest, encodeInferResponse } from './wire.js';

export interface RelayServerStats {
  served: number;
  busy: number;
  invalid: number;
  failed: number;
}

export interface GateOptions {
  readonly maxInFlight?: number;
  readonly handler: (request: DecodedInfer) => Promise<TensorMap>;
  readonly responseEncoding?: CutEncoding;
  /** The model this server serves: requests naming another are refused NOT_FOUND. */
  readonly model?: ServedModelInfo;
}

export { InvalidRequest };

export class InferGate {
  readonly stats: RelayServerStats = { served: 0, busy: 0, invalid: 0, failed: 0 };
  private inFlight = 0;
  private readonly maxInFlight: number;

  constructor(private readonly options: GateOptions) {
    this.maxInFlight = options.maxInFlight ?? 1;
  }

  /** The message in `bytes`; throws InvalidRequest (and counts it) when it does not parse. */
  parse(bytes: Buffer): inference.ModelInferRequest {
    try {
      return deserializeInferRequest(bytes);
    } catch (err) {
      this.stats.invalid += 1;
      throw new InvalidRequest(describeError(err));
    }
  }

  /** Throws CallError NOT_FOUND when the request names a model other than the one served. */
  checkModel(message: inference.ModelInferRequest): void {
    try {
      checkModelName(this.options.model, message.modelName, message.modelVersion);
    } catch (err) {
      this.stats.invalid += 1;
      throw err;
    }
  }

  /** Takes a slot, or returns why there is none: the request is then refused, never queued. */
  admit(): string | undefined {
    if (this.inFlight < this.maxInFlight) {
      this.inFlight += 1;
      return undefined;
    }
    this.stats.busy += 1;
    return `relay busy: ${this.inFlight} requests in flight (max ${this.maxInFlight})`;
  }

  /**
   * Runs an admitted request through the handler and gives its slot back when that settles.
   * `release` (the message's pooled buffer) goes to the handler on the request, which alone
   * knows when the tensors are done with; a request refused before it is released here.
   */
  async run(
    message: inference.ModelInferRequest,
    release?: () => void,
  ): Promise<inference.ModelInferResponse.$Properties> {
    try {
      const request = this.decode(message, release);
      const outputs = await this.options.handler(request);
      const response = encodeInferResponse(outputs, request.params, {
        id: request.id,
        modelName: request.modelName,
        encoding: this.options.responseEncoding ?? 'raw',
      });
      this.stats.served += 1;
      return response;
    } catch (err) {
      // A malformed request, or tensors the handler's model does not take.
      if (err instanceof InvalidRequest) this.stats.invalid += 1;
      else this.stats.failed += 1;
      throw err;
    } finally {
      this.inFlight -= 1;
    }
  }

  private decode(message: inference.ModelInferRequest, release: (() => void) | undefined): DecodedInfer {
    try {
      const request = decodeInferRequest(message);
      return release ? { ...request, release } : request;
    } catch (err) {
      release?.();
      throw new InvalidRequest(describeError(err));
    }
  }
}
