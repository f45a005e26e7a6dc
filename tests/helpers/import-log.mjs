// `node --import tsx --import ./tests/helpers/import-log.mjs …`: appends the URL of every module the process
// resolves to the file IMPORT_LOG names (tests/unit/registry-load.spec.ts reads it).
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.IMPORT_LOG, resolved.url + '\\n');
  return resolved;
}`)}`,
  import.meta.url,
);
