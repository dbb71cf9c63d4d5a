import { z } from "zod";
import { COMMENT_STATES } from "../../domain/comment-states";
import type { ImportedSite } from "./shape";
import { ImportFileError } from "./xml-reader.server";

/** The JSON export (docs/export-format.md), as far as an import needs it. */
const exportSchema = z.object({
  format: z.literal("lookout-export"),
  version: z.literal(1),
  board: z.string(),
  posts: z.array(
    z.object({
      id: z.number(),
      slug: z.string(),
      title: z.string(),
      date: z.string(),
      author: z.string(),
      tags: z.array(z.string()),
      source: z.string().nullable(),
      oldAddresses: z.array(z.string()).default([]),
    }),
  ),
  comments: z.array(
    z.object({
      id: z.number(),
      postId: z.number(),
      parentId: z.number().nullable(),
      number: z.number().nullable(),
      state: z.enum(COMMENT_STATES),
      authorName: z.string().nullable(),
      bodyMarkdown: z.string(),
      createdAt: z.iso.datetime({ offset: true }),
    }),
  ),
});

/** A Lookout JSON export, read back: posts keep their files, comments their threads and states. */
export function readLookoutExport(text: string): ImportedSite {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ImportFileError(
      `the file starts like a Lookout JSON export but is not valid JSON: ${(error as Error).message}`,
    );
  }
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ImportFileError(
      `the file is not a Lookout export: ${issue.path.join(".") || "the document"}: ${issue.message}`,
    );
  }
  const data = parsed.data;
  const origin = (what: string) => `lookout:${data.board}:${what}`;
  const site: ImportedSite = {
    format: "lookout",
    label: "Lookout",
    posts: [],
    comments: [],
    skipped: [],
  };
  const exported = new Set<number>();
  for (const post of data.posts) {
    if (post.source === null) {
      site.skipped.push({
        what: `post "${post.title}" (${post.slug})`,
        why: "its file had been removed, so the export has no text for it",
      });
      continue;
    }
    exported.add(post.id);
    site.posts.push({
      origin: origin(`post-${post.id}`),
      kind: "post",
      title: post.title,
      date: post.date,
      author: post.author,
      body: "",
      excerpt: "",
      tags: post.tags,
      draft: false,
      commentsClosed: false,
      slug: post.slug,
      oldAddresses: post.oldAddresses,
      source: post.source,
    });
  }
  for (const comment of data.comments) {
    if (!exported.has(comment.postId)) {
      site.skipped.push({
        what: `comment ${comment.id}`,
        why: "its post is not in the export",
      });
      continue;
    }
    site.comments.push({
      origin: origin(`comment-${comment.id}`),
      target: { kind: "post", origin: origin(`post-${comment.postId}`) },
      parentOrigin:
        comment.parentId === null
          ? null
          : origin(`comment-${comment.parentId}`),
      authorName: comment.authorName,
      email: null,
      address: null,
      createdAt: new Date(comment.createdAt),
      body: comment.bodyMarkdown,
      markdown: true,
      state: comment.state,
      number: comment.number,
    });
  }
  return site;
}
