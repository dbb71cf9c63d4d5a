import type { ImportedSite } from "./shape";
import { parseDate } from "./dates";
import {
  childNamed,
  textOf,
  type RecordReader,
  type XmlNode,
  type XmlRoot,
} from "./xml-reader.server";

const DISQUS = "http://disqus.com";

export function isDisqusExport(root: XmlRoot): boolean {
  return root.name === "disqus" && root.uri === DISQUS;
}

/** The Disqus id attribute (dsq:id) of an element. */
const dsqId = (node: XmlNode | undefined) => node?.attributes.id ?? "";

/**
 * Disqus comments only: threads name the page they were under (link, title), and the writer
 * finds the post they belong to among those already here.
 */
export function disqusReader(): {
  reader: RecordReader;
  finish(): ImportedSite;
} {
  const site: ImportedSite = {
    format: "disqus",
    label: "Disqus",
    posts: [],
    comments: [],
    skipped: [],
  };
  const threads = new Map<string, { link: string; title: string }>();
  const posts: XmlNode[] = [];
  const origin = (id: string) => `disqus:${id}`;

  return {
    reader: {
      recordDepth: 2,
      onRecord(node) {
        if (node.name === "thread") {
          threads.set(dsqId(node), {
            link: textOf(node, "link"),
            title: textOf(node, "title"),
          });
        } else if (node.name === "post") {
          posts.push(node);
        }
      },
    },
    finish() {
      // Threads may come after the posts that name them, so posts are read at the end.
      for (const post of posts) {
        // A post without its dsq:id still has the id Disqus gave it in <id>.
        const id = dsqId(post) || textOf(post, "id");
        if (!id) {
          site.skipped.push({
            what: `comment at line ${post.line}`,
            why: "it has no id",
          });
          continue;
        }
        const threadId = dsqId(childNamed(post, "thread"));
        const thread = threads.get(threadId);
        const what = `comment ${id}`;
        if (!thread) {
          site.skipped.push({
            what,
            why: `its thread ${threadId || "(none)"} is not in the file`,
          });
          continue;
        }
        const createdAt = parseDate(textOf(post, "createdAt"));
        if (!createdAt) {
          site.skipped.push({ what, why: "it has no readable date" });
          continue;
        }
        const author = childNamed(post, "author");
        const parentId = dsqId(childNamed(post, "parent"));
        site.comments.push({
          origin: origin(id),
          target: {
            kind: "thread",
            origin: origin(`thread-${threadId}`),
            ...thread,
          },
          parentOrigin: parentId ? origin(parentId) : null,
          // isAnonymous marks a guest without a Disqus account, who still gave a name.
          authorName: (author && textOf(author, "name")) || null,
          email: (author && textOf(author, "email")) || null,
          address: textOf(post, "ipAddress") || null,
          createdAt,
          body: textOf(post, "message"),
          state:
            textOf(post, "isDeleted") === "true"
              ? "removed"
              : textOf(post, "isSpam") === "true"
                ? "spam"
                : "published",
        });
      }
      return site;
    },
  };
}
