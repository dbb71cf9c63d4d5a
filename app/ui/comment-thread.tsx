import type { PersonalDetailOptions } from "~/domain/personal-details";
import { useNavigate } from "@remix-run/react";
import {
  Suspense,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type MouseEvent,
  type PointerEvent,
  type RefObject,
} from "react";
import { editableUntil } from "~/domain/comment-edits";
import { PLACEHOLDER_TEXT } from "~/domain/comment-states";
import type { NameField } from "~/domain/comment-outcome";
import { showTime, type ShownTime } from "~/domain/dates";
import { ownAnchorShown } from "~/domain/old-anchors";
import {
  commentAnchor,
  commentPath,
  commentsOf,
  discussionQuery,
  type ThreadNode,
} from "~/domain/thread";
import type { ThreadComment } from "~/features/discussion/thread.server";
import type { ReportActionResult } from "~/features/discussion/discussion.server";
import type { AuthorChangeActionResult } from "~/features/discussion/author-change-form.server";
import { DeleteCommentForm, EditCommentForm } from "~/ui/author-change-forms";
import { quoteIntoOpenForm, rememberSelection } from "~/ui/quote-selection";
import { CommentForm } from "./comment-form";
import {
  commentFormId,
  type CommentActionResult,
} from "../domain/comment-fields";
import { ModerationButtons } from "./moderation-buttons";
import { ReportForm } from "./report-form";
import {
  SentOnceHtml,
  sendOnce,
  useSentOnce,
  type SentOnce,
} from "./sent-once";
import { useServerHtml, type ServerHtml } from "./server-html";

/**
 * A comment as the page draws it: its time comes formatted from the server, so the browser
 * hydrates the thread without making an Intl formatter (see app/domain/dates.ts).
 */
export type ShownComment = Omit<
  ThreadComment,
  "createdAt" | "publishedAt" | "bodyHtml"
> & {
  /**
   * The rendered text; null in the data of a page the server draws, whose HTML carries it
   * (sent once: see app/ui/sent-once.tsx).
   */
  bodyHtml: string | null;
  /** When it was published, or for the poster's own pending comment, written. */
  time: ShownTime;
  /** The viewer wrote it and its edit window is still open at `now`. */
  editable: boolean;
  /** Its own anchor (commentAnchor) is its id: not when an imported comment's old id takes it. */
  ownAnchor: boolean;
};

/** The key of a comment's text among the page's HTML sent once. */
export function commentBodyKey(commentId: number): string {
  return `c${commentId}`;
}

/**
 * A comment with its time formatted against `now` in the site's time zone. With `sentOnce` (a
 * page the server draws), its text is kept there for the HTML and left out of the data.
 */
export function showComment(
  comment: ThreadComment,
  now: Date,
  timeZone: string,
  editWindowMinutes = 0,
  drawnOldAnchors: ReadonlySet<string> = new Set(),
  sentOnce?: SentOnce,
): ShownComment {
  // Each field named, not spread: made for every comment of every page drawn.
  return {
    id: comment.id,
    parentId: comment.parentId,
    number: comment.number,
    state: comment.state,
    posterClass: comment.posterClass,
    authorName: comment.authorName,
    placeholder: comment.placeholder,
    edited: comment.edited,
    mine: comment.mine,
    oldAnchors: comment.oldAnchors,
    bodyHtml: sendOnce(sentOnce, commentBodyKey(comment.id), comment.bodyHtml),
    ownAnchor: ownAnchorShown(commentAnchor(comment), drawnOldAnchors),
    time: showTime(comment.publishedAt ?? comment.createdAt, now, timeZone),
    editable:
      comment.mine &&
      now.getTime() <
        editableUntil(comment.createdAt, editWindowMinutes).getTime(),
  };
}

type ThreadContext = {
  postSlug: string;
  /** The page of the discussion shown: every link back to it keeps it. */
  page: number;
  /** The address parameters of the discussion's order (`?sort=newest`), kept the same way. */
  orderParams: Record<string, string>;
  canReply: boolean;
  canModerate: boolean;
  replyTo: number | null;
  reportOf: number | null;
  result: CommentActionResult | undefined;
  reportResult: ReportActionResult | undefined;
  nameField: NameField;
  member: { displayName: string } | null;
  /** The viewer's own comment whose edit form the address opens, with its text. */
  editing: { id: number; body: string } | null;
  /** The viewer's own comment whose delete confirmation the address opens. */
  deleting: number | null;
  /** The answer to the viewer's last edit or deletion. */
  authorResult: AuthorChangeActionResult | undefined;
  /** The policy's longest comment, the edit form's limit. */
  maxLength: number;
  /** How the board spots personal details, to warn as a reply is typed; null when it does not. */
  personalDetails: PersonalDetailOptions | null;
  /** Phrases that read as happening now, to prompt a reply's poster to call 999. */
  nowPhrases: readonly string[];
  /** The post is about sightings or suspicious activity: forms ask for behaviour, not looks. */
  behaviourGuidance: boolean;
  /** What a moderator's Remove or Restore of one of these comments answered. */
  moderationNotice: { commentId: number; text: string } | null;
  /** `?quote=1` on a reply: the comment replied to, quoted, to start the reply with. */
  replyQuote: string | null;
};

const BADGES: Partial<Record<ShownComment["posterClass"], string>> = {
  verified: "Verified resident",
  staff: "Moderator",
};

/**
 * The whole discussion. Its Reply and Report links (marked data-in-page: they open a form on
 * this same page) are plain links, as hundreds of <Link>s cost a long thread's page much of its
 * hydration time; one click handler here makes them client-side navigations that keep the
 * reader's scroll position, as <Link> would. They are query-only ("?replyTo=…"), so the post's
 * address is not repeated twice in every comment of the page.
 */
export function CommentThread({
  nodes: sentNodes,
  context,
}: {
  /** Null when the thread stayed out of the page's data (threadForData): drawn by the server. */
  nodes: ThreadNode<ShownComment>[] | null;
  context: ThreadContext;
}) {
  const navigate = useNavigate();
  const sentOnce = useSentOnce();
  const nodes = sentNodes ?? (sentOnce && threadsKept.get(sentOnce));
  const list = useRef<HTMLOListElement>(null);
  useKeptLayout(list, nodes);
  function followInPageLink(event: MouseEvent<HTMLOListElement>) {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    const link = (event.target as Element).closest("a[data-in-page]");
    const href = link?.getAttribute("href");
    if (!link || !href) return;
    event.preventDefault();
    if (link.hasAttribute("data-quote") && quoteIntoOpenForm(link)) return;
    navigate(href, { preventScrollReset: true });
  }
  // With JavaScript the reply form's answer is kept here, as the form closes (its fetcher goes
  // with it); without, the page is drawn with the answer as its result.
  const [replyAnswer, setReplyAnswer] = useState<AcceptedReply>();
  const onReplyAccepted = (parentId: number, answer: CommentActionResult) => {
    const accepted = acceptedReply(answer);
    if (!accepted) return;
    setReplyAnswer(accepted);
    navigate(
      `${discussionQuery(context.page, context.orderParams)}#${commentFormId(parentId)}`,
      { replace: true, preventScrollReset: true },
    );
  };
  const replyOutcome = replyAnswer ?? acceptedReply(context.result);
  const serverHtml = useServerHtml();
  const events = {
    onClick: followInPageLink,
    // Read before the press clears the selection.
    onPointerDownCapture: (event: PointerEvent<HTMLOListElement>) => {
      const quote = (event.target as Element).closest("a[data-quote]");
      if (quote) rememberSelection(quote);
    },
  };
  if (!nodes)
    // The browser keeps what the server drew: React neither hydrates nor replaces an element's
    // inner HTML while the HTML it is given stays the same. Data fetched later (a form opened,
    // a revalidation) carries the thread, and React draws it from there on.
    return (
      <ol
        ref={list}
        className="thread"
        {...events}
        dangerouslySetInnerHTML={{ __html: "" }}
        suppressHydrationWarning
      />
    );
  // The comments a flattened reply may name ("replying to …"): its parent is in the same discussion.
  const byId = new Map(
    commentsOf(nodes).map((comment) => [comment.id, comment]),
  );
  const drawContext = { ...context, byId, replyOutcome, onReplyAccepted };
  if (serverHtml !== undefined && drawnWithoutForms(context))
    return (
      <ol
        ref={list}
        className="thread"
        {...events}
        dangerouslySetInnerHTML={{
          __html: drawnAsStrings(nodes, drawContext, serverHtml, sentOnce),
        }}
      />
    );
  return (
    <ol ref={list} className="thread" {...events}>
      <CommentItems nodes={nodes} context={drawContext} />
    </ol>
  );
}

/** What a discussion drawn as a string shows nothing of, or shows through its comments. */
const OUT_OF_A_DISCUSSIONS_SOURCE = new Set<string>([
  // Read by the reply, report and edit forms only, none of which is open.
  "result",
  "reportResult",
  "nameField",
  "member",
  "maxLength",
  "personalDetails",
  "nowPhrases",
  "behaviourGuidance",
  "replyQuote",
  // The comments themselves, in the source already; and a function.
  "byId",
  "onReplyAccepted",
] satisfies (keyof DrawContext)[]);

/**
 * The thread's discussions drawn one string each, as CommentItems draws them (decision 074).
 * Each is drawn from what it shows, written out: the server answers the markup it drew before
 * from the same (decision 078), so a page drawn again after one reply draws that discussion
 * only. The source names every field of the discussion's comments (their times as shown among
 * them), each text the page sends once, and the context but for what only its forms read (a
 * thread drawn as strings has none open), so members' pages share what they show alike. A
 * reply drawn beside its parent names that parent, which is in the same discussion.
 */
function drawnAsStrings(
  nodes: ThreadNode<ShownComment>[],
  context: DrawContext,
  serverHtml: ServerHtml,
  sentOnce: SentOnce | undefined,
): string {
  const contextSource = JSON.stringify(
    Object.fromEntries(
      Object.entries(context).filter(
        ([field]) => !OUT_OF_A_DISCUSSIONS_SOURCE.has(field),
      ),
    ),
  );
  let html = "";
  for (const node of nodes) {
    let source = contextSource + JSON.stringify(node);
    for (const comment of commentsOf([node]))
      if (comment.bodyHtml === null) {
        const body = sentOnce?.get(commentBodyKey(comment.id)) ?? "";
        source += `${body.length}:${body}`;
      }
    html += serverHtml(
      <Suspense>
        <CommentItem node={node} context={context} />
      </Suspense>,
      source,
    );
  }
  return html;
}

/** What a reader saw of a drawn thread: its comments' heights and the replies they folded. */
type KeptLayout = {
  /** The laid-out height of each top-level comment that has an id, by that id. */
  heights: Map<string, number>;
  /** The comments, by id, whose replies the reader closed. */
  folded: string[];
};

function keptLayoutOf(list: HTMLOListElement): KeptLayout {
  const heights = new Map<string, number>();
  for (const item of list.children)
    if (item.id) heights.set(item.id, item.getBoundingClientRect().height);
  const folded = [
    ...list.querySelectorAll("li.comment[id] > details.replies:not([open])"),
  ].map((replies) => replies.parentElement!.id);
  return { heights, folded };
}

/**
 * When React replaces the drawn thread it kept (its first data: a form opened, a revalidation),
 * the new thread takes on what the reader saw of the old one, read just before the swap and set
 * before the page scrolls to the form's anchor. Top-level comments are laid out only near the
 * viewport (`content-visibility`) and the others take the height they had when last laid out,
 * which new elements do not have: each new one starts at its drawn one's height, or the
 * comments above the form would change height under the scroll and leave the form out of view.
 * And replies the reader folded stay folded.
 */
function useKeptLayout(
  list: RefObject<HTMLOListElement>,
  nodes: ThreadNode<ShownComment>[] | undefined,
) {
  const keptOnScreen = useRef(false);
  const keptLayout = useRef<KeptLayout | null>(null);
  if (nodes && keptOnScreen.current && list.current)
    keptLayout.current = keptLayoutOf(list.current);
  useBrowserLayoutEffect(() => {
    keptOnScreen.current = !nodes;
    const kept = keptLayout.current;
    keptLayout.current = null;
    if (!kept || !list.current) return;
    for (const item of list.current.children) {
      const height = kept.heights.get(item.id);
      if (height !== undefined && item instanceof HTMLElement)
        item.style.containIntrinsicSize = `auto ${height}px`;
    }
    for (const id of kept.folded)
      document
        .getElementById(id)
        ?.querySelector(":scope > details.replies")
        ?.removeAttribute("open");
  }, [list, nodes]);
}

// A layout effect never runs on the server, where React would warn of one.
const useBrowserLayoutEffect =
  typeof document === "undefined" ? useEffect : useLayoutEffect;

/** Threads left out of their page's data (threadForData), for the server's render only. */
const threadsKept = new WeakMap<SentOnce, ThreadNode<ShownComment>[]>();

/**
 * The thread as a page's data carries it. A page the server draws (`sentOnce` set) for a viewer
 * with no form open, and no form's answer to show, gets its thread drawn as one string that the
 * browser keeps as it is (decision 077): the data carries null, and the thread is kept for the
 * server's render. Otherwise (`.data`, a form open or answered) the data carries the thread.
 */
export function threadForData(
  nodes: ThreadNode<ShownComment>[],
  sentOnce: SentOnce | undefined,
  state: Omit<FormState, "authorResult"> & { answered: boolean },
): ThreadNode<ShownComment>[] | null {
  // A form's answer, the action's or one carried to the page, is `answered`: a loader sees none.
  if (
    !sentOnce ||
    state.answered ||
    !drawnWithoutForms({ ...state, authorResult: undefined })
  )
    return nodes;
  threadsKept.set(sentOnce, nodes);
  return null;
}

type FormState = Pick<
  ThreadContext,
  | "canModerate"
  | "replyTo"
  | "reportOf"
  | "editing"
  | "deleting"
  | "authorResult"
>;

/**
 * No form is open in the thread and the viewer cannot moderate: its comments hold only links
 * and text, which draw the same as one HTML string (no form's ids or navigation state).
 */
function drawnWithoutForms(context: FormState): boolean {
  return (
    !context.canModerate &&
    context.replyTo === null &&
    context.reportOf === null &&
    context.editing === null &&
    context.deleting === null &&
    context.authorResult?.status !== "invalid"
  );
}

/** Where a moderator's Remove or Restore lands: its notice, at the comment or above the thread. */
export const MODERATION_NOTICE_ID = "moderation-notice";

/** A reply that was accepted: its answer stands where the reply form was, which closes. */
type AcceptedReply = Extract<
  CommentActionResult,
  { status: "published" | "held" }
>;

function acceptedReply(
  answer: CommentActionResult | undefined,
): AcceptedReply | undefined {
  return answer?.formId.startsWith("reply-") &&
    (answer.status === "published" || answer.status === "held")
    ? answer
    : undefined;
}

type DrawContext = ThreadContext & {
  byId: Map<number, ShownComment>;
  replyOutcome: AcceptedReply | undefined;
  onReplyAccepted: (parentId: number, answer: CommentActionResult) => void;
};

/** A reply's answer, where its form was: brought into view, as the form it replaces was. */
function ReplyOutcome({
  parentId,
  answer,
}: {
  parentId: number;
  answer: AcceptedReply;
}) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "center" });
  }, [answer]);
  return (
    <p
      ref={ref}
      id={commentFormId(parentId)}
      className={`form-message ${answer.status} reply-outcome`}
      role="status"
    >
      {answer.message}{" "}
      <a href={`#${commentAnchor(answer.comment)}`}>See your reply</a>
    </p>
  );
}

/**
 * A link to a comment on this page: its anchor, or where an old comment's id took that anchor
 * (decision 065), its permalink.
 */
function linkTo(comment: ShownComment, postSlug: string): string {
  return comment.ownAnchor || comment.number === null
    ? `#${commentAnchor(comment)}`
    : commentPath(postSlug, comment.number);
}

/** Above a reply drawn beside the comment it answers: whose comment that is, linked. */
function ReplyingTo({
  parent,
  postSlug,
}: {
  parent: ShownComment | undefined;
  postSlug: string;
}) {
  if (!parent) return null;
  return (
    <p className="replying-to">
      Replying to{" "}
      <a href={linkTo(parent, postSlug)}>
        {parent.placeholder
          ? "a comment no longer shown"
          : (parent.authorName ?? "Anonymous")}
        {parent.number !== null ? ` (#${parent.number})` : ""}
      </a>
    </p>
  );
}

function CommentItems({
  nodes,
  context,
}: {
  nodes: ThreadNode<ShownComment>[];
  context: DrawContext;
}) {
  return nodes.map((node) => (
    // A boundary for each comment: React hydrates them one by one, between other work, instead
    // of the whole thread in one long task that would hold up a reader's first tap.
    <Suspense key={node.comment.id}>
      <CommentItem node={node} context={context} />
    </Suspense>
  ));
}

function CommentItem({
  node,
  context,
}: {
  node: ThreadNode<ShownComment>;
  context: DrawContext;
}) {
  const { comment, replies, replyCount } = node;
  const anchor = commentAnchor(comment);
  const pending = comment.state === "pending";
  const badge = BADGES[comment.posterClass];
  const here = `/posts/${context.postSlug}${discussionQuery(context.page, context.orderParams)}#${anchor}`;
  const change =
    context.authorResult?.commentId === comment.id
      ? context.authorResult
      : undefined;
  // A refused edit keeps its form open with what was typed; a saved one closes it.
  const refused = change?.status === "invalid" ? change : undefined;
  const editing =
    comment.editable &&
    (context.editing?.id === comment.id ||
      (refused !== undefined && change?.intent === "edit"));
  const deleting =
    comment.mine &&
    (context.deleting === comment.id ||
      (refused !== undefined && change?.intent === "delete"));
  return (
    <li
      id={comment.ownAnchor ? anchor : undefined}
      className={`comment${pending ? " pending" : ""}`}
    >
      {/* An imported comment's ids on the old blog: its old links land here (decision 065). */}
      {comment.oldAnchors.map((id) => (
        <span key={id} id={id} className="old-anchor" />
      ))}
      <article
        aria-label={
          comment.placeholder
            ? "Removed comment"
            : `Comment by ${comment.authorName ?? "Anonymous"}`
        }
      >
        <header className="comment-meta">
          {comment.placeholder ? null : (
            <span className="comment-author">
              {comment.authorName ?? "Anonymous"}
              {badge ? <span className="badge">{badge}</span> : null}
            </span>
          )}
          {comment.number !== null ? (
            <a
              href={linkTo(comment, context.postSlug)}
              className="permalink"
              aria-label={`Link to comment ${comment.number}`}
            >
              {`#${comment.number}`}
            </a>
          ) : null}
          <time dateTime={comment.time.iso} title={comment.time.exact}>
            {comment.time.relative}
            <span className="visually-hidden">{`, ${comment.time.exact}`}</span>
          </time>
          {comment.edited ? <span className="edited">edited</span> : null}
        </header>
        {node.repliesTo !== null ? (
          <ReplyingTo
            parent={context.byId.get(node.repliesTo)}
            postSlug={context.postSlug}
          />
        ) : null}
        {pending ? (
          <p className="pending-note">
            Awaiting moderation: only you can see this comment.
          </p>
        ) : null}
        {change?.status === "edited" || change?.status === "held" ? (
          <p
            className={`form-message ${change.status === "held" ? "held" : "published"}`}
            role="status"
          >
            {change.message}
          </p>
        ) : null}
        {comment.placeholder ? (
          <p className="placeholder">{PLACEHOLDER_TEXT[comment.state]}</p>
        ) : (
          <SentOnceHtml
            className="comment-body"
            sentKey={commentBodyKey(comment.id)}
            html={comment.bodyHtml}
          />
        )}
        <div className="comment-actions">
          {context.canReply &&
          comment.state === "published" &&
          context.replyTo !== comment.id ? (
            <a
              href={`${discussionQuery(context.page, { ...context.orderParams, replyTo: comment.id })}#reply-${comment.id}`}
              data-in-page=""
              aria-label={`Reply to ${comment.authorName ?? "Anonymous"}${comment.number !== null ? `, comment ${comment.number}` : ""}`}
            >
              Reply
            </a>
          ) : null}
          {context.canReply && comment.state === "published" ? (
            <a
              href={`${discussionQuery(context.page, { ...context.orderParams, replyTo: comment.id, quote: 1 })}#reply-${comment.id}`}
              data-in-page=""
              data-quote={comment.id}
              rel="nofollow"
              aria-label={`Quote ${comment.authorName ?? "Anonymous"}${comment.number !== null ? `, comment ${comment.number}` : ""} in a reply`}
            >
              Quote
            </a>
          ) : null}
          {comment.state === "published" && context.reportOf !== comment.id ? (
            <a
              href={`${discussionQuery(context.page, { ...context.orderParams, report: comment.id })}#report-${comment.id}`}
              data-in-page=""
              rel="nofollow"
              aria-label={`Report comment ${comment.number ?? ""} to a moderator`}
            >
              Report
            </a>
          ) : null}
          {comment.editable && !editing ? (
            <a
              href={`${discussionQuery(context.page, { ...context.orderParams, edit: comment.id })}#edit-${comment.id}`}
              data-in-page=""
              rel="nofollow"
              aria-label={`Edit your comment${comment.number !== null ? ` ${comment.number}` : ""}`}
            >
              Edit
            </a>
          ) : null}
          {comment.mine && !deleting ? (
            <a
              href={`${discussionQuery(context.page, { ...context.orderParams, delete: comment.id })}#delete-${comment.id}`}
              data-in-page=""
              rel="nofollow"
              aria-label={`Delete your comment${comment.number !== null ? ` ${comment.number}` : ""}`}
            >
              Delete
            </a>
          ) : null}
          {context.canModerate &&
          (comment.state === "published" || comment.state === "removed") ? (
            <ModerationButtons
              commentIds={[comment.id]}
              actions={comment.state === "published" ? ["remove"] : ["restore"]}
              redirectTo={`/posts/${context.postSlug}${discussionQuery(context.page, { ...context.orderParams, moderated: comment.id })}#${MODERATION_NOTICE_ID}`}
            />
          ) : null}
          {context.moderationNotice?.commentId === comment.id ? (
            <p
              id={MODERATION_NOTICE_ID}
              className="form-message published"
              role="status"
            >
              {context.moderationNotice.text}
            </p>
          ) : null}
        </div>
        {context.reportOf === comment.id && comment.state === "published" ? (
          <ReportForm
            postSlug={context.postSlug}
            commentId={comment.id}
            result={context.reportResult}
            cancelHref={here}
            page={context.page}
          />
        ) : null}
        {editing ? (
          <EditCommentForm
            postSlug={context.postSlug}
            commentId={comment.id}
            page={context.page}
            orderParams={context.orderParams}
            cancelHref={here}
            result={refused}
            body={context.editing?.body ?? refused?.values.body ?? ""}
            maxLength={context.maxLength}
          />
        ) : null}
        {deleting ? (
          <DeleteCommentForm
            postSlug={context.postSlug}
            commentId={comment.id}
            page={context.page}
            orderParams={context.orderParams}
            cancelHref={here}
            result={refused}
          />
        ) : null}
        {context.canReply && context.replyTo === comment.id ? (
          <CommentForm
            postSlug={context.postSlug}
            parentId={comment.id}
            result={context.result}
            nameField={context.nameField}
            member={context.member}
            cancelHref={here}
            page={context.page}
            maxLength={context.maxLength}
            personalDetails={context.personalDetails}
            nowPhrases={context.nowPhrases}
            behaviourGuidance={context.behaviourGuidance}
            initialBody={context.replyQuote ?? undefined}
            onAccepted={(answer) => context.onReplyAccepted(comment.id, answer)}
          />
        ) : null}
        {context.replyOutcome?.formId === commentFormId(comment.id) &&
        context.replyTo !== comment.id ? (
          <ReplyOutcome parentId={comment.id} answer={context.replyOutcome} />
        ) : null}
      </article>
      {replies.length > 0 ? (
        <details open className="replies">
          <summary>
            {replyCount === 1 ? "1 reply" : `${replyCount} replies`}
          </summary>
          <ol className="thread">
            <CommentItems nodes={replies} context={context} />
          </ol>
        </details>
      ) : null}
    </li>
  );
}
