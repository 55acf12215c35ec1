import { useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { ConfigView } from '../../../shared/contract';
import { toAppError } from '../api/client';
import { useCallMutation } from '../api/hooks';
import { FormError, PathField, SetupScreen, UseFileForm } from './SetupScreen';

type MissingConfig = Extract<ConfigView, { status: 'missing' }>;

/** Shown when no compose-farm.yaml was found: create one from the example, or point at one. */
export function FirstRun({ config }: { config: MissingConfig }) {
  const [createPath, setCreatePath] = useState(config.suggestedPath);
  const [overwrite, setOverwrite] = useState(false);
  const create = useCallMutation('config.create');
  const queries = useQueryClient();
  const refresh = () => void queries.invalidateQueries();

  const onCreate = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ path: createPath.trim(), overwrite }, { onSuccess: refresh });
  };
  const createError = create.isError ? toAppError(create.error) : undefined;

  return (
    <SetupScreen>
      <h1>Set up compose-farm.yaml</h1>
      <p>
        Compose Farm reads one file that says which host runs which Docker Compose stack. None was
        found in these places:
      </p>
      <ul className="plain-list mono small searched">
        {config.searched.map((path) => (
          <li key={path}>{path}</li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="button" onClick={refresh}>
          Look again
        </button>
      </div>

      <form className="form-block" onSubmit={onCreate}>
        <h2>Create a new config</h2>
        <p className="muted small">
          Writes a commented example with two hosts and three stacks. Edit it, and the app picks up
          each change.
        </p>
        <PathField value={createPath} onChange={setCreatePath} />
        {config.searched.length > 0 && (
          <div className="path-choices">
            <span className="muted small">Suggested:</span>
            {[...new Set([config.suggestedPath, ...config.searched])].map((path) => (
              <button
                key={path}
                type="button"
                className="button button-quiet small"
                onClick={() => setCreatePath(path)}
              >
                {path}
              </button>
            ))}
          </div>
        )}
        {createError?.code === 'file-exists' && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={overwrite}
              onChange={(event) => setOverwrite(event.target.checked)}
            />
            Overwrite the existing file
          </label>
        )}
        {createError !== undefined && (
          <FormError message={createError.message} hint={createError.hint} />
        )}
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create config'}
        </button>
      </form>

      <UseFileForm title="Use an existing file" />
    </SetupScreen>
  );
}
