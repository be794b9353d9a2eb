// JSON in and out of node:http with hard size limits. Errors are `{ error: { code, message } }`.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A failure with an HTTP status; the router turns it into the JSON error body. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
  static is(e: unknown): e is ApiError {
    return e instanceof ApiError;
  }
}

/** Writes a JSON response. Extra headers (CORS) are merged in. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/** Writes a text response of the given content type (exports). */
export function sendText(res: ServerResponse, status: number, text: string, contentType: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/** Writes the standard error body. */
export function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { code, message } }, headers);
}

/**
 * Reads a JSON body of at most `limit` bytes. Rejects with 413 as soon as the limit is passed (the rest is not buffered),
 * 415 for a non-JSON content type and 400 for invalid JSON. An empty body reads as `{}`.
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const type = req.headers['content-type'];
    if (type !== undefined && !/^application\/json\b/i.test(type)) {
      reject(new ApiError(415, 'unsupported_media_type', 'send the body as application/json'));
      req.resume();
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new ApiError(413, 'payload_too_large', `body above ${limit} bytes`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(new ApiError(413, 'payload_too_large', `body above ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', err => { if (!failed) { failed = true; reject(err); } });
    req.on('end', () => {
      if (failed) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new ApiError(400, 'invalid_json', 'the body is not valid JSON'));
      }
    });
  });
}
