// npm run content:sync — indexes content/ into the database; exits 1 when a file failed.
import { closeDb } from "../utils/db.server";
import { prepareSite } from "../utils/startup.server";

const summary = prepareSite((line) => console.log(line));
closeDb();
process.exitCode = summary.failed.length > 0 ? 1 : 0;
