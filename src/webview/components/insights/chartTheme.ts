// Chart colours from the VS Code theme's CSS variables, so charts follow light, dark and high-contrast themes.

/** Colours a chart needs, resolved from the current theme. */
export interface ChartTheme {
  foreground: string;
  grid: string;
  succeeded: string;
  failed: string;
  other: string;
  line: string;
  budget: string;
  font: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

/** Reads the theme now (call again after a theme change). */
export function readChartTheme(): ChartTheme {
  const s = getComputedStyle(document.body);
  const contrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  const fg = cssVar(s, '--vscode-charts-foreground', cssVar(s, '--vscode-foreground', '#888'));
  return {
    foreground: fg,
    grid: contrast ? cssVar(s, '--vscode-contrastBorder', fg) : cssVar(s, '--vscode-charts-lines', 'rgba(128,128,128,0.35)'),
    succeeded: cssVar(s, '--vscode-charts-green', '#388a34'),
    failed: cssVar(s, '--vscode-charts-red', '#e51400'),
    other: cssVar(s, '--vscode-charts-yellow', '#bf8803'),
    line: cssVar(s, '--vscode-charts-blue', '#1a85ff'),
    budget: cssVar(s, '--vscode-charts-orange', '#d18616'),
    font: `${cssVar(s, '--vscode-font-size', '12px')} ${cssVar(s, '--vscode-font-family', 'sans-serif')}`,
  };
}

/** Calls `onChange` when VS Code switches theme (it swaps the body's classes). Returns the stop function. */
export function watchTheme(onChange: () => void): () => void {
  const obs = new MutationObserver(onChange);
  obs.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  return () => obs.disconnect();
}
