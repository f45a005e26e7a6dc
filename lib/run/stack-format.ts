/**
 * Error stacks in a Playwright worker, formatted without source maps when no frame can have one.
 *
 * Playwright Test installs source-map-support in its workers, so every `error.stack` is mapped
 * frame by frame, each frame copied with its ~20 methods (cloneCallSite), whether or not its file
 * has a source map. Playwright's own server code reads a stack on every protocol call it races
 * (LongStandingScope._race) and none of those frames is ours. Measured by a worker CPU profile of
 * tests/runbooks/root-mfa.spec.ts (8 runs): prepareStackTrace 851 → 238 ms, the worker's busy time
 * 7.9 → 7.6 s; bench:fleet's run-to-run noise is larger than that. A stack with a frame of a
 * file Playwright compiled (the project's TypeScript, outside node_modules) is still mapped as before,
 * so error locations, step locations and the trace's sources are unchanged.
 */

/** V8's own stack format: what a stack reads as when no frame has a source map. */
function v8Format(error: unknown, frames: NodeJS.CallSite[]): string {
  const head = error instanceof Error ? Error.prototype.toString.call(error) : String(error);
  return frames.length ? `${head}\n${frames.map((f) => `    at ${f.toString()}`).join('\n')}` : head;
}

/** True for a frame of a file that may have a source map: the project's own, compiled by Playwright. */
function mappable(frame: NodeJS.CallSite): boolean {
  const file = frame.getFileName();
  return !!file && !file.includes('/node_modules/') && !file.startsWith('node:');
}

type PrepareStackTrace = NonNullable<ErrorConstructor['prepareStackTrace']>;

/** A prepareStackTrace that gives a stack with a project frame to `mapped`, and formats any other as V8 does. */
export function skipMappingOfLibraryStacks(mapped: PrepareStackTrace): PrepareStackTrace {
  return (error, frames) => (frames.some(mappable) ? mapped(error, frames) : v8Format(error, frames));
}

let installed = false;

/** Wraps the worker's Error.prepareStackTrace (source-map-support's) so stacks without a project frame skip it. Once per process. */
export function skipSourceMapsOfLibraryStacks(): void {
  const mapped = Error.prepareStackTrace;
  if (installed || !mapped) return;
  installed = true;
  Error.prepareStackTrace = skipMappingOfLibraryStacks(mapped);
}
