// A labelled input whose problem is announced and tied to it (aria-invalid + aria-describedby).
import { useId } from 'react';

export function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  problem: string | null;
  type?: 'email' | 'text';
  autoComplete?: string;
  placeholder?: string;
  autoFocus?: boolean;
  /** Set by the organisation: shown, not editable. */
  readOnly?: boolean;
}) {
  const id = useId();
  const problemId = `${id}-problem`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete}
        placeholder={props.placeholder}
        autoFocus={props.autoFocus}
        readOnly={props.readOnly}
        spellCheck={false}
        aria-invalid={props.problem ? true : undefined}
        aria-describedby={props.problem ? problemId : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.problem && (
        <p id={problemId} className="problem" role="alert">
          {props.problem}
        </p>
      )}
    </div>
  );
}
