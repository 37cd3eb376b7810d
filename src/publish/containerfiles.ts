/**
 * The bundle's two Containerfiles (OCI; podman, buildah and docker build
 * them): one runtime image for every stage, whose command is the stage's
 * role, and one small image that only carries the parts, so a new split
 * rebuilds that image and never the runtime. Both start from the same base
 * (a build argument), so the parts image costs its parts layer only.
 */
import type { BundleFile } from './targets/target.js';

/** An official Node 20 image; --build-arg BASE_IMAGE=… names another (a local one, a mirror). */
export const DEFAULT_BASE_IMAGE = 'docker.io/library/node:20-bookworm-slim';
export const RUNTIME_CONTAINERFILE = 'Containerfile';
export const PARTS_CONTAINERFILE = 'Containerfile.parts';
/** The build context's folder that holds Couper's package (without tests or dev dependencies). */
export const APP_CONTEXT = 'app';

export function containerfiles(): BundleFile[] {
  return [
    {
      path: RUNTIME_CONTAINERFILE,
      text: [
        '# The runtime for every stage of this bundle; the role is the command:',
        '#   camera | transformer | evaluator | classifier  --config FILE --port N [--next HOST:PORT; default $COUPER_NEXT]',
        '# Build from the bundle folder: podman build -t IMAGE -f Containerfile .',
        `ARG BASE_IMAGE=${DEFAULT_BASE_IMAGE}`,
        'FROM ${BASE_IMAGE}',
        'ENV NODE_ENV=production',
        'WORKDIR /app',
        `COPY ${APP_CONTEXT}/ ./`,
        '# Production dependencies only. A context that already holds them (couper publish --build',
        '# on a machine without a registry) keeps them; otherwise npm installs them from the lock file.',
        'RUN test -d node_modules || (npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force)',
        'USER node',
        'ENTRYPOINT ["node", "/app/dist/src/pipeline/pod-main.js"]',
        '',
      ].join('\n'),
    },
    {
      path: PARTS_CONTAINERFILE,
      text: [
        "# The model's parts, copied into each evaluator pod by its init container (cp -R /parts/. /models).",
        '# Build from the bundle folder: podman build -t PARTS_IMAGE -f Containerfile.parts .',
        `ARG BASE_IMAGE=${DEFAULT_BASE_IMAGE}`,
        'FROM ${BASE_IMAGE}',
        'COPY parts/ /parts/',
        '',
      ].join('\n'),
    },
    { path: '.containerignore', text: ['k8s/', 'README.md', 'plan.json', ''].join('\n') },
  ];
}
