// One dialog frame with the macOS conventions (DESIGN.md "The desktop app";
// Apple HIG, "Alerts" and "Sheets"): a labelled region whose heading takes
// focus when it appears, so keyboard and screen-reader users land on what just
// changed; the default button bottom right with Cancel (or Back) to its left;
// Return presses the default button and Escape cancels.
import { useEffect, useId, useRef, type ReactNode, type Ref } from 'react';

/** The dialogs on screen, topmost last: only the topmost one answers Return and Escape. */
const onScreen: HTMLElement[] = [];

/** Return on these already does what the user means: press that button, submit the form, a new line. */
const answersEnterItself = (target: EventTarget | null) =>
  target instanceof HTMLButtonElement ||
  target instanceof HTMLInputElement ||
  target instanceof HTMLTextAreaElement ||
  target instanceof HTMLSelectElement ||
  target instanceof HTMLAnchorElement;

export function Dialog(props: {
  title: string;
  name: string;
  children: ReactNode;
  /** What Escape does (Cancel, Back, Close); none: Escape does nothing. */
  onEscape?: () => void;
  /** An alert that asks before something that cannot be undone (a confirmation sheet). */
  alert?: boolean;
  /** The dialog under a sheet: still seen, out of reach until the sheet closes. */
  inert?: boolean;
}) {
  const id = useId();
  const section = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const escape = useRef(props.onEscape);
  useEffect(() => {
    escape.current = props.onEscape;
  });
  useEffect(() => heading.current?.focus(), [props.name]);
  useEffect(() => {
    const self = section.current;
    if (!self) return;
    onScreen.push(self);
    const onKey = (e: KeyboardEvent) => {
      if (onScreen.at(-1) !== self || e.defaultPrevented || e.isComposing) return;
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (e.key === 'Escape' && escape.current) {
        e.preventDefault();
        escape.current();
      } else if (e.key === 'Enter' && !answersEnterItself(e.target)) {
        const preferred = self.querySelector<HTMLButtonElement>('button[data-default]:not(:disabled)');
        if (!preferred) return;
        e.preventDefault();
        preferred.click();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      onScreen.splice(onScreen.indexOf(self), 1);
    };
  }, []);
  return (
    <section
      ref={section}
      role={props.alert ? 'alertdialog' : 'dialog'}
      aria-modal={props.alert ? 'true' : 'false'}
      aria-labelledby={id}
      className={props.alert ? 'dialog sheet' : 'dialog'}
      data-dialog={props.name}
      inert={props.inert}
    >
      <h1 id={id} tabIndex={-1} ref={heading}>
        {props.title}
      </h1>
      {props.children}
    </section>
  );
}

/**
 * The button row: `extra` (a third action such as Copy diagnostic report) at
 * the bottom left; the children at the bottom right, Cancel or Back first and
 * the default button last.
 */
export function Actions(props: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div className="actions">
      {props.extra && <div className="extra">{props.extra}</div>}
      <div className="main">{props.children}</div>
    </div>
  );
}

/** The default button: the accent colour, bottom right; Return presses it. */
export function DefaultButton(props: {
  children: ReactNode;
  onClick?: () => void;
  /** The form's submit button (Return in a field submits the form). */
  submit?: boolean;
  disabled?: boolean;
}) {
  return (
    <button
      type={props.submit ? 'submit' : 'button'}
      className="default"
      data-default=""
      disabled={props.disabled}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}

/** Any other button: bordered, quiet. */
export function PlainButton(props: {
  children: ReactNode;
  onClick: () => void;
  ref?: Ref<HTMLButtonElement>;
}) {
  return (
    <button type="button" onClick={props.onClick} ref={props.ref}>
      {props.children}
    </button>
  );
}

/** Back to Account & License: where Cancel sits, left of the default button. */
export function BackButton(props: { onBack: () => void }) {
  return <PlainButton onClick={props.onBack}>Back</PlainButton>;
}
