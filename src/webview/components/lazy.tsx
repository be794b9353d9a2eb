// Tabs and panels the board does not need are separate chunks (esbuild splitting), loaded the first time they show:
// the board's first paint does not wait for the Insights charts, the logs or the card detail.
import type { ComponentType, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** A component that loads its chunk on first render (or on `preload`), showing a spinner meanwhile. */
export interface LazyComponent<P> extends FunctionComponent<P> {
  preload: () => Promise<void>;
}

/** Wraps a dynamic import of one component. A failed load says so in place and is retried on the next mount. */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<void> | null = null;
  const preload = (): Promise<void> => {
    pending ??= load().then(c => { loaded = c; }, (e: unknown) => { pending = null; throw e; });
    return pending;
  };
  const Lazy = (props: P) => {
    const [, setReady] = useState(false);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      preload().then(() => { if (live) setReady(true); }, (e: unknown) => { if (live) setError(e instanceof Error ? e.message : String(e)); });
      return () => { live = false; };
    }, []);
    if (loaded) {
      const C = loaded;
      return <C {...props} />;
    }
    return error !== null
      ? <p class="empty" role="alert">This part of the dashboard did not load: {error}</p>
      : <p class="empty"><vscode-progress-ring /> Loading…</p>;
  };
  return Object.assign(Lazy, { preload });
}
