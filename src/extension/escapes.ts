// Pure (no vscode import): the `\n` escape rule of the single-line input boxes.

/** Turns `\n` and `\t` typed in a single-line input box into new lines and tabs; `\\` keeps one backslash. */
export function unescapeInput(text: string): string {
  return text.replace(/\\(\\|n|t)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
}
