import { useId } from 'react';
import type { SelectHTMLAttributes } from 'react';

type SelectFieldProps = {
  label: string;
  options: readonly { value: string; label: string }[];
  error?: string | undefined;
} & SelectHTMLAttributes<HTMLSelectElement>;

export function SelectField({ label, options, error, ...select }: SelectFieldProps) {
  const id = useId();
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <div id={`${id}-error`} className="field__error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
