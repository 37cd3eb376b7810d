/**
 * Preloaded (`node --import`) into node processes in containers, where node
 * is PID 1 and the kernel ignores signals that it has no handler for: without
 * this a stage would shrug off the SIGTERM that `podman run` passes on. A
 * process that handles the signal itself keeps its own behaviour.
 */
const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

if (process.pid === 1)
  for (const [sig, n] of Object.entries(SIGNALS))
    process.on(sig, () => {
      if (process.listenerCount(sig) === 1) process.exit(128 + n);
    });
