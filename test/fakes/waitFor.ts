/**
 * Polls `check` until it returns a truthy value and returns that value; fails with `what` (a string, or a function
 * that describes the state at the deadline) after `timeoutMs`. Tests wait for the event with this, never for a
 * fixed time. Used by the plain-Node suites and the VS Code host suites alike.
 */
export async function waitFor<T>(what: string | (() => string), check: () => T | Promise<T>, timeoutMs = 20_000, pollMs = 20): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline) {
      const label = typeof what === 'string' ? what : what();
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${label} (last value: ${JSON.stringify(last)})`);
    }
    await new Promise(r => setTimeout(r, pollMs));
  }
}
