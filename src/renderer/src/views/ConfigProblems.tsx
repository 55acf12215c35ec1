import { useQueryClient } from '@tanstack/react-query';
import type { ConfigView } from '../../../shared/contract';
import { SetupScreen, UseFileForm } from './SetupScreen';

type InvalidConfig = Extract<ConfigView, { status: 'invalid' }>;

/** Shown instead of the stacks when the config does not load: nothing can run from it. */
export function ConfigProblems({ config }: { config: InvalidConfig }) {
  const queries = useQueryClient();
  return (
    <SetupScreen wide>
      <h1>
        The config has{' '}
        {config.problems.length === 1 ? 'a problem' : `${config.problems.length} problems`}
      </h1>
      <p>
        <code>{config.path}</code> does not load, so no stack is shown and nothing runs until it is
        fixed. The app reloads the file when you save it.
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
      <UseFileForm title="Use another file" />
    </SetupScreen>
  );
}
