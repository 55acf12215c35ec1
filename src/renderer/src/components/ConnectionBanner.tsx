import { useEffect, useState } from 'react';
import { useClient } from '../api/hooks';

/** A bar across the top of every screen while the page has lost `cf serve` and is reconnecting. */
export function ConnectionBanner() {
  const client = useClient();
  const [lost, setLost] = useState(false);
  useEffect(() => client.watchConnection((state) => setLost(state === 'reconnecting')), [client]);
  if (!lost) return null;
  return (
    <div className="connection-banner" role="status" aria-live="polite">
      Connection to cf serve lost — reconnecting…
    </div>
  );
}
