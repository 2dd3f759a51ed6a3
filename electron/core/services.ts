import { createLoginThrottle } from '../services/auth/loginThrottle';
import type { LoginThrottle } from '../services/auth/loginThrottle';
import type { Store } from '../store/store';

/** Long-lived collaborators the handlers share; each domain adds its own here. */
export type Services = {
  readonly dataDir: string;
  readonly version: string;
  readonly stripeConfigured: () => boolean;
  readonly relayConfigured: () => boolean;
  readonly loginThrottle: LoginThrottle;
};

export type ServiceOptions = { dataDir: string; version: string };

export function createServices(_store: Store, options: ServiceOptions): Services {
  return {
    dataDir: options.dataDir,
    version: options.version,
    stripeConfigured: () => false,
    relayConfigured: () => false,
    loginThrottle: createLoginThrottle(),
  };
}
