/**
 * The V8 old-space cap of the Playwright processes an operator command starts (the runner and its
 * workers), in MB. A worker's live heap after a root-mfa run is about 100 MB; uncapped, V8 lets garbage
 * (trace buffers, decoded screenshots, redaction copies) pile up well past that between collections, and
 * a fleet worker peaked at 250–290 MB resident. Capped at 256 it collects sooner and peaked at 216–236 MB,
 * for no CPU the bench could tell from its run-to-run noise (bench/fleet.bench.ts). The replica an operator command hosts runs in the command
 * itself, not in the workers, so a worker's heap does not grow with the fleet.
 */
export const WORKER_OLD_SPACE_MB = 256;

const CAP = /--max-old-space-size(=|\s)/;

/** NODE_OPTIONS for the processes an operator command starts: the caller's, plus the old-space cap unless they set one. */
export function cappedNodeOptions(current: string | undefined): string {
  const given = (current ?? '').trim();
  if (CAP.test(given)) return given;
  return `${given} --max-old-space-size=${WORKER_OLD_SPACE_MB}`.trim();
}
