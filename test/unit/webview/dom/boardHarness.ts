// What the board render test loads from the webview, bundled by esbuild with the production JSX settings (tsx, which
// runs the tests, compiles .tsx outside the root tsconfig's files as React). Preact stays external: one instance.
export { Board } from '../../../../src/webview/components/Board';
export { TaskCardView } from '../../../../src/webview/components/TaskCard';
export { cardFactsComputed } from '../../../../src/webview/model/cardFacts';
export { VsCode } from '../../../../src/webview/vscodeApi';
