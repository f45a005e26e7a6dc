import type { Handler } from './http.ts';

/** How a route's errors are shown: an HTML page, a console JSON error, Query XML, side-door JSON. */
export type Area = 'signin' | 'console' | 'console-api' | 'aws-api' | 'sidedoor';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route {
  method: Method;
  /** Path pattern: `:name` matches one segment, a final `*` the rest. */
  path: string;
  area: Area;
  handler: Handler;
  /** What it replicates, for `GET /__replica/routes` and the README. */
  what: string;
}
