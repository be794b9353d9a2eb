// A labelled bar (budget, context window). Width set through CSSOM, which the CSP allows.

/** Props of a meter. */
export interface MeterProps {
  label: string;
  /** 0-100, or null when unknown. */
  value: number | null;
  warn: boolean;
  text: string;
}

/** A small horizontal meter with its text. */
export function Meter({ label, value, warn, text }: MeterProps) {
  return (
    <span class="meter-wrap">
      <span class="k">{label}</span>
      <span class={`meter ${warn ? 'warn' : ''}`} role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100}
        aria-valuenow={value ?? undefined} aria-valuetext={text} title={text}>
        <span class="meter-fill" style={{ width: `${value ?? 0}%` }} />
      </span>
      <span class="meter-text">{text}</span>
    </span>
  );
}
