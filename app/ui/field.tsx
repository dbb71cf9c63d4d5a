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
  box = false,
  ...input
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  control?: (props: FieldControlProps) => ReactNode;
  /** A checkbox: drawn at its own size before its label, the hint and error beneath. */
  box?: boolean;
} & InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null]
    .filter(Boolean)
    .join(" ");
  const controlProps: FieldControlProps = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy || undefined,
  };
  const drawn = control ? (
    control(controlProps)
  ) : (
    <input {...input} {...controlProps} />
  );
  return (
    <div className={box ? "field box-field" : "field"}>
      {box ? (
        <div className="box-row">
          {drawn}
          <label htmlFor={id}>{label}</label>
        </div>
      ) : (
        <>
          <label htmlFor={id}>{label}</label>
          {drawn}
        </>
      )}
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
