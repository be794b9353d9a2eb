// Reading values from @vscode-elements events (the target is the custom element itself).

/** `value` of the element that fired the event. */
export function valueOf(e: Event): string {
  const v = (e.currentTarget as { value?: unknown } | null)?.value ?? (e.target as { value?: unknown } | null)?.value;
  return typeof v === 'string' ? v : '';
}

/** `checked` of the element that fired the event. */
export function checkedOf(e: Event): boolean {
  return !!(e.currentTarget as { checked?: unknown } | null)?.checked;
}
