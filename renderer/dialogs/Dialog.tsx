// One dialog frame: a labelled region whose heading takes focus when it
// appears, so keyboard and screen-reader users land on what just changed.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Dialog(props: { title: string; name: string; children: ReactNode }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [props.name]);
  return (
    <section
      role="dialog"
      aria-modal="false"
      aria-labelledby={id}
      className="dialog"
      data-dialog={props.name}
    >
      <h1 id={id} tabIndex={-1} ref={heading}>
        {props.title}
      </h1>
      {props.children}
    </section>
  );
}

export function Actions(props: { children: ReactNode }) {
  return <div className="actions">{props.children}</div>;
}

/** Back to Account & License: a quiet link-styled button, last in the row. */
export function BackButton(props: { onBack: () => void }) {
  return (
    <button type="button" className="link" onClick={props.onBack}>
      Back
    </button>
  );
}
