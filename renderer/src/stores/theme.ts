import { create } from 'zustand';

export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];

const KEY = 'bursar.theme';
const stored = (): Theme => {
  const v = localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
};

function apply(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

/** A display preference of this computer, so it lives in localStorage, not in the money store. */
export const useTheme = create<{ theme: Theme; set(theme: Theme): void }>((set) => {
  const initial = stored();
  apply(initial);
  return {
    theme: initial,
    set: (theme) => {
      localStorage.setItem(KEY, theme);
      apply(theme);
      set({ theme });
    },
  };
});
