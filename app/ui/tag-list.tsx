import { Link } from "@remix-run/react";

export function TagList({
  tags,
}: {
  tags: { tag: string; tagSlug: string }[];
}) {
  if (tags.length === 0) return null;
  return (
    <ul className="tags" aria-label="Tags">
      {tags.map(({ tag, tagSlug }) => (
        <li key={tagSlug}>
          <Link to={`/tags/${tagSlug}`} rel="tag">
            {tag}
          </Link>
        </li>
      ))}
    </ul>
  );
}
