/** Anything that holds a resource (watcher, timer, server, child process). Matches `vscode.Disposable` structurally. */
export interface Disposable {
  dispose(): void;
}

/** Collects disposables and releases them in reverse order; anything added after disposal is released at once. */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];
  private done = false;

  add<T extends Disposable>(d: T): T {
    if (this.done) d.dispose();
    else this.items.push(d);
    return d;
  }

  get isDisposed(): boolean {
    return this.done;
  }

  dispose(): void {
    this.done = true;
    while (this.items.length) {
      try {
        this.items.pop()!.dispose();
      } catch {
        // One failing disposer must not keep the rest alive.
      }
    }
  }
}

/** Wraps a function as a Disposable. */
export function toDisposable(fn: () => void): Disposable {
  let called = false;
  return { dispose: () => { if (!called) { called = true; fn(); } } };
}

/** A tiny typed event emitter with disposable subscriptions (core cannot use vscode.EventEmitter). */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(e: T) => void>();

  readonly event = (listener: (e: T) => void): Disposable => {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  };

  fire(e: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        // A throwing listener must not break delivery to the others.
      }
    }
  }

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  dispose(): void {
    this.listeners.clear();
  }
}
