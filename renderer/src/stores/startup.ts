import { create } from 'zustand';

/** What the core said while it was not open yet: an upgrade step, or why it could not open. */
export type StartupState = {
  progress: { step: number | null; of: number | null; stepName: string | null; message: string } | null;
  failed: string | null;
};

export const useStartup = create<StartupState>(() => ({ progress: null, failed: null }));
