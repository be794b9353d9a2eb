// Request/response over postMessage: each request carries a requestId and the host answers with `reply`.
import type { Result, WebviewMessage } from '../core/protocol';

type Pending = (r: Result<unknown>) => void;

/** Distributive Omit so each message variant keeps its own fields. */
type WithoutRequestId<T> = T extends unknown ? Omit<T, 'requestId'> : never;
/** Messages that expect a reply. */
export type RequestMessage = WithoutRequestId<Extract<WebviewMessage, { requestId: number }>>;

/** Numbers requests and routes replies back to their callers. */
export class Rpc {
  private next = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly post: (msg: WebviewMessage) => void) {}

  /** Allocates a request id (callers that need it before sending, e.g. optimistic moves). */
  id(): number {
    return this.next++;
  }

  /** Sends a request; resolves with the host's Result (never rejects). */
  request(msg: RequestMessage, requestId = this.id()): Promise<Result<unknown>> {
    return new Promise(resolve => {
      this.pending.set(requestId, resolve);
      this.post({ ...msg, requestId });
    });
  }

  /** Routes a reply; returns false when no request waits for it. */
  resolve(requestId: number, result: Result<unknown>): boolean {
    const p = this.pending.get(requestId);
    if (!p) return false;
    this.pending.delete(requestId);
    p(result);
    return true;
  }
}
