import { useEffect, useState } from 'react';
import { idcRouteKey, parseIdcRoute, type IdcRoute } from '../identity-center/ui/routes.ts';

/** The pages the replica console renders, from `location.pathname` + `location.hash`. */
export type Route =
  | { page: 'home' }
  | { page: 'securityCredentials' }
  | { page: 'assignMfa' }
  | { page: 'notReplicated'; where: string }
  | { page: 'identityCenter'; idc: IdcRoute };

export const SECURITY_CREDENTIALS_HASH = '#/security_credentials';
export const ASSIGN_MFA_HASH = '#/security_credentials/mfa/assign';
export const SECURITY_CREDENTIALS_HREF = `/iam/home${SECURITY_CREDENTIALS_HASH}`;

/** Reads the route; the console has used `#/security_credentials`, `#security_credential` and a trailing slash. */
export function currentRoute(): Route {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const hash = location.hash.replace(/^#!?\/?/, '').replace(/\/+$/, '');
  if (path === '/' || path === '/console' || path === '/console/home') return { page: 'home' };
  if (/^\/iam(v2)?(\/home)?$/.test(path)) {
    if (hash === 'security_credentials' || hash === 'security_credential') return { page: 'securityCredentials' };
    if (hash === 'security_credentials/mfa/assign') return { page: 'assignMfa' };
  }
  if (/^\/singlesignon(\/home)?$/.test(path)) return { page: 'identityCenter', idc: parseIdcRoute(location.hash) };
  return { page: 'notReplicated', where: location.pathname + location.hash };
}

/** A stable key per page, to reset per-page state (flashes) on navigation. */
export function routeKey(route: Route): string {
  if (route.page === 'identityCenter') return idcRouteKey(route.idc);
  return route.page === 'notReplicated' ? `notReplicated:${route.where}` : route.page;
}

/** Goes to another hash page of the same document. */
export function goToHash(hash: string): void {
  location.hash = hash;
}

/** The current route, updated on `hashchange` and history moves. */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = (): void => setRoute(currentRoute());
    window.addEventListener('hashchange', update);
    window.addEventListener('popstate', update);
    return () => {
      window.removeEventListener('hashchange', update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
