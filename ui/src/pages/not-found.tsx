// The page for a path the dashboard does not know.
import type { ReactNode } from "react";
import { Link } from "react-router";

/** "Page not found", with a way back to the runs. */
export function NotFoundPage(): ReactNode {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. <Link to="/runs">Go to the runs</Link>.
      </p>
    </section>
  );
}
