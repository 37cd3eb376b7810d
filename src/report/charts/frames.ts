/**
 * One run frame by frame on the camera's clock: each processed frame's
 * latency (circles) and, below on the same time axis, each dropped frame
 * (crosses) in the row of the stage that dropped it.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, WIDTH, type Chart } from '../chart.js';
import { ms } from '../format.js';
import type { FramePoint } from '../run-model.js';

export function framesChart(frames: readonly FramePoint[]): Chart {
  const processed = frames
    .filter((f) => f.status === 'processed')
    .map((f) => ({ ...f, description: `frame ${f.frameId} at ${f.t.toFixed(2)} s: ${ms(f.latencyMs)}` }));
  const dropped = frames
    .filter((f) => f.status === 'dropped')
    .map((f) => ({
      ...f,
      description: `frame ${f.frameId} at ${f.t.toFixed(2)} s: dropped at ${f.droppedAt} (${f.reason})`,
    }));
  const end = frames.reduce((m, f) => Math.max(m, f.t), 0.001);
  const x = {
    field: 't',
    type: 'quantitative' as const,
    title: 'capture time, s from the first measured frame',
    scale: { domain: [0, end] },
  };
  const latency = {
    width: WIDTH,
    height: 260,
    name: 'frames_processed',
    data: { values: processed },
    mark: { type: 'point', shape: 'circle', filled: true, size: 30, color: '#4c78a8' },
    encoding: {
      x,
      y: { field: 'latencyMs', type: 'quantitative', title: 'latency, ms' },
      description: { field: 'description' },
    },
  };
  const drops = {
    width: WIDTH,
    height: { step: 22 },
    name: 'frames_dropped',
    data: { values: dropped },
    mark: { type: 'point', shape: 'cross', filled: true, size: 60, color: '#c0392b' },
    encoding: {
      x,
      y: { field: 'droppedAt', type: 'nominal', title: 'dropped at' },
      description: { field: 'description' },
    },
  };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `${processed.length} processed and ${dropped.length} dropped frames over time`,
    title: 'Frames over time',
    vconcat: dropped.length > 0 ? [latency, drops] : [latency],
    resolve: { scale: { x: 'shared' } },
    config: CONFIG,
  } as TopLevelSpec;
  return {
    id: 'frames',
    title: 'Frames over time',
    caption:
      'Each measured frame at the time the camera captured it. Circles: the latency of a processed frame. ' +
      (dropped.length > 0
        ? 'Crosses, below: a dropped frame, in the row of the stage that dropped it.'
        : 'No frame was dropped.'),
    spec,
    marks: {
      frames_processed: processed.length,
      ...(dropped.length > 0 && { frames_dropped: dropped.length }),
    },
    table: {
      columns: ['frame', 'capture time', 'status', 'latency', 'dropped at', 'reason'],
      numeric: [0, 1, 3],
      rows: frames.map((f) => [
        String(f.frameId),
        `${f.t.toFixed(3)} s`,
        f.status,
        ms(f.latencyMs),
        f.droppedAt ?? '',
        f.reason ?? '',
      ]),
    },
  };
}
