// The dashboard's HTML, built in one place with a fresh nonce. No vscode import, so Node tests can check the CSP.
import { randomBytes } from 'node:crypto';

/** URIs (already converted with asWebviewUri) and the webview's CSP source. */
export interface DashboardHtmlInput {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  nonce?: string;
}

/** A fresh 128-bit nonce, base64 without padding. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64').replace(/=+$/, '');
}

/**
 * The CSP of the dashboard. @vscode-elements uses constructable stylesheets, which style-src does not restrict; no
 * 'unsafe-inline' anywhere. The entry script needs the nonce; the lazily loaded chunks it imports come from the
 * extension's own dist/ (the webview's resource origin), which script-src allows by `cspSource`.
 */
export function dashboardCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' ${cspSource}`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The complete HTML document of the dashboard webview. */
export function buildDashboardHtml(input: DashboardHtmlInput): string {
  const nonce = input.nonce ?? makeNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(dashboardCsp(input.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.codiconUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>Loki Dashboard</title>
</head>
<body>
<div id="root"></div>
<script type="module" nonce="${nonce}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
