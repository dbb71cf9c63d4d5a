import type { InputHTMLAttributes, ReactNode } from "react";

/** What a field's control needs to be tied to its label, hint and error for screen readers. */
export type FieldControlProps = {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
};

/**
 * Every form's field: a label, its control, its hint and its error beside it, tied together for
 * screen readers. The control is an input with the given attributes, or whatever `control`
 * draws (a select, a textarea) with the props it is handed.
 */
export function Field({
  id,
  label,
  hint,
  error,
  control,
  ...input
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  control?: (props: FieldControlProps) => ReactNode;
} & InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null]
    .filter(Boolean)
    .join(" ");
  const controlProps: FieldControlProps = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy || undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control ? control(controlProps) : <input {...input} {...controlProps} />}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
