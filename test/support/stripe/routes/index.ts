import { billingRoutes } from './billing';
import { catalogRoutes } from './catalog';
import { checkoutRoutes } from './checkout';
import { customerRoutes } from './customers';
import { eventRoutes } from './events';
import { paymentRoutes } from './payments';
import type { HttpMethod, Route } from './types';

export const apiRoutes: Route[] = [...customerRoutes, ...catalogRoutes, ...paymentRoutes, ...billingRoutes, ...checkoutRoutes, ...eventRoutes];

export function matchRoute(method: string, path: string): { route: Route; ids: string[] } | 'method_mismatch' | null {
  let pathMatched = false;
  for (const route of apiRoutes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (route.method === (method as HttpMethod)) return { route, ids: m.slice(1).map((s) => decodeURIComponent(s)) };
  }
  return pathMatched ? 'method_mismatch' : null;
}
