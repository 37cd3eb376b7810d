/**
 * The server's side of ModelStreamInfer: every request message is answered
 * by one ModelStreamInferResponse naming its id, in whatever order the
 * handler finishes. Refusals (busy, malformed, handler failure, shutting
 * down) are error replies on the stream, which stays open for the next frame;
 * the PARAM_FAILURE parameter tells our client which failure it was.
 */
import type * as grpc from '@grpc/grpc-js';
import { describeError } from '../core/errors.js';
import { serializeStreamError, serializeStreamResponse } from './codec.js';
import { type InferFailure, PARAM_FAILURE } from './failure.js';
import type { inference } from './gen/kserve.js';
import { type InferGate, InvalidRequest } from './infer-gate.js';

type Call = grpc.ServerDuplexStream<Buffer, Buffer>;

/** One open stream as the server sees it; drain() ends it once its frames in flight are answered. */
export interface OpenStream {
  drain(): void;
}

export function modelStreamInferHandler(gate: InferGate, open: Set<OpenStream>) {
  return (call: Call): void => {
    let active = 0;
    let draining = false;
    let halfClosed = false;
    const maybeEnd = (): void => {
      if ((draining || halfClosed) && active === 0 && !call.cancelled) call.end();
    };
    const stream: OpenStream = {
      drain: () => {
        draining = true;
        maybeEnd();
      },
    };
    open.add(stream);
    call.on('data', (bytes: Buffer) => {
      const refusal = draining ? 'relay shutting down' : undefined;
      const message = admit(gate, call, bytes, refusal);
      if (!message) return;
      active += 1;
      void answer(gate, call, message).finally(() => {
        active -= 1;
        maybeEnd();
      });
    });
    call.on('end', () => {
      halfClosed = true;
      maybeEnd();
    });
    call.on('error', () => undefined); // a cancelled call; 'close' below forgets it
    call.on('close', () => open.delete(stream));
  };
}

/** The parsed request if it may go to the handler; otherwise it has been answered with an error reply. */
function admit(
  gate: InferGate,
  call: Call,
  bytes: Buffer,
  refusal: string | undefined,
): inference.ModelInferRequest | undefined {
  let message: inference.ModelInferRequest;
  try {
    message = gate.parse(bytes);
  } catch (err) {
    reply(call, errorReply('', 'invalid', describeError(err)));
    return undefined;
  }
  if (refusal !== undefined) {
    reply(call, errorReply(message.id, 'unavailable', refusal));
    return undefined;
  }
  const busy = gate.admit();
  if (busy === undefined) return message;
  reply(call, errorReply(message.id, 'rejected', busy));
  return undefined;
}

async function answer(gate: InferGate, call: Call, message: inference.ModelInferRequest): Promise<void> {
  try {
    reply(call, serializeStreamResponse(await gate.run(message)));
  } catch (err) {
    const invalid = err instanceof InvalidRequest;
    const text = invalid ? err.message : `relay handler failed: ${describeError(err)}`;
    reply(call, errorReply(message.id, invalid ? 'invalid' : 'failed', text));
  }
}

function errorReply(id: string, failure: InferFailure, text: string): Buffer {
  return serializeStreamError(text, { id, parameters: { [PARAM_FAILURE]: { stringParam: failure } } });
}

function reply(call: Call, bytes: Buffer): void {
  // The client may have gone while the handler ran; its answer has nowhere to go.
  if (!call.cancelled && call.writable) call.write(bytes);
}
