/**
 * `couper serve PART.onnx`: any ONNX model or slice as a KServe v2 /
 * Triton-compatible gRPC server, answered by the same endpoint the evaluator
 * stage computes with. It serves until SIGINT (exit 130) or SIGTERM (exit
 * 143), then stops taking calls, answers those in flight and releases the model.
 */
import { ConfigError, InterruptedError, TerminatedError, TransportError } from '../../core/errors.js';
import { readModel } from '../../onnx/model-file.js';
import { defaultModelName } from '../../pipeline/serve/model-endpoint.js';
import { DEFAULT_MAX_IN_FLIGHT, serveModel, type ServingModel } from '../../pipeline/serve/serve.js';
import { flag, intOption, stringOption } from '../args.js';
import type { Command } from '../command.js';

const DEFAULTS = { host: '127.0.0.1', port: 8001, version: '1', graceMs: 5000 };

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve a model or a slice as a KServe v2 (Triton-compatible) gRPC endpoint',
  synopsis: ['PART.onnx [--name NAME] [--host ADDR] [--port N]'],
  about: [
    'Answers ServerLive, ServerReady, ServerMetadata, ModelReady, ModelMetadata, ModelInfer (raw or',
    "typed contents) and Triton's ModelStreamInfer for the one model it serves; a call naming another",
    'model gets NOT_FOUND, a tensor of the wrong name, datatype or shape INVALID_ARGUMENT naming it,',
    'compressed messages UNIMPLEMENTED. Requests run one after another; up to --max-in-flight wait',
    'their turn and more are refused at once with RESOURCE_EXHAUSTED. It serves until Ctrl-C (exit',
    '130) or SIGTERM (exit 143), answering the calls in flight first. Once it listens it prints its',
    'address on stdout (as JSON with --json).',
  ].join('\n'),
  options: {
    name: { value: 'NAME', help: 'the model name clients address', default: 'the file name without .onnx' },
    'model-version': {
      value: 'V',
      help: 'the model version it reports and answers to',
      default: DEFAULTS.version,
    },
    host: {
      value: 'ADDR',
      help: 'address to listen on (0.0.0.0 or :: for every interface)',
      default: DEFAULTS.host,
    },
    port: { value: 'N', help: 'port to listen on (0 picks a free one)', default: String(DEFAULTS.port) },
    'max-in-flight': {
      value: 'N',
      help: 'requests taken at once (one runs, the rest wait); more are refused',
      default: String(DEFAULT_MAX_IN_FLIGHT),
    },
    threads: {
      value: 'N',
      help: 'onnxruntime threads inside one operator (0: as many as cores)',
      default: '0',
    },
    json: { help: 'say where it listens as one JSON line: {"model", "version", "address"}' },
  },
  positionals: { min: 1, max: 1 },
  async run(options, [file]) {
    const model = file!;
    // Read here so that a missing or malformed file is one line naming it, before onnxruntime loads it.
    readModel(model);
    const name = stringOption(options, 'name') ?? defaultModelName(model);
    if (name === '') throw new ConfigError('--name must not be empty');
    const host = stringOption(options, 'host') ?? DEFAULTS.host;
    const port = intOption(options, 'port', DEFAULTS.port, 0, 65535);
    const serving = await listen(model, {
      name,
      version: stringOption(options, 'model-version') ?? DEFAULTS.version,
      host,
      port,
      threads: intOption(options, 'threads', 0, 0, 1024),
      maxInFlight: intOption(options, 'max-in-flight', DEFAULT_MAX_IN_FLIGHT, 1, 4096),
    });
    const { version } = serving.endpoint.info;
    const { address } = serving.server;
    if (flag(options, 'json')) process.stdout.write(`${JSON.stringify({ model: name, version, address })}\n`);
    else
      process.stdout.write(`serving model '${name}' version '${version}' at ${address} (KServe v2 gRPC)\n`);
    const signal = await untilSignal();
    await serving.close(DEFAULTS.graceMs);
    const stopped = `serve stopped by ${signal}; calls in flight were answered`;
    throw signal === 'SIGTERM' ? new TerminatedError(stopped) : new InterruptedError(stopped);
  },
};

async function listen(model: string, options: Parameters<typeof serveModel>[1]): Promise<ServingModel> {
  try {
    return await serveModel(model, options);
  } catch (err) {
    // The port is taken or not ours to bind: the user's choice, not our failure.
    if (err instanceof TransportError)
      throw new ConfigError(`${err.message} (choose another --port or --host)`, { cause: err });
    throw err;
  }
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
