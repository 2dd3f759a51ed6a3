import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { getApi } from '../api/bridge';
import { applyNotice, queryClient } from './queryClient';

/** The one query cache for the window, and the one change-notice listener that keeps it fresh. */
export function QueryRoot({ children }: { children: ReactNode }) {
  useEffect(() => getApi().onChange((notice) => void applyNotice(queryClient, notice)), []);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
