// A call to the core from a dialog, and what the core refused, for the banner.
import { useState } from 'react';

export function useCoreCall() {
  const [problem, setProblem] = useState<string | null>(null);

  /** Calls the core; what it refuses shows in the banner. True when the call went through. */
  const run = (call: Promise<unknown>): Promise<boolean> => {
    setProblem(null);
    return call.then(
      () => true,
      (err: unknown) => {
        setProblem(err instanceof Error ? err.message : String(err));
        return false;
      },
    );
  };

  return { problem, run };
}
