import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../../platform/db.server";
import { findUsableToken, type TokenPurpose } from "./tokens.server";

/** The address of a mailed link holds its token: never kept by the page cache or any other. */
export const linkPageHeaders = () => ({ "Cache-Control": "private, no-store" });

/**
 * The loader of a page that a mailed link opens. Following the link only shows the page (a mail
 * scanner that opens links changes nothing); the page's form acts. 410 once used or expired.
 */
export function linkPageLoader(purpose: TokenPurpose) {
  return ({ params }: LoaderFunctionArgs) => {
    const usable =
      findUsableToken(db(), purpose, params.token, new Date()) !== undefined;
    return data({ usable }, { status: usable ? 200 : 410 });
  };
}
