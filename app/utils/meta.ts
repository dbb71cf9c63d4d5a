import type { MetaDescriptor } from "@remix-run/node";
import {
  DEFAULT_SITE_SETTINGS,
  type SiteSettings,
} from "~/domain/site-settings";

type Matches = readonly { id: string; data: unknown }[];

/** Title and description tags for a page, with the site's name from the root loader. */
export function pageMeta(
  matches: Matches,
  { title, description }: { title?: string; description?: string },
): MetaDescriptor[] {
  const root = matches.find((match) => match.id === "root")?.data as
    { site?: SiteSettings } | undefined;
  const site = root?.site ?? DEFAULT_SITE_SETTINGS;
  return [
    { title: title ? `${title} — ${site.name}` : site.name },
    { name: "description", content: description ?? site.tagline },
  ];
}
