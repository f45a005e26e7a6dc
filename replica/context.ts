import type { Area, Method } from './core/router.ts';
import type { RequestCtx } from './core/http.ts';
import type { ReplicaStore } from './store.ts';

/** Everything a route handler gets: the request (core/http.ts) and the replica's store. */
export interface Ctx extends RequestCtx {
  store: ReplicaStore;
}

export type Handler = (ctx: Ctx) => Promise<void> | void;

export interface Route {
  method: Method;
  /** Path pattern: `:name` matches one segment, a final `*` the rest. */
  path: string;
  area: Area;
  handler: Handler;
  /** What it replicates, for `GET /__replica/routes` and the README. */
  what: string;
}
