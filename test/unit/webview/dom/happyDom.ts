// A real DOM (happy-dom) for rendering webview components in plain Node: installs the browser globals Preact and the
// components use, and removes them again.
import { Window } from 'happy-dom';

const NAMES = ['window', 'document', 'navigator', 'Node', 'Element', 'HTMLElement', 'Event', 'CustomEvent', 'MutationObserver', 'ResizeObserver', 'requestAnimationFrame', 'cancelAnimationFrame', 'CSS', 'customElements'] as const;

/** Installs a fresh window's globals; the returned function closes the window and restores what was there. */
export function installDom(): { window: Window; uninstall: () => Promise<void> } {
  const window = new Window({ url: 'https://webview.invalid/' });
  const g = globalThis as Record<string, unknown>;
  const saved = new Map(NAMES.map(n => [n, Object.getOwnPropertyDescriptor(g, n)]));
  const w = window as unknown as Record<string, unknown>;
  for (const n of NAMES) Object.defineProperty(g, n, { value: n === 'window' ? window : w[n], configurable: true, writable: true });
  return {
    window,
    uninstall: async () => {
      await window.happyDOM.abort();
      await window.happyDOM.close();
      for (const [n, d] of saved) {
        if (d) Object.defineProperty(g, n, d);
        else delete g[n];
      }
    },
  };
}
