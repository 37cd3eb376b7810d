/**
 * The camera stage: emits frames on its own clock and sends each to the
 * transformer without waiting (a frame that finds the hop busy or the next
 * queue full is dropped here), and runs the results server the classifier
 * answers to, so that end-to-end latency is read on this one clock.
 */
import type { TensorMap } from '../../runtime/runtime.js';
import {
  startRelayServer,
  type DecodedInfer,
  type RelayServer,
  type TlsMaterial,
} from '../../transport/index.js';
import { openCamera, type Camera, type Frame } from '../camera.js';
import type {
  CameraConfig,
  CaptureRecord,
  DropRecord,
  ResultRecord,
  StageConfig,
  StageRecord,
  StageStats,
  StageStatus,
} from '../messages.js';
import { RESULT_TENSOR } from '../messages.js';
import { Hop } from './hop.js';

export class CameraStage {
  private server: RelayServer | null = null;
  private hop: Hop | null = null;
  private camera: Camera | null = null;
  private running: Promise<unknown> | null = null;
  private finished = false;
  private readonly captures: CaptureRecord[] = [];
  private readonly records: StageRecord[] = [];
  private readonly drops: DropRecord[] = [];
  private readonly results: ResultRecord[] = [];
  private readonly sends = new Set<Promise<void>>();

  constructor(
    private readonly config: StageConfig,
    private readonly cameraConfig: CameraConfig,
    /** TLS for this stage's results server and its hop (the process's --tls-* flags); cleartext without. */
    private readonly tls?: TlsMaterial,
  ) {}

  /** Open the source (so a bad video fails before anything starts) and the results server. */
  async listen(): Promise<number> {
    const { frames, fps } = this.cameraConfig;
    this.camera = await openCamera(this.cameraConfig.source, {
      ...(fps !== null && { fps }),
      ...(frames !== null && { maxFrames: frames }),
    });
    this.server = await startRelayServer({
      maxMessageBytes: this.config.maxMessageBytes,
      ...(this.tls && { tls: this.tls }),
      ...(this.config.bindAddress !== undefined && { bindAddress: this.config.bindAddress }),
      ...(this.config.port !== undefined && { port: this.config.port }),
      maxInFlight: 64,
      handler: (request) => Promise.resolve(this.receive(request)),
    });
    return this.server.port;
  }

  async connect(next: string, timeoutMs: number): Promise<boolean> {
    const { maxInFlight, deadlineMs, maxMessageBytes } = this.config;
    this.hop ??= new Hop({
      address: next,
      maxInFlight,
      deadlineMs,
      maxMessageBytes,
      encoding: 'raw',
      ...(this.tls && { tls: this.tls }),
    });
    return this.hop.connect(timeoutMs);
  }

  /** Start emitting; `onEnd` is told when the camera stops (frames done, input ended or failed). */
  start(onEnd: (err: unknown) => void): void {
    const camera = this.camera;
    if (!camera) throw new Error('camera stage started before listen()');
    this.running = camera
      .run((frame) => this.emit(frame))
      .then(
        () => {
          this.finished = true;
          onEnd(null);
        },
        (err: unknown) => {
          this.finished = true;
          onEnd(err);
        },
      );
  }

  status(): StageStatus {
    return {
      dropped: this.drops.length,
      emitted: this.captures.length,
      results: this.results.length,
      finished: this.finished,
    };
  }

  async stop(): Promise<StageStats> {
    this.camera?.stop();
    await this.running;
    if (!this.running) await this.camera?.source.close();
    await Promise.all(this.sends);
    await this.server?.close(500);
    this.hop?.close();
    return {
      stage: this.config.name,
      records: this.records,
      drops: this.drops,
      captures: this.captures,
      results: this.results,
      late: this.camera?.stats().late ?? 0,
      fps: this.camera?.fps ?? 0,
    };
  }

  private emit(frame: Frame): void {
    const sourceIndex = this.captures.length;
    const { frameId, captureMs } = frame;
    this.captures.push({ frameId, sourceIndex, captureMs, warmup: sourceIndex < this.cameraConfig.warmup });
    const hop = this.hop;
    if (!hop)
      return void this.drops.push({ frameId, reason: 'unavailable', message: 'no transformer connected' });
    const tensors: TensorMap = {
      frame: { dtype: 'uint8', shape: [frame.height, frame.width, 3], data: frame.data },
    };
    const send = hop.send(tensors, frameId, captureMs, this.config.cutId).then((outcome) => {
      if (!outcome.ok)
        return void this.drops.push({ frameId, reason: outcome.reason, message: outcome.message });
      const { serializeMs, transferMs, bytes } = outcome;
      this.records.push({ frameId, queueMs: 0, computeMs: 0, serializeMs, transferMs, bytes });
    });
    this.sends.add(send);
    void send.finally(() => this.sends.delete(send));
  }

  private receive(request: DecodedInfer): TensorMap {
    const resultMs = performance.timeOrigin + performance.now();
    const frameId = request.params.frameId ?? -1;
    const tensor = request.tensors[RESULT_TENSOR];
    const text = tensor?.dtype === 'string' ? tensor.data[0] : undefined;
    const result = text === undefined ? {} : (JSON.parse(text) as Record<string, unknown>);
    request.release?.(); // the result is parsed: nothing reads the received tensors any more
    this.results.push({ frameId, resultMs, result });
    return {};
  }
}
