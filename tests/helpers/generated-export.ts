import { createWriteStream } from "node:fs";

/**
 * Writes a WordPress export of `posts` posts sharing `comments` comments, each comment padded
 * so the file reaches about `bytes`: a third of the comments reply to an earlier one.
 */
export async function writeGeneratedExport(
  path: string,
  { posts = 50, comments = 5000, bytes = 10_000_000 } = {},
): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    new Promise<void>((resolve) => {
      if (out.write(text)) resolve();
      else out.once("drain", resolve);
    });
  const padding =
    "Residents reported the van again near the allotments. ".repeat(
      Math.max(1, Math.floor(bytes / comments / 56)),
    );
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">
<channel><title>Generated</title><link>https://generated.example</link>
`);
  let id = 0;
  const perPost = Math.ceil(comments / posts);
  for (let post = 1; post <= posts; post++) {
    await write(`<item><title>Post ${post}</title><link>https://generated.example/?p=${post}</link>
<dc:creator>Editor</dc:creator><content:encoded><![CDATA[<p>Post number ${post}.</p>]]></content:encoded>
<wp:post_id>${post}</wp:post_id><wp:post_date>2020-01-01 10:00:00</wp:post_date><wp:post_name>post-${post}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
`);
    const first = id + 1;
    for (let n = 0; n < perPost && id < comments; n++) {
      id += 1;
      const parent = n % 3 === 2 ? first + n - 1 : 0;
      const second = String(n % 60).padStart(2, "0");
      const minute = String(Math.floor(n / 60) % 60).padStart(2, "0");
      await write(`<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[${n % 5 === 0 ? "Anonymous" : `Neighbour ${n}`}]]></wp:comment_author>
<wp:comment_author_email>n${id}@example.org</wp:comment_author_email><wp:comment_date_gmt>2020-01-02 ${String(Math.floor(n / 3600) % 24).padStart(2, "0")}:${minute}:${second}</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Comment ${id}. ${padding}]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>
`);
    }
    await write("</item>\n");
  }
  await write("</channel></rss>\n");
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}
