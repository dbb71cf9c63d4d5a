/** The fields thread building needs; callers pass richer rows and get them back. */
export type ThreadItem = {
  id: number;
  parentId: number | null;
  placeholder: boolean;
};

export type ThreadNode<T extends ThreadItem> = {
  comment: T;
  /** How deep the reply is drawn: 0 for a top-level comment, never more than maxDepth. */
  depth: number;
  replies: ThreadNode<T>[];
  /** All replies below this comment, at any depth. */
  replyCount: number;
};

/**
 * Builds the reply tree from comments sorted oldest first, in linear time. Replies deeper than
 * maxDepth are drawn at maxDepth, after their parent. A reply whose parent is not among the
 * comments (held or rejected) starts its own thread. Placeholders left without visible replies
 * are dropped: a removed comment only keeps its place to keep its replies in theirs.
 */
export function buildThread<T extends ThreadItem>(
  comments: readonly T[],
  maxDepth: number,
): ThreadNode<T>[] {
  const nodes = new Map<number, ThreadNode<T>>();
  const parents = new Map<number, ThreadNode<T> | null>();
  const roots: ThreadNode<T>[] = [];

  for (const comment of comments) {
    const parentNode =
      comment.parentId === null ? undefined : nodes.get(comment.parentId);
    const depth = parentNode ? Math.min(parentNode.depth + 1, maxDepth) : 0;
    const node: ThreadNode<T> = { comment, depth, replies: [], replyCount: 0 };
    nodes.set(comment.id, node);
    // At the depth limit, a reply joins its parent's own list instead of nesting further.
    let home = parentNode ?? null;
    while (home && home.depth >= depth)
      home = parents.get(home.comment.id) ?? null;
    parents.set(comment.id, home);
    if (home) home.replies.push(node);
    else roots.push(node);
  }

  // Count and prune bottom-up; children were created after parents, so walk in reverse.
  for (let index = comments.length - 1; index >= 0; index -= 1) {
    const node = nodes.get(comments[index]!.id)!;
    node.replies = node.replies.filter((reply) => !isEmptyPlaceholder(reply));
    node.replyCount = node.replies.reduce(
      (sum, reply) => sum + 1 + reply.replyCount,
      0,
    );
  }
  return roots.filter((root) => !isEmptyPlaceholder(root));
}

function isEmptyPlaceholder<T extends ThreadItem>(
  node: ThreadNode<T>,
): boolean {
  return node.comment.placeholder && node.replies.length === 0;
}
