import { openDatabase, type Db } from "../../db/client.server";
import { env } from "./env.server";

let connection: Db | undefined;

/** The process's one connection to the database at DATABASE_PATH, opened on first use. */
export function db(): Db {
  connection ??= openDatabase(env().DATABASE_PATH);
  return connection;
}

export function closeDb(): void {
  connection?.$client.close();
  connection = undefined;
}
