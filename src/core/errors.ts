// What was thrown is `unknown`: these turn it into something a log or a reply can carry, in one place.

/** The thrown value as an Error (its stack kept); anything else is wrapped with its string form. */
export function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** Readable message of anything thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
