// npm run content:sync — indexes content/ into the database; exits 1 when a file failed.
import { closeDb } from "../platform/db.server";
import { orExit, prepareSite } from "../features/site/startup.server";

const summary = orExit(
  () => prepareSite((line) => console.log(line)),
  "Content sync failed",
);
closeDb();
process.exitCode = summary.failed.length > 0 ? 1 : 0;
