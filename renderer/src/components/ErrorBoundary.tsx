import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { t } from '../i18n';

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
          {t('errorBoundary.thisScreenHitAProblem')}
          <button type="button" className="button" onClick={() => this.setState({ error: null })}>
            {t('errorBoundary.tryAgain')}
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
