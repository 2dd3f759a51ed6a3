import { create } from 'zustand';

export type Toast = { id: number; kind: 'success' | 'error' | 'info'; text: string };

type ToastStore = { toasts: Toast[]; show(kind: Toast['kind'], text: string): void; dismiss(id: number): void };

let nextId = 1;

/** Short confirmations of completed actions; each fades after a few seconds. */
export const useToasts = create<ToastStore>((set, get) => ({
  toasts: [],
  show: (kind, text) => {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-3), { id, kind, text }] });
    window.setTimeout(() => get().dismiss(id), kind === 'error' ? 8000 : 4000);
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
}));

export const toast = (kind: Toast['kind'], text: string): void => useToasts.getState().show(kind, text);
