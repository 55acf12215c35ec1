import type { Route } from '../router';
import { routeHref } from '../router';

/** Shows the pages above the current one as links, then the current page's name. */
export function Breadcrumb({
  parents,
  current,
}: {
  parents: readonly { label: string; route: Route }[];
  current: string;
}) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      {parents.map((parent, index) => (
        <span key={index}>
          <a href={routeHref(parent.route)}>{parent.label}</a>{' '}
          <span aria-hidden="true">/</span>{' '}
        </span>
      ))}
      <span aria-current="page">{current}</span>
    </nav>
  );
}
