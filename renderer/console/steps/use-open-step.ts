// Which steps of the configurator are open: one at a time (opening a step
// closes the others), the first gray one when the page opens, or the one the
// URL names (#step-4, also when the fragment changes on the page). The open
// step is written back to the URL with history.replaceState, so a copied URL
// opens the same step without adding history entries.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Key } from 'react-aria-components';
import type { StepKey, StepState } from '../api/types.ts';
import { initialStep, stepHash, stepOfHash } from '../lib/steps.ts';

export interface OpenSteps {
  expanded: Set<Key>;
  onExpandedChange: (keys: Set<Key>) => void;
  expandAll: () => void;
  collapseAll: () => void;
}

function writeHash(steps: StepState[], open: Set<Key>): void {
  const only = open.size === 1 ? steps.find((s) => open.has(s.key)) : undefined;
  const url = `${location.pathname}${location.search}${only ? stepHash(only) : ''}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
}

/** Scrolls step `key` into view and puts the keyboard on its title (after React drew it open). */
function reveal(key: StepKey): void {
  requestAnimationFrame(() => {
    const trigger = document.querySelector<HTMLElement>(`[data-step="${key}"] button[slot="trigger"]`);
    trigger?.scrollIntoView({ block: 'start' });
    trigger?.focus({ preventScroll: true });
  });
}

export function useOpenStep(steps: StepState[] | undefined): OpenSteps {
  const [expanded, setExpanded] = useState<Set<Key> | null>(null);
  const stepsRef = useRef(steps);
  stepsRef.current = steps;
  // The first answer decides what opens; later answers (a step turning green) never move it.
  if (expanded === null && steps) {
    const first = initialStep(steps, location.hash);
    setExpanded(new Set(first ? [first] : []));
  }
  const loaded = steps !== undefined;
  useEffect(() => {
    // Once, when the steps first arrive: a deep link scrolls to its step.
    if (!loaded) return;
    const named = stepOfHash(stepsRef.current ?? [], location.hash);
    if (named) reveal(named.key);
  }, [loaded]);
  useEffect(() => {
    if (!steps) return;
    const onHash = () => {
      const step = stepOfHash(steps, location.hash);
      if (!step) return;
      setExpanded(new Set([step.key]));
      reveal(step.key);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [steps]);
  const update = useCallback(
    (next: Set<Key>) => {
      setExpanded(next);
      if (steps) writeHash(steps, next);
    },
    [steps],
  );
  const current = expanded ?? new Set<Key>();
  return {
    expanded: current,
    onExpandedChange: (keys) => {
      const added = [...keys].filter((k) => !current.has(k));
      update(added.length === 1 ? new Set(added) : keys);
    },
    expandAll: () => update(new Set((steps ?? []).map((s) => s.key))),
    collapseAll: () => update(new Set()),
  };
}
