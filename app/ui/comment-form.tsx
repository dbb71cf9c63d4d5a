import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import {
  commentAnchor,
  commentPath,
  discussionQuery,
  pendingCommentPath,
} from "~/domain/thread";
import {
  BODY_HARD_LIMIT,
  EMAIL_LIMIT,
  HONEYPOT_FIELD,
  NAME_LIMIT,
  commentFormId,
  type CommentActionResult,
} from "~/domain/comment-fields";
import type { NameField } from "~/domain/comment-outcome";
import { OUTCOME_NOTICE_FIELD } from "~/domain/commenter-notices";
import { Field } from "~/ui/field";
import { forgetGuest, readSavedGuest, saveGuest } from "~/ui/saved-guest";
import { CharacterCounter } from "~/ui/character-counter";
import { PersonalDetailsWarning } from "~/ui/personal-details-warning";
import type { PersonalDetailOptions } from "~/domain/personal-details";
import { HappeningNowPrompt } from "~/ui/happening-now-prompt";
import { DESCRIBE_BEHAVIOUR_GUIDANCE } from "~/domain/describe-behaviour";
import { takePendingQuote } from "~/ui/quote-selection";

/**
 * The comment form. With JavaScript it posts through a fetcher, so the page does not reload
 * and the thread revalidates in place; without it, it is a plain form whose answer comes back
 * as the page's action data (passed in as `result`).
 */
export function CommentForm({
  postSlug,
  parentId,
  result,
  nameField,
  member,
  cancelHref,
  page = 1,
  landsOnThisPage = true,
  maxLength,
  personalDetails = null,
  nowPhrases = [],
  behaviourGuidance = false,
  initialBody,
  onAccepted,
}: {
  postSlug: string;
  parentId: number | null;
  /** The page of the discussion the form is on, which the page drawn after posting keeps. */
  page?: number;
  /** Whether the comment will be on this page of the discussion, to link to it in place. */
  landsOnThisPage?: boolean;
  result: CommentActionResult | undefined;
  /** The name field's label, hint and whether it is needed, from the policy in force. */
  nameField: NameField;
  /** The signed-in member, who comments under their display name. */
  member: { displayName: string } | null;
  cancelHref?: string;
  /** The policy's longest comment: the field's maxLength and the counter's limit. */
  maxLength: number;
  /** How the board spots personal details, to warn as the poster types; null when it does not. */
  personalDetails?: PersonalDetailOptions | null;
  /** Phrases that read as happening now, to prompt the poster to call 999; empty turns it off. */
  nowPhrases?: readonly string[];
  /** The post is about sightings or suspicious activity: the field asks for behaviour, not looks. */
  behaviourGuidance?: boolean;
  /** What the comment starts with (a quote of the comment replied to). */
  initialBody?: string;
  /** Called once the comment was published or held (with JavaScript): a reply form closes. */
  onAccepted?: (answer: CommentActionResult) => void;
}) {
  const formId = commentFormId(parentId);
  const fetcher = useFetcher<CommentActionResult>({ key: `comment-${formId}` });
  const current =
    fetcher.data ?? (result?.formId === formId ? result : undefined);
  const formRef = useRef<HTMLFormElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const id = useId();
  // Null until the page runs its scripts: saving needs them, so without them there is no box.
  const [remember, setRemember] = useState<boolean | null>(null);
  // Whether a guest has typed an email: with scripts, "tell me" is offered only then; without
  // them (null) it is always there and the server asks for the email when it is missing.
  const [hasEmail, setHasEmail] = useState<boolean | null>(null);
  useEffect(() => {
    if (member) return;
    const saved = readSavedGuest();
    if (saved) {
      if (nameRef.current && !nameRef.current.value)
        nameRef.current.value = saved.name;
      if (emailRef.current && !emailRef.current.value)
        emailRef.current.value = saved.email;
    }
    setRemember(saved !== null);
    setHasEmail(Boolean(emailRef.current?.value.trim()));
  }, [member]);
  const rememberOrForget = () => {
    if (remember)
      saveGuest({
        name: nameRef.current?.value.trim() ?? "",
        email: emailRef.current?.value.trim() ?? "",
      });
    else if (remember === false) forgetGuest();
  };

  // A passage selected before pressing Quote replaces the whole comment the address quotes.
  useEffect(() => {
    const quote = takePendingQuote(parentId);
    if (quote && bodyRef.current) {
      bodyRef.current.value = quote;
      bodyRef.current.dispatchEvent(new Event("input"));
      bodyRef.current.focus();
    }
  }, [parentId]);

  const accepted =
    current?.status === "published" || current?.status === "held";
  useEffect(() => {
    if (fetcher.state === "idle" && accepted && bodyRef.current) {
      bodyRef.current.value = "";
      // The character counter listens for input.
      bodyRef.current.dispatchEvent(new Event("input"));
      if (fetcher.data) onAccepted?.(fetcher.data);
    }
    // onAccepted is a new function at each render: only a new answer calls it.
  }, [fetcher.state, accepted]);

  // With JavaScript the page stays where it is: the answer is brought into view, not left
  // above the fold of a long form on a phone.
  const messageRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && messageRef.current)
      messageRef.current.scrollIntoView({ block: "center" });
  }, [fetcher.state, fetcher.data]);

  const values = current && "values" in current ? current.values : undefined;
  const errors = current && "errors" in current ? current.errors : {};
  const busy = fetcher.state !== "idle";

  return (
    <fetcher.Form
      method="post"
      action={`/posts/${postSlug}${discussionQuery(page, parentId === null ? {} : { replyTo: parentId })}`}
      className="comment-form"
      id={formId}
      ref={formRef}
      aria-labelledby={`${id}-title`}
      onSubmit={rememberOrForget}
    >
      <h3 id={`${id}-title`}>
        {parentId === null ? "Join the discussion" : "Your reply"}
      </h3>
      {current && current.status !== "preview" ? (
        <p
          ref={messageRef}
          className={`form-message ${current.status}`}
          role={
            current.status === "invalid" ||
            current.status === "rejected" ||
            current.status === "unavailable"
              ? "alert"
              : "status"
          }
        >
          {current.message}{" "}
          {current.status === "published" || current.status === "held" ? (
            <a
              href={
                landsOnThisPage
                  ? `#${commentAnchor(current.comment)}`
                  : current.comment.number !== null
                    ? commentPath(postSlug, current.comment.number)
                    : pendingCommentPath(postSlug, current.comment.id)
              }
            >
              See your comment
            </a>
          ) : null}
        </p>
      ) : null}
      {errors.form ? (
        <p className="field-error" id={`${id}-form-error`}>
          {errors.form}
        </p>
      ) : null}
      <input type="hidden" name="parentId" value={parentId ?? ""} />
      {member ? (
        <p className="hint">
          Commenting as <strong>{member.displayName}</strong>.
        </p>
      ) : (
        <>
          <Field
            id={`${id}-name`}
            label={nameField.label}
            hint={nameField.hint}
            error={errors.name}
            control={(props) => (
              <input
                {...props}
                name="name"
                ref={nameRef}
                autoComplete="name"
                required={nameField.required}
                maxLength={NAME_LIMIT}
                defaultValue={values?.name}
              />
            )}
          />
          <Field
            id={`${id}-email`}
            label="Email (optional, never shown)"
            hint="Lets us recognise you when you come back. Only a scrambled form of it is kept, unless you ask to be emailed."
            error={errors.email}
            control={(props) => (
              <input
                {...props}
                name="email"
                ref={emailRef}
                type="email"
                autoComplete="email"
                maxLength={EMAIL_LIMIT}
                defaultValue={values?.email}
                onInput={(event) =>
                  setHasEmail(event.currentTarget.value.trim() !== "")
                }
              />
            )}
          />
          {remember !== null ? (
            <div className="field checkbox">
              <input
                id={`${id}-remember`}
                type="checkbox"
                checked={remember}
                onChange={(event) => {
                  setRemember(event.target.checked);
                  if (!event.target.checked) forgetGuest();
                }}
              />
              <label htmlFor={`${id}-remember`}>
                Save my name and email in this browser for the next time I
                comment
              </label>
            </div>
          ) : null}
        </>
      )}
      {member || hasEmail !== false || values?.tellMe ? (
        <Field
          id={`${id}-tell-me`}
          box
          label="Tell me what happens to this comment"
          hint={
            member
              ? "One email to your account's address if a moderator approves, rejects or removes it."
              : "One email to the address above if a moderator approves, rejects or removes it. The first time, we email you a link to confirm the address is yours."
          }
          control={(props) => (
            <input
              {...props}
              type="checkbox"
              name={OUTCOME_NOTICE_FIELD}
              defaultChecked={values?.tellMe}
            />
          )}
        />
      ) : null}
      <Field
        id={`${id}-body`}
        label="Comment"
        hint={
          <>
            {behaviourGuidance ? (
              <>
                <strong className="behaviour-guidance">
                  {DESCRIBE_BEHAVIOUR_GUIDANCE}
                </strong>{" "}
              </>
            ) : null}
            You can use *emphasis*, **bold**, [links](https://example.org),
            lists, &gt; quotes and `code`.
          </>
        }
        error={errors.body}
        control={(props) => (
          <textarea
            {...props}
            name="body"
            rows={6}
            required
            maxLength={Math.min(maxLength, BODY_HARD_LIMIT)}
            ref={bodyRef}
            defaultValue={values?.body ?? initialBody}
          />
        )}
      />
      <CharacterCounter
        fieldRef={bodyRef}
        limit={maxLength}
        id={`${id}-body-count`}
      />
      <PersonalDetailsWarning
        fieldRef={bodyRef}
        options={personalDetails}
        id={`${id}-body-safety`}
      />
      <HappeningNowPrompt
        fieldRef={bodyRef}
        phrases={nowPhrases}
        shownByServer={current?.call999 === true}
        id={`${id}-body-999`}
      />
      <div className="field checkbox">
        <input
          id={`${id}-notify-replies`}
          type="checkbox"
          name="notifyReplies"
          value="on"
          defaultChecked={values?.notifyReplies}
        />
        <label htmlFor={`${id}-notify-replies`}>
          Email me when someone replies to my comment
          {member ? null : " (to the email above, once you confirm it)"}
        </label>
      </div>
      <div className="honeypot" aria-hidden="true">
        <label htmlFor={`${id}-${HONEYPOT_FIELD}`}>Leave this empty</label>
        <input
          id={`${id}-${HONEYPOT_FIELD}`}
          name={HONEYPOT_FIELD}
          tabIndex={-1}
          autoComplete="off"
        />
      </div>
      {current?.status === "preview" ? (
        <section className="preview" aria-label="Preview">
          <p className="preview-label">Preview</p>
          <div
            className="comment-body"
            dangerouslySetInnerHTML={{ __html: current.previewHtml }}
          />
        </section>
      ) : null}
      <div className="actions">
        <button
          type="submit"
          name="intent"
          value="preview"
          className="secondary"
          disabled={busy}
        >
          Preview
        </button>
        <button type="submit" name="intent" value="comment" disabled={busy}>
          {busy && fetcher.formData?.get("intent") === "comment"
            ? "Posting…"
            : "Post comment"}
        </button>
        {cancelHref ? <a href={cancelHref}>Cancel</a> : null}
      </div>
    </fetcher.Form>
  );
}
