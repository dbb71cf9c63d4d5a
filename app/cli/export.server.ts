// npm run export -- [--format json|wxr] [--out FILE]
// Writes everything the board owns (JSON, see docs/export-format.md) or a WordPress WXR 1.2 file.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildJsonExport, buildWxr } from "../features/export/export.server";
import { getSiteSettings } from "../features/posts/site-settings.server";
import { closeDb, db } from "../platform/db.server";
import { env } from "../platform/env.server";
import { orExit, prepareSite } from "../features/site/startup.server";

const { values } = parseArgs({
  options: {
    format: { type: "string", default: "json" },
    out: { type: "string" },
  },
});
if (values.format !== "json" && values.format !== "wxr") {
  console.error("Usage: npm run export -- [--format json|wxr] [--out FILE]");
  process.exit(2);
}

orExit(() => prepareSite(() => {}), "Export failed");
const { CONTENT_DIR, SITE_URL } = env();
const now = new Date();
const text =
  values.format === "json"
    ? `${JSON.stringify(buildJsonExport(db(), CONTENT_DIR, SITE_URL, now), null, 2)}\n`
    : buildWxr(db(), SITE_URL, getSiteSettings().name, now);
closeDb();
if (values.out) {
  writeFileSync(values.out, text);
  console.error(`Exported to ${values.out}.`);
} else {
  process.stdout.write(text);
}
