import { parseArgs } from 'node:util';
import { startReplica } from './server.ts';
import { parseMarkupList } from './markup/names.ts';
import type { MarkupVariation } from './markup/catalog.ts';

/**
 * `npm run replica [-- --port 4599 --host 127.0.0.1 --log]`: the replica on its own, for
 * poking at it with a browser, curl or the aws CLI. Port from --port, else REPLICA_PORT, else 4599.
 */

const USAGE =
  'Usage: npm run replica -- [--port <n>] [--host <address>] [--log] [--markup <a,b,…>] [--markup-seed <n>]\n' +
  '  --markup: markup variations of replica/markup/catalog.ts (else REPLICA_MARKUP); --markup-seed: their seed (else REPLICA_MARKUP_SEED)\n';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      log: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      markup: { type: 'string' },
      'markup-seed': { type: 'string' },
    },
  }));
} catch (err) {
  fail((err as Error).message);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const rawPort = values.port ?? process.env.REPLICA_PORT ?? '4599';
const port = Number(rawPort);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`The port must be a whole number from 0 to 65535, not "${rawPort}".`);

const rawSeed = values['markup-seed'] ?? process.env.REPLICA_MARKUP_SEED ?? '';
const seed = rawSeed === '' ? undefined : Number(rawSeed);
if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1))
  fail(`The markup seed must be a whole number from 0 to 2147483647, not "${rawSeed}".`);
let markup: MarkupVariation | undefined;
try {
  const list = values.markup ?? process.env.REPLICA_MARKUP ?? '';
  markup = list.trim() ? parseMarkupList(list, seed) : undefined;
} catch (err) {
  fail(`REPLICA_MARKUP / --markup: ${(err as Error).message}`);
}

const replica = await startReplica({ port, host: values.host ?? '127.0.0.1', logRequests: values.log ?? false, markup });
const { baseUrl } = replica;
process.stdout.write(`AWS console replica listening on ${baseUrl}

Create an account (answers its root email and password, and API keys):
  curl -s -X POST ${baseUrl}/__replica/accounts -H 'content-type: application/json' -d '{"alias":"demo"}'

Then sign in at ${baseUrl}/console/home, or run the runbooks against it with REPLICA_URL=${baseUrl}.
${markup ? `Markup variations: ${markup.transforms.join(', ')} (seed ${markup.seed ?? 1})\n` : ''}Routes: ${baseUrl}/__replica/routes   Stop: Ctrl+C
`);

const stop = (): void => {
  replica.close().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`Could not stop the replica cleanly: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
