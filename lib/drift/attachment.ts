/** Name of the attachment that carries a drift's details from the worker (lib/drift/drift.ts) to the reporter (lib/run/run-summary.ts). */
export const DRIFT_ATTACHMENT = 'console-drift';
