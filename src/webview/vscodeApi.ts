// The VS Code webview API, provided through a Preact context so tests and the dev harness can pass a fake.
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { WebviewMessage } from '../core/protocol';
import type { UiState } from './model/uiState';

/** What `acquireVsCodeApi()` returns, typed to our messages and UI state. */
export interface VsCodeApi<S> {
  postMessage: (msg: WebviewMessage) => void;
  getState: () => S | undefined;
  setState: (state: S) => void;
}

/** The API, acquired once in main.tsx. */
export const VsCode = createContext<VsCodeApi<UiState> | null>(null);

/** The API from context; throws when no provider is mounted (a programming error). */
export function useVsCode(): VsCodeApi<UiState> {
  const api = useContext(VsCode);
  if (!api) throw new Error('VsCode context is missing');
  return api;
}

/** State that survives the panel being hidden (the webview is destroyed then) and window reloads. UI choices only. */
export function usePersisted<K extends keyof UiState>(key: K, init: Exclude<UiState[K], undefined>) {
  const api = useVsCode();
  const [v, setV] = useState<Exclude<UiState[K], undefined>>(() => (api.getState()?.[key] ?? init) as Exclude<UiState[K], undefined>);
  useEffect(() => {
    api.setState({ ...api.getState(), [key]: v });
  }, [v]);
  return [v, setV] as const;
}
