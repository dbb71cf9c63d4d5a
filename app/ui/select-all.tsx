import { useEffect, useRef, useState } from "react";

/**
 * "Select all on this page": a checkbox that ticks or unticks every comment's box of the form
 * `formId`, and shows "some" (indeterminate) when only some are ticked. It needs JavaScript, so it
 * is drawn only once the page runs it; without JavaScript the page's "All N comments on this page"
 * buttons do the same (decision 053).
 */
export function SelectAllOnPage({
  formId,
  itemIds,
}: {
  formId: string;
  /** The ids listed on the page, so the box is counted again when the list changes. */
  itemIds: readonly number[];
}) {
  const box = useRef<HTMLInputElement>(null);
  const [running, setRunning] = useState(false);
  const [ticked, setTicked] = useState<"none" | "some" | "all">("none");
  const listed = itemIds.join(",");

  useEffect(() => {
    setRunning(true);
    const boxes = () =>
      [
        ...document.querySelectorAll<HTMLInputElement>(
          `input[type="checkbox"][name="commentId"][form="${formId}"]`,
        ),
      ].filter((input) => !input.disabled);
    const count = () => {
      const all = boxes();
      const on = all.filter((input) => input.checked).length;
      setTicked(
        on === 0 ? "none" : on === all.length ? "all" : ("some" as const),
      );
    };
    count();
    const onChange = (event: Event) => {
      const target = event.target;
      if (
        target instanceof HTMLInputElement &&
        target.name === "commentId" &&
        target.getAttribute("form") === formId
      ) {
        count();
      }
    };
    document.addEventListener("change", onChange);
    return () => document.removeEventListener("change", onChange);
  }, [formId, listed]);

  useEffect(() => {
    if (box.current) box.current.indeterminate = ticked === "some";
  }, [ticked, running]);

  if (!running) return null;
  return (
    <label className="select-all">
      <input
        ref={box}
        type="checkbox"
        checked={ticked === "all"}
        onChange={(event) => {
          const on = event.currentTarget.checked;
          for (const input of document.querySelectorAll<HTMLInputElement>(
            `input[type="checkbox"][name="commentId"][form="${formId}"]`,
          )) {
            if (!input.disabled) input.checked = on;
          }
          setTicked(on ? "all" : "none");
        }}
      />{" "}
      Select all on this page
    </label>
  );
}
