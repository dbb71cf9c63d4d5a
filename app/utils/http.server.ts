import { z } from "zod";

/** A 404 that the nearest error boundary shows as "not found", with a sentence for the reader. */
export function notFound(message: string): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

const pageSchema = z.coerce.number().int().min(1).max(100_000);

/** The `page` search parameter, 1 when absent; a malformed one is a 404, not a 500. */
export function parsePage(request: Request): number {
  const raw = new URL(request.url).searchParams.get("page");
  if (raw === null) return 1;
  const parsed = pageSchema.safeParse(raw);
  if (!parsed.success) throw notFound("There is no such page.");
  return parsed.data;
}
