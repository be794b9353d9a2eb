// JSX typings for the @vscode-elements custom elements this webview uses.
import type { JSX } from 'preact';

type El<P = object> = JSX.HTMLAttributes<HTMLElement> & P;

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'vscode-button': El<{ disabled?: boolean; secondary?: boolean; icon?: string; 'icon-only'?: boolean; appearance?: string }>;
      'vscode-textfield': El<{ value?: string; placeholder?: string; label?: string; disabled?: boolean; type?: string }>;
      'vscode-textarea': El<{ value?: string; placeholder?: string; label?: string; rows?: number; resize?: string }>;
      'vscode-single-select': El<{ value?: string; disabled?: boolean; label?: string }>;
      'vscode-option': El<{ value?: string; selected?: boolean; description?: string }>;
      'vscode-checkbox': El<{ checked?: boolean; label?: string; disabled?: boolean }>;
      'vscode-badge': El<{ variant?: 'default' | 'counter' | 'activity-bar-counter' | 'tab-header-counter' }>;
      'vscode-collapsible': El<{ heading?: string; description?: string; open?: boolean }>;
      'vscode-progress-ring': El;
      'vscode-divider': El;
    }
  }
}
