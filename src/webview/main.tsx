// Webview entry: acquires the VS Code API once and provides it through context.
import { render } from 'preact';
import './elements';
import './styles/dashboard.css';
import './styles/checkpoints.css';
// The lazily loaded Insights tab's styles: CSS of a lazy chunk would not be loaded by anything.
import 'uplot/dist/uPlot.min.css';
import './components/insights/insights.css';
import { App } from './components/App';
import { VsCode } from './vscodeApi';
import type { VsCodeApi } from './vscodeApi';
import type { UiState } from './model/uiState';

declare function acquireVsCodeApi(): VsCodeApi<UiState>;

const api = acquireVsCodeApi();
const root = document.getElementById('root');
if (root) {
  render(
    <VsCode.Provider value={api}>
      <App />
    </VsCode.Provider>,
    root,
  );
}
