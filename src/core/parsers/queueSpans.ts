// Record boundaries in a queue file's text, found without parsing: what lets a rewrite of a 10,000-task queue cost
// only the records that changed. Scanning is structural only (strings, brackets, commas); each span found is
// then validated by JSON.parse, and anything the scanner does not recognise makes the caller parse the file whole.

/** Offsets `[start, end)` of one top-level record inside the text. */
export interface Span {
  start: number;
  end: number;
}

/** Where a queue file's record array sits: the index just after its `[`. */
export interface ArrayShape {
  /** Index just after the opening `[`. */
  open: number;
  /** True for the `{"tasks":[...]}` wrapper (then `}` must follow the array). */
  wrapped: boolean;
}

const isWs = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

function skipWs(text: string, i: number): number {
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  return i;
}

/** Index just after the string literal that opens at `i`, or -1 when it never closes. */
function skipString(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let b = q - 1; text.charCodeAt(b) === 92; b--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** Index just after the JSON value that starts at `i` (structure only), or -1. */
function skipValue(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === 34) return skipString(text, i);
  if (first !== 123 && first !== 91) {
    // A scalar: everything up to the next separator. JSON.parse of the span decides whether it is valid.
    let j = i;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === 44 || c === 93 || c === 125 || isWs(c)) break;
      j++;
    }
    return j > i ? j : -1;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 34) {
      j = skipString(text, j);
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

/** The record array of a bare array or a `{"tasks": [...]}` wrapper with no other key; null for any other shape. */
export function locateArray(text: string): ArrayShape | null {
  let i = skipWs(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (text.charCodeAt(i) === 91) return { open: i + 1, wrapped: false };
  if (text.charCodeAt(i) !== 123) return null;
  i = skipWs(text, i + 1);
  if (!text.startsWith('"tasks"', i)) return null;
  i = skipWs(text, i + 7);
  if (text.charCodeAt(i) !== 58) return null;
  i = skipWs(text, i + 1);
  return text.charCodeAt(i) === 91 ? { open: i + 1, wrapped: true } : null;
}

/** Result of scanning part of the array. */
export interface ScanResult {
  spans: Span[];
  /** True when the scan reached the closing `]` (and a valid tail); false when it stopped at `stopAt`. */
  closed: boolean;
}

/**
 * Scans records from `pos`. `afterRecord` says whether `pos` follows a record (a `,` or `]` is due) or the `[`.
 * With `stopAt`, the scan ends when the next record would start exactly there. Null when the text does not have
 * the expected structure (the caller parses the whole file instead).
 */
export function scanSpans(text: string, pos: number, afterRecord: boolean, shape: ArrayShape, stopAt?: number): ScanResult | null {
  const spans: Span[] = [];
  let i = skipWs(text, pos);
  let expectRecord = !afterRecord;
  let first = !afterRecord;
  for (;;) {
    if (i >= text.length) return null;
    const c = text.charCodeAt(i);
    if (c === 93 && (first || !expectRecord)) {
      if (stopAt !== undefined) return null;
      let j = skipWs(text, i + 1);
      if (shape.wrapped) {
        if (text.charCodeAt(j) !== 125) return null;
        j = skipWs(text, j + 1);
      }
      return j === text.length ? { spans, closed: true } : null;
    }
    if (!expectRecord) {
      if (c !== 44) return null;
      i = skipWs(text, i + 1);
      expectRecord = true;
      continue;
    }
    if (stopAt !== undefined && i >= stopAt) return i === stopAt ? { spans, closed: false } : null;
    const end = skipValue(text, i);
    if (end < 0) return null;
    spans.push({ start: i, end });
    i = skipWs(text, end);
    expectRecord = false;
    first = false;
  }
}

/** Length of the common prefix of `a` and `b` (compared in native chunks, then characters). */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let chunk = 65536; chunk >= 1; chunk >>= 4) {
    while (i + chunk <= n && a.slice(i, i + chunk) === b.slice(i, i + chunk)) i += chunk;
  }
  return i;
}

/** Length of the common suffix of `a` and `b`, at most `max`. */
export function commonSuffix(a: string, b: string, max: number): number {
  const n = Math.min(a.length, b.length, max);
  let k = 0;
  for (let chunk = 65536; chunk >= 1; chunk >>= 4) {
    while (k + chunk <= n && a.slice(a.length - k - chunk, a.length - k) === b.slice(b.length - k - chunk, b.length - k)) k += chunk;
  }
  return k;
}
