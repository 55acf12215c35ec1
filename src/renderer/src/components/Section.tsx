import type { ReactNode } from 'react';
import { useId } from 'react';

/**
 * Shows a part of a page under its own heading, which also names the section for screen
 * readers. `actions` go to the right of the heading.
 */
export function Section({
  title,
  actions,
  className,
  children,
}: {
  title: ReactNode;
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  const headingId = useId();
  const heading = (
    <h2 id={headingId} className="section-title">
      {title}
    </h2>
  );
  return (
    <section aria-labelledby={headingId} className={className}>
      {actions === undefined ? (
        heading
      ) : (
        <div className="section-title-row">
          {heading}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}
