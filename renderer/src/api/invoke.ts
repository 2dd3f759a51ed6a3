import type { Channel, InputOf, OutputOf } from '../../../shared/contract';
import type { DetectionReason } from '../../../shared/contract/plans';
import { errorFormat, renderErrorMessage } from '../../../shared/errorMessages';
import type { ErrorFormat, ErrorParams } from '../../../shared/errorMessages';
import { detectionReasonText } from '../../../shared/planReason';
import { localizeError } from '../../../shared/result';
import type { Result } from '../../../shared/result';
import { currentSettings } from '../stores/settings';
import { useStartup } from '../stores/startup';
import { catalogs, t } from '../i18n';
import type { MessageId } from '../i18n';
import { getApi } from './bridge';

/** Dispatched on window when the core says this desk is no longer signed in. */
export const SIGNED_OUT_EVENT = 'bursar:signed-out';

/** How often a call is asked again while the core is still upgrading its store. */
const STARTING_RETRY_MS = 400;

/**
 * Calls the core. While it is still opening (an upgrade at start) nothing has run: the
 * step is shown (the startup store) and the call is asked again until the core answers.
 */
export async function invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
  let result = await getApi().invoke(channel, input);
  while (!result.ok && result.error.code === 'UNAVAILABLE' && result.error.details?.starting === true) {
    const { step, of, stepName } = result.error.details;
    useStartup.setState({
      progress: { step: typeof step === 'number' ? step : null, of: typeof of === 'number' ? of : null, stepName: typeof stepName === 'string' ? stepName : null, message: result.error.message },
    });
    await new Promise((resolve) => setTimeout(resolve, STARTING_RETRY_MS));
    result = await getApi().invoke(channel, input);
  }
  if (!result.ok && result.error.details?.startFailed === true) useStartup.setState({ progress: null, failed: result.error.message });
  else if (useStartup.getState().progress) useStartup.setState({ progress: null });
  if (!result.ok && result.error.code === 'FORBIDDEN' && (result.error.details?.locked === true || result.error.key === 'auth.signIn' || result.error.message === 'Please sign in first')) {
    window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
  }
  // The words again from the error's keys and parameters, with amounts in the office's locale.
  if (!result.ok && (result.error.key || result.error.fieldKeys)) return { ok: false, error: localizeError(result.error, windowErrorFormat()) };
  return result;
}

const isMessageId = (id: string): id is MessageId => Object.prototype.hasOwnProperty.call(catalogs.en, id);

/** Amounts in the office's locale, the sentence from the window's catalog (`error.<key>`). */
export const windowErrorFormat = (): ErrorFormat => ({
  ...errorFormat(currentSettings()?.locale ?? 'en-US'),
  words: (key, params) => {
    const id = `error.${key}`;
    return isMessageId(id) ? t(id, params) : undefined;
  },
  label: (name) => {
    const id = `field.${name}`;
    return isMessageId(id) ? t(id) : undefined;
  },
});

/**
 * Words the core sends by key (a void's reason, an import row's problem): in the window's
 * language, amounts and dates in the office's locale; `english` when the key is unknown.
 */
export const windowWords = (key: string | null | undefined, params: ErrorParams | undefined, english: string): string =>
  (key ? renderErrorMessage(key, params ?? {}, windowErrorFormat()) : undefined) ?? english;

/** `english` worded again from its key (`words`), or null when there is nothing to say. */
export const keyedWords = (words: { key: string; params: ErrorParams } | null | undefined, english: string | null | undefined): string | null =>
  english ? windowWords(words?.key, words?.params, english) : null;

/** Why the auto-detect rules chose a plan, in the office's language (amounts in its locale). */
export const planReasonWords = (reason: DetectionReason): string => detectionReasonText(reason, (key, params) => windowWords(key, params, key));

/** A fresh id per user action; a retried submit of the same action reuses it. */
export function newRequestId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `r-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
