// Record boundaries in a queue file's bytes, found without parsing or decoding: what lets a rewrite of a 10,000-task
// queue cost only the records that changed. Scanning is structural only (strings, brackets, commas); each span found
// is then validated by JSON.parse, and anything the scanner does not recognise makes the caller parse the file whole.
// It works on the UTF-8 bytes because every byte JSON structure needs is ASCII, and no byte of a multi-byte UTF-8
// character is below 0x80: so the bytes have exactly the structure of the decoded text, and decoding one record's
// span (it starts and ends on an ASCII byte) gives exactly that record's part of the whole file's decoded text.
import { Buffer } from 'node:buffer';

/** Byte offsets `[start, end)` of one top-level record. */
export interface Span {
  start: number;
  end: number;
}

/** Where a queue file's record array sits: the offset just after its `[`. */
export interface ArrayShape {
  /** Offset just after the opening `[`. */
  open: number;
  /** True for the `{"tasks":[...]}` wrapper (then `}` must follow the array). */
  wrapped: boolean;
}
const QUOTE = 34;
const BACKSLASH = 92;
const TASKS_KEY = Buffer.from('"tasks"');

const isWs = (c: number | undefined): boolean => c === 32 || c === 10 || c === 13 || c === 9;

function skipWs(bytes: Buffer, i: number): number {
  while (i < bytes.length && isWs(bytes[i])) i++;
  return i;
}

/** Offset just after the string literal that opens at `i`, or -1 when it never closes. */
function skipString(bytes: Buffer, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = bytes.indexOf(QUOTE, from);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let b = q - 1; bytes[b] === BACKSLASH; b--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** Offset just after the JSON value that starts at `i` (structure only), or -1. */
function skipValue(bytes: Buffer, i: number): number {
  const first = bytes[i];
  if (first === QUOTE) return skipString(bytes, i);
  if (first !== 123 && first !== 91) {
    // A scalar: everything up to the next separator. JSON.parse of the span decides whether it is valid.
    let j = i;
    while (j < bytes.length) {
      const c = bytes[j];
      if (c === 44 || c === 93 || c === 125 || isWs(c)) break;
      j++;
    }
    return j > i ? j : -1;
  }
  let depth = 0;
  for (let j = i; j < bytes.length; j++) {
    const c = bytes[j];
    if (c === QUOTE) {
      j = skipString(bytes, j);
      if (j < 0) return -1;
      j--;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return j + 1;
      if (depth < 0) return -1;
    }
  }
  return -1;
}

/** True when the bytes open with the UTF-8 byte order mark (which the text parsers skip). */
export const hasBom = (bytes: Buffer): boolean => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/** The record array of a bare array or a `{"tasks": [...]}` wrapper with no other key; null for any other shape. */
export function locateArray(bytes: Buffer): ArrayShape | null {
  let i = skipWs(bytes, hasBom(bytes) ? 3 : 0);
  if (bytes[i] === 91) return { open: i + 1, wrapped: false };
  if (bytes[i] !== 123) return null;
  i = skipWs(bytes, i + 1);
  if (i + TASKS_KEY.length > bytes.length || bytes.compare(TASKS_KEY, 0, TASKS_KEY.length, i, i + TASKS_KEY.length) !== 0) return null;
  i = skipWs(bytes, i + TASKS_KEY.length);
  if (bytes[i] !== 58) return null;
  i = skipWs(bytes, i + 1);
  return bytes[i] === 91 ? { open: i + 1, wrapped: true } : null;
}

/** Result of scanning part of the array. */
export interface ScanResult {
  spans: Span[];
  /** True when the scan reached the closing `]` (and a valid tail); false when it stopped at `stopAt`. */
  closed: boolean;
}

/**
 * Scans records from `pos`. `afterRecord` says whether `pos` follows a record (a `,` or `]` is due) or the `[`.
 * With `stopAt`, the scan ends when the next record would start exactly there. Null when the bytes do not have
 * the expected structure (the caller parses the whole file instead).
 */
export function scanSpans(bytes: Buffer, pos: number, afterRecord: boolean, shape: ArrayShape, stopAt?: number): ScanResult | null {
  const spans: Span[] = [];
  let i = skipWs(bytes, pos);
  let expectRecord = !afterRecord;
  let first = !afterRecord;
  for (;;) {
    if (i >= bytes.length) return null;
    const c = bytes[i];
    if (c === 93 && (first || !expectRecord)) {
      if (stopAt !== undefined) return null;
      let j = skipWs(bytes, i + 1);
      if (shape.wrapped) {
        if (bytes[j] !== 125) return null;
        j = skipWs(bytes, j + 1);
      }
      return j === bytes.length ? { spans, closed: true } : null;
    }
    if (!expectRecord) {
      if (c !== 44) return null;
      i = skipWs(bytes, i + 1);
      expectRecord = true;
      continue;
    }
    if (stopAt !== undefined && i >= stopAt) return i === stopAt ? { spans, closed: false } : null;
    const end = skipValue(bytes, i);
    if (end < 0) return null;
    spans.push({ start: i, end });
    i = skipWs(bytes, end);
    expectRecord = false;
    first = false;
  }
}

/** Length of the common prefix of `a` and `b` in bytes (native compares of shrinking chunks). */
export function commonPrefix(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let chunk = 65536; chunk >= 1; chunk >>= 4) {
    while (i + chunk <= n && a.compare(b, i, i + chunk, i, i + chunk) === 0) i += chunk;
  }
  return i;
}

/** Length of the common suffix of `a` and `b` in bytes, at most `max`. */
export function commonSuffix(a: Buffer, b: Buffer, max: number): number {
  const n = Math.min(a.length, b.length, max);
  let k = 0;
  for (let chunk = 65536; chunk >= 1; chunk >>= 4) {
    while (k + chunk <= n && a.compare(b, b.length - k - chunk, b.length - k, a.length - k - chunk, a.length - k) === 0) k += chunk;
  }
  return k;
}
