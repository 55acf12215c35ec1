import { useQueryClient } from '@tanstack/react-query';
import type { FormEvent, ReactNode } from 'react';
import { useState } from 'react';
import { toAppError } from '../api/client';
import { useCallMutation } from '../api/hooks';

/**
 * Shows a screen in place of the whole app while no config is loaded: one card in the middle of
 * the window, under the app's name.
 */
export function SetupScreen({ wide = false, children }: { wide?: boolean; children: ReactNode }) {
  return (
    <main className="first-run" id="content">
      <div className={`first-run-card${wide ? ' first-run-wide' : ''}`}>
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Compose Farm
        </div>
        {children}
      </div>
    </main>
  );
}

/** Shows a form that switches the app to an existing compose-farm.yaml, then loads it. */
export function UseFileForm({ title }: { title: string }) {
  const queries = useQueryClient();
  const use = useCallMutation('config.use');
  const [path, setPath] = useState('');
  const error = use.isError ? toAppError(use.error) : undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    use.mutate({ path: path.trim() }, { onSuccess: () => void queries.invalidateQueries() });
  };

  return (
    <form className="form-block" onSubmit={onSubmit}>
      <h2>{title}</h2>
      <PathField value={path} onChange={setPath} placeholder="/path/to/compose-farm.yaml" />
      {error !== undefined && <FormError message={error.message} hint={error.hint} />}
      <button type="submit" className="button" disabled={use.isPending}>
        {use.isPending ? 'Opening…' : 'Use this file'}
      </button>
    </form>
  );
}

/** Shows a text field for a file path, labelled "File". */
export function PathField({
  value,
  onChange,
  placeholder,
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
}) {
  return (
    <label className="field">
      <span>File</span>
      <input
        className="text-input mono"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        spellCheck={false}
        required
      />
    </label>
  );
}

export function FormError({ message, hint }: { message: string; hint: string }) {
  return (
    <div className="form-error" role="alert">
      <div>{message}</div>
      {hint !== '' && <div className="muted small">{hint}</div>}
    </div>
  );
}
