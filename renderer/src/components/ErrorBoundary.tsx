import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

type State = { error: Error | null };

/** A screen that throws shows a message; the rest of the app stays usable. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Screen failed', error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="banner banner--error" role="alert">
          This screen hit a problem and was closed. Your data is safe. Choose another screen, or try again.
          <button type="button" className="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
