import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { t } from '../i18n';
import { useSetting } from '../stores/settings';
import { datePattern, dateShapeOf, formatDay, readDay, settled } from './dateText';
import type { DateReading, DateShape } from './dateText';

type DateFieldProps = {
  label: string;
  /** The day shown: YYYY-MM-DD, or '' for none. */
  value: string;
  /** A real day typed (YYYY-MM-DD), or '' when the field is cleared. Never called while the text is not a day. */
  onChange(day: string): void;
  /**
   * The field's own error words while its text is not a day (null once it is one, is empty and
   * not required, or the field goes away): a screen that sends the date holds back until every
   * one is null (`useDateChecks`).
   */
  onProblem?(problem: string | null): void;
  /** An error from elsewhere (the core's answer), shown when the text itself reads well. */
  error?: string | undefined;
  hint?: ReactNode;
  /** Empty is then an error too, in the office's words (not the browser's own bubble in the machine's language). */
  required?: boolean;
  disabled?: boolean;
};

type Draft = { text: string; day: string; shape: DateShape };

const letters = () => ({ day: t('dateField.dd'), month: t('dateField.mm'), year: t('dateField.yyyy') });

function problemOf(reading: DateReading, field: string, pattern: string, text: string, required: boolean): string | null {
  switch (reading.kind) {
    case 'empty':
      return required ? t('dateField.notADate', { field, pattern }) : null;
    case 'day':
      return null;
    case 'shortYear':
      return t('dateField.shortYear', { field, pattern });
    case 'noSuchDay':
      return t('dateField.noSuchDay', { field, text: text.trim() });
    case 'incomplete':
    case 'notADate':
      return t('dateField.notADate', { field, pattern });
  }
}

/**
 * A calendar date typed and read in the office's locale (Settings), not the machine's: a
 * Spanish office types 15/01/2027 on any computer, an American one 01/15/2027. The screens keep
 * YYYY-MM-DD in and out. A text that is not a day on the calendar is never passed on: the field
 * says why in the office's language, naming itself, and tells the screen (`onProblem`).
 *
 * The same markup as `Field` (label, aria-invalid, aria-describedby for the error or the
 * format hint), so it reads and is styled the same. No picker: the date is typed.
 */
export function DateField({ label, value, onChange, onProblem, error, hint, required, disabled }: DateFieldProps) {
  const id = useId();
  const locale = useSetting('locale', 'en-US');
  const shape = dateShapeOf(locale);
  const pattern = datePattern(shape, letters());
  const [draft, setDraft] = useState<Draft>(() => ({ text: formatDay(value, shape), day: value, shape }));
  // Set when the person leaves the field or presses Enter: then an unfinished date is an error too.
  const [done, setDone] = useState(false);
  let shown = draft;
  if (draft.day !== value || draft.shape !== shape) {
    // The screen changed the day (a dialog opened on an item, a reset) or the office its locale.
    shown = { text: formatDay(value, shape), day: value, shape };
    setDraft(shown);
  }
  const reading = readDay(shown.text, shape);
  const problem = problemOf(reading, label, pattern, shown.text, required === true);

  const report = useRef(onProblem);
  useEffect(() => {
    report.current = onProblem;
  });
  useEffect(() => {
    report.current?.(problem);
  }, [problem]);
  useEffect(() => () => report.current?.(null), []);

  const type = (text: string) => {
    const next = readDay(text, shape);
    const day = next.kind === 'day' ? next.day : next.kind === 'empty' ? '' : shown.day;
    setDraft({ text, day, shape });
    setDone(false);
    if ((next.kind === 'day' || next.kind === 'empty') && day !== value) onChange(day);
  };
  const leave = () => {
    setDone(true);
    // A day typed loosely (1/2/2027) is written back the office's way (01/02/2027).
    if (reading.kind === 'day') setDraft({ ...shown, text: formatDay(reading.day, shape) });
  };

  const message = problem && (done || settled(reading)) ? problem : (error ?? null);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <div className={message ? 'field field--date field--invalid' : 'field field--date'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        spellCheck={false}
        placeholder={pattern}
        value={shown.text}
        aria-required={required ? true : undefined}
        disabled={disabled}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? errorId : hintId}
        onChange={(e) => type(e.target.value)}
        onBlur={leave}
        onKeyDown={(e) => {
          if (e.key === 'Enter') setDone(true);
        }}
      />
      {message ? (
        <div id={errorId} className="field__error" role="alert">
          {message}
        </div>
      ) : (
        <div id={hintId} className="field__hint">
          {t('dateField.format', { pattern })}
          {hint ? <> · {hint}</> : null}
        </div>
      )}
    </div>
  );
}

/**
 * The date fields of one screen that do not read as a day yet. `watch(name)` is a field's
 * `onProblem`; while `blocked`, the screen sends nothing (the field shows why).
 */
export function useDateChecks(): { watch: (name: string) => (problem: string | null) => void; blocked: boolean } {
  const [problems, setProblems] = useState<Readonly<Record<string, string>>>({});
  const watch = useCallback(
    (name: string) => (problem: string | null) =>
      setProblems((now) => {
        if ((now[name] ?? null) === problem) return now;
        const next = { ...now };
        if (problem === null) delete next[name];
        else next[name] = problem;
        return next;
      }),
    [],
  );
  return { watch, blocked: Object.keys(problems).length > 0 };
}
