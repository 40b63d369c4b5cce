// Form fields on react-aria-components: a label, the input, an optional
// description and the error react-aria's <Form validationErrors> puts under
// the field whose name the server blamed.
import type { ReactNode } from 'react';
import {
  Checkbox,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
  Button as AriaButton,
  Text,
  TextArea,
  TextField,
} from 'react-aria-components';
import { useFieldChanged, useFieldError } from './server-form.tsx';

interface TextInputProps {
  name: string;
  label: string;
  description?: ReactNode;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'url' | 'search' | 'datetime-local';
  multiline?: boolean;
  isRequired?: boolean;
  autoComplete?: string;
  placeholder?: string;
}

export function TextInput(props: TextInputProps) {
  const error = useFieldError(props.name);
  const changed = useFieldChanged(props.name);
  return (
    <TextField
      className="field"
      name={props.name}
      isInvalid={error !== undefined}
      value={props.value}
      onChange={(value) => {
        changed();
        props.onChange(value);
      }}
      isRequired={props.isRequired ?? false}
      type={props.multiline ? undefined : (props.type ?? 'text')}
      {...(props.autoComplete && { autoComplete: props.autoComplete })}
    >
      <Label>{props.label}</Label>
      {props.multiline ? (
        <TextArea rows={6} {...(props.placeholder && { placeholder: props.placeholder })} />
      ) : (
        <Input {...(props.placeholder && { placeholder: props.placeholder })} />
      )}
      {props.description && (
        <Text slot="description" className="description">
          {props.description}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
    </TextField>
  );
}

export function Tick(props: {
  name?: string;
  label: string;
  isSelected: boolean;
  onChange: (value: boolean) => void;
  isDisabled?: boolean;
}) {
  return (
    <Checkbox
      className="tick"
      {...(props.name && { name: props.name })}
      isSelected={props.isSelected}
      onChange={props.onChange}
      isDisabled={props.isDisabled ?? false}
    >
      <span className="tick-box" aria-hidden="true">
        {props.isSelected ? '✓' : ''}
      </span>
      {props.label}
    </Checkbox>
  );
}

export interface Choice {
  id: string;
  label: string;
}

export function Picker(props: {
  name: string;
  label: string;
  choices: Choice[];
  selected: string | null;
  onChange: (id: string) => void;
  placeholder?: string;
  description?: ReactNode;
}) {
  const error = useFieldError(props.name);
  const changed = useFieldChanged(props.name);
  return (
    <Select
      className="field"
      name={props.name}
      isInvalid={error !== undefined}
      selectedKey={props.selected}
      onSelectionChange={(key) => {
        if (key === null) return;
        changed();
        props.onChange(String(key));
      }}
      placeholder={props.placeholder ?? 'Choose…'}
    >
      <Label>{props.label}</Label>
      <AriaButton className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </AriaButton>
      {props.description && (
        <Text slot="description" className="description">
          {props.description}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
      <Popover className="popover">
        <ListBox className="listbox" items={props.choices}>
          {(c) => (
            <ListBoxItem id={c.id} className="listbox-item" textValue={c.label}>
              {c.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}
