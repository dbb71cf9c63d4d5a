import type { Server } from "node:http";
import { closeDb } from "../platform/db.server";
import { logError } from "../platform/log.server";

/**
 * How long requests in flight may take to finish before their connections are cut: inside the
 * 10 seconds Docker and many hosts wait before SIGKILL, so the database still closes cleanly.
 */
const GRACE_MS = 8_000;

/**
 * On SIGTERM (service managers, containers) or SIGINT (Ctrl-C): stop accepting connections, let
 * requests in flight finish, stop the background work (the mail worker: a message being sent is
 * finished or left for the next start), close the database, and exit with status 0.
 */
export function stopGracefullyOnSignals(
  server: Server,
  print: (line: string) => void,
  stopBackgroundWork: () => Promise<void> = async () => {},
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A signal to the whole process group arrives twice (tsx also relays it): one stop is enough.
    if (stopping) return;
    stopping = true;
    print(`${signal} received: finishing requests in flight, then stopping`);
    server.close(async () => {
      clearInterval(idleSweep);
      clearTimeout(deadline);
      try {
        await stopBackgroundWork();
      } catch (error) {
        logError("background work did not stop cleanly", error);
      }
      try {
        closeDb();
      } catch (error) {
        // Nothing is lost (every commit is on disk); the next start recovers the log.
        logError("the database did not close cleanly", error);
        process.exit(1);
      }
      print("Lookout stopped");
      process.exit(0);
    });
    // Kept-alive connections between requests would hold close() open; sweep them as they idle.
    server.closeIdleConnections();
    const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => {
      print(`Requests still running after ${GRACE_MS / 1000} s: closing them`);
      server.closeAllConnections();
    }, GRACE_MS);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
