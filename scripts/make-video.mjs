#!/usr/bin/env node
// Make the bundled default camera video, .cache/video/default.mp4 (git-ignored):
// 1280x720, 24 fps, 10 s, from ffmpeg test sources, the same bytes on every run.
// The recipe is in src/pipeline/video.ts; this script needs the build (npm run build).
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const built = path.join(root, 'dist/src/pipeline/video.js');
if (!fs.existsSync(built)) {
  console.error('make-video: dist/ is missing; run `npm run build` first');
  process.exit(1);
}
const { ensureDefaultVideo, probeVideo } = await import(built);
try {
  const file = await ensureDefaultVideo();
  const info = await probeVideo(file);
  console.log(
    `${path.relative(root, file)}: ${info.width}x${info.height}, ${info.fps} fps, ${info.frames ?? '?'} frames, ${info.codec}`,
  );
} catch (err) {
  console.error(`make-video: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
