/**
 * The bundle's README.md, from its plan: how to build and push the two
 * images, label the nodes and apply the base, and what each tier requests.
 */
import { PARTS_CONTAINERFILE, RUNTIME_CONTAINERFILE } from './containerfiles.js';
import type { PublishPlan } from './plan.js';
import type { BundleFile } from './targets/target.js';

export function bundleReadme(plan: PublishPlan): BundleFile {
  const tiers = plan.tiers.map((t) => {
    const stages = plan.stages.filter((s) => s.tier === t.name);
    const cpu = stages.reduce((n, s) => n + s.cpuMillis, 0);
    const mem = stages.reduce((n, s) => n + s.memoryMi, 0);
    const gpus = stages.reduce((n, s) => n + s.gpus, 0);
    const gpu = gpus > 0 ? `, ${gpus} nvidia.com/gpu (${t.accelerators.join(', ')})` : '';
    return `| \`${t.name}\` | ${t.stages.join(', ')} | ${cpu}m CPU, ${mem}Mi memory${gpu} |`;
  });
  const labels = plan.tiers.map(
    (t) => `kubectl label node NODE-OF-${t.name.toUpperCase()} ${plan.tierLabel}=${t.name}`,
  );
  const secrets = plan.tiers
    .filter((t) => t.tlsSecret !== null)
    .map(
      (t) =>
        `kubectl -n ${plan.namespace} create secret generic ${t.tlsSecret} --from-file=tls.crt=${t.name}.crt --from-file=tls.key=${t.name}.key --from-file=ca.crt=ca.crt`,
    );
  const text = [
    `# ${plan.name}: ${plan.model.file} split at ${plan.split.join(' + ')} on ${plan.infra}`,
    '',
    `Published by \`couper publish\`. Model SHA-256 ${plan.model.sha256}.`,
    '',
    '## Build and push',
    '',
    '```sh',
    `podman build -t ${plan.image} -f ${RUNTIME_CONTAINERFILE} .`,
    `podman build -t ${plan.partsImage} -f ${PARTS_CONTAINERFILE} .`,
    `podman push ${plan.image}`,
    `podman push ${plan.partsImage}`,
    '```',
    '',
    'Both take `--build-arg BASE_IMAGE=…` (default: an official Node 20 slim image). Pushing',
    'under other names? Set them in an overlay (`images:` in its kustomization.yaml).',
    '',
    '## Label the nodes',
    '',
    `Each stage runs on a node whose label \`${plan.tierLabel}\` names its tier:`,
    '',
    '```sh',
    ...labels,
    '```',
    ...(plan.tolerations
      ? [
          '',
          `Pods tolerate the taint \`${plan.tierLabel}=TIER:NoSchedule\`, so tiers may have dedicated nodes.`,
        ]
      : []),
    ...(secrets.length > 0
      ? [
          '',
          '## TLS',
          '',
          'Every hop is mutual TLS; each tier reads its certificate from a Secret (never from an image):',
          '',
          '```sh',
          `kubectl create namespace ${plan.namespace}`,
          ...secrets,
          '```',
        ]
      : []),
    '',
    '## Deploy',
    '',
    '```sh',
    'kubectl apply -k k8s/',
    `kubectl -n ${plan.namespace} get pods -o wide`,
    `kubectl -n ${plan.namespace} logs deploy/${plan.name}-camera`,
    '```',
    '',
    `Hop addresses live in the ConfigMap \`${plan.name}-plan\` (keys \`STAGE.next\`); an overlay may point them elsewhere.`,
    '',
    '## What each tier requests',
    '',
    '| tier | stages | requests = limits |',
    '| --- | --- | --- |',
    ...tiers,
    '',
  ].join('\n');
  return { path: 'README.md', text };
}
