import { create } from 'zustand';
import type { OutputOf } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { invoke } from '../api/invoke';

type AuthState = OutputOf<'auth:status'>;

type SessionStore = {
  loaded: boolean;
  state: AuthState;
  refresh(): Promise<void>;
  apply(state: AuthState): void;
  logout(): Promise<void>;
  error: AppErrorData | null;
};

export const useSession = create<SessionStore>((set) => ({
  loaded: false,
  state: { setupRequired: false, user: null },
  error: null,
  refresh: async () => {
    const r = await invoke('auth:status', {});
    if (r.ok) set({ loaded: true, state: r.value, error: null });
    else set({ loaded: true, error: r.error });
  },
  apply: (state) => set({ state, loaded: true, error: null }),
  logout: async () => {
    const r = await invoke('auth:logout', {});
    if (r.ok) set({ state: r.value });
  },
}));
