import { useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { ConfigView } from '../../../shared/contract';
import { toAppError } from '../api/client';
import { useCallMutation } from '../api/hooks';
import { FormError } from './FirstRun';

type InvalidConfig = Extract<ConfigView, { status: 'invalid' }>;

/** Shown instead of the stacks when the config does not load: nothing can run from it. */
export function ConfigProblems({ config }: { config: InvalidConfig }) {
  const queries = useQueryClient();
  const use = useCallMutation('config.use');
  const [otherPath, setOtherPath] = useState('');
  const useError = use.isError ? toAppError(use.error) : undefined;

  const onUse = (event: FormEvent) => {
    event.preventDefault();
    use.mutate({ path: otherPath.trim() }, { onSuccess: () => void queries.invalidateQueries() });
  };

  return (
    <main className="first-run" id="content">
      <div className="first-run-card first-run-wide">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Compose Farm
        </div>
        <h1>
          The config has{' '}
          {config.problems.length === 1 ? 'a problem' : `${config.problems.length} problems`}
        </h1>
        <p>
          <code>{config.path}</code> does not load, so no stack is shown and nothing runs until it
          is fixed. The app reloads the file when you save it.
        </p>
        <ol className="problem-list" aria-label="Config problems">
          {config.problems.map((problem, index) => (
            <li key={index} className="problem">
              <div className="problem-place mono small">
                {problem.line === null
                  ? problem.file
                  : `${problem.file}:${problem.line}:${problem.column ?? 1}`}
                {problem.keyPath !== '' && <span className="problem-key">{problem.keyPath}</span>}
              </div>
              <div className="problem-message">{problem.message}</div>
              {problem.hint !== '' && <div className="problem-hint">{problem.hint}</div>}
            </li>
          ))}
        </ol>
        <div className="button-row">
          <button
            type="button"
            className="button button-primary"
            onClick={() => void queries.invalidateQueries()}
          >
            Check again
          </button>
        </div>
        <form className="form-block" onSubmit={onUse}>
          <h2>Use another file</h2>
          <label className="field">
            <span>File</span>
            <input
              className="text-input mono"
              value={otherPath}
              onChange={(event) => setOtherPath(event.target.value)}
              placeholder="/path/to/compose-farm.yaml"
              spellCheck={false}
              required
            />
          </label>
          {useError !== undefined && <FormError message={useError.message} hint={useError.hint} />}
          <button type="submit" className="button" disabled={use.isPending}>
            Use this file
          </button>
        </form>
      </div>
    </main>
  );
}
