/**
 * The server's side of ModelStreamInfer: every request message is answered
 * by one ModelStreamInferResponse naming its id, in whatever order the
 * handler finishes. Refusals (busy, malformed, oversized, handler failure,
 * shutting down) are error replies on the stream, which stays open for the
 * next frame; the PARAM_FAILURE parameter tells our client which failure it was.
 */
import { status as Status } from '@grpc/grpc-js';
import type http2 from 'node:http2';
import { describeError } from '../core/errors.js';
import type { BufferPool, Lease } from './buffer-pool.js';
import { serializeStreamError, serializeStreamResponse } from './codec.js';
import { type InferFailure, PARAM_FAILURE } from './failure.js';
import type { inference } from './gen/kserve.js';
import { type InferGate, InvalidRequest } from './infer-gate.js';
import type { CallGuard } from './limits.js';
import { CallError } from './served-model.js';
import { ServerCall } from './server-call.js';

/** One open stream as the server sees it; drain() ends it once its frames in flight are answered. */
export interface OpenStream {
  drain(): void;
}

export function serveModelStreamInfer(
  stream: http2.ServerHttp2Stream,
  gate: InferGate,
  open: Set<OpenStream>,
  maxMessageBytes: number,
  pool?: BufferPool,
  guard?: CallGuard,
  replies?: BufferPool,
): void {
  let active = 0;
  let draining = false;
  let halfClosed = false;
  const maybeEnd = (): void => {
    if ((draining || halfClosed) && active === 0) call.finish(Status.OK);
  };
  const call: ServerCall = new ServerCall(
    stream,
    maxMessageBytes,
    {
      message: (bytes, release) => {
        const message = admit(gate, call, bytes, draining ? 'relay shutting down' : undefined);
        // A refused message was parsed at most, and its parse (ids, strings) is all the reply uses.
        if (!message) return release?.();
        active += 1;
        void answer(gate, call, message, release, replies).finally(() => {
          active -= 1;
          maybeEnd();
        });
      },
      // The message was never parsed, so its id is unknown; our client pins it on its oldest frame.
      refused: (reason, code) =>
        call.send(errorReply('', code === Status.RESOURCE_EXHAUSTED ? 'rejected' : 'invalid', reason)),
      end: () => {
        halfClosed = true;
        maybeEnd();
      },
    },
    pool,
    guard,
  );
  const entry: OpenStream = {
    drain: () => {
      draining = true;
      maybeEnd();
    },
  };
  open.add(entry);
  call.onClose(() => open.delete(entry));
}

/** The parsed request if it may go to the handler; otherwise it has been answered with an error reply. */
function admit(
  gate: InferGate,
  call: ServerCall,
  bytes: Buffer,
  refusal: string | undefined,
): inference.ModelInferRequest | undefined {
  let message: inference.ModelInferRequest;
  try {
    message = gate.parse(bytes);
  } catch (err) {
    call.send(errorReply('', 'invalid', describeError(err)));
    return undefined;
  }
  try {
    gate.checkModel(message);
  } catch (err) {
    // Another model's name is the client's setup, not one frame's fault: the call ends NOT_FOUND.
    call.finish(err instanceof CallError ? err.code : Status.INTERNAL, describeError(err));
    return undefined;
  }
  if (refusal !== undefined) {
    call.send(errorReply(message.id, 'unavailable', refusal));
    return undefined;
  }
  const busy = gate.admit();
  if (busy === undefined) return message;
  call.send(errorReply(message.id, 'rejected', busy));
  return undefined;
}

async function answer(
  gate: InferGate,
  call: ServerCall,
  message: inference.ModelInferRequest,
  release: (() => void) | undefined,
  replies: BufferPool | undefined,
): Promise<void> {
  try {
    const tensors = await gate.run(message, release);
    // A reply's buffer comes from the pool and goes back once written: a fresh one per reply
    // costs the kernel a page fault per 4 KiB whenever the allocator has returned the memory.
    let lease: Lease | undefined;
    const allocate = replies && ((size: number): Buffer => (lease = replies.take(0, size)).bytes);
    call.send(serializeStreamResponse(tensors, allocate), () => lease?.release());
  } catch (err) {
    const invalid = err instanceof InvalidRequest;
    const text = invalid ? err.message : `relay handler failed: ${describeError(err)}`;
    call.send(errorReply(message.id, invalid ? 'invalid' : 'failed', text));
  }
}

function errorReply(id: string, failure: InferFailure, text: string): Buffer {
  return serializeStreamError(text, { id, parameters: { [PARAM_FAILURE]: { stringParam: failure } } });
}
