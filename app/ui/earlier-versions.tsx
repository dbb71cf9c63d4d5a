/** A comment's text before each of its author's edits, for a moderator, oldest first. */
export function EarlierVersions({
  versions,
}: {
  versions: { bodyHtml: string; replacedAt: Date }[];
}) {
  return (
    <details className="earlier-versions">
      <summary>
        Edited by its author:{" "}
        {versions.length === 1
          ? "1 earlier version"
          : `${versions.length} earlier versions`}
      </summary>
      <ol>
        {versions.map((version, index) => (
          <li key={index}>
            <p className="meta">
              Replaced{" "}
              <time dateTime={version.replacedAt.toISOString()}>
                {version.replacedAt
                  .toISOString()
                  .slice(0, 16)
                  .replace("T", " ")}{" "}
                UTC
              </time>
            </p>
            {/* Rendered from Markdown and sanitized when it was written. */}
            <div
              className="comment-body"
              dangerouslySetInnerHTML={{ __html: version.bodyHtml }}
            />
          </li>
        ))}
      </ol>
    </details>
  );
}
