import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { formatMonth } from "~/domain/dates";
import type { PosterClass } from "~/domain/moderation-policy";
import {
  formatWait,
  TRANSPARENCY_COLUMN_NAMES,
  TRANSPARENCY_COLUMNS,
} from "~/domain/transparency";
import { transparencyReport } from "~/features/moderation/transparency.server";
import { pageMeta } from "~/domain/meta";

export function loader() {
  return { months: transparencyReport() };
}

const CLASS_LABELS: Record<PosterClass, string> = {
  anonymous: "Anonymous guests",
  named: "Named guests",
  member: "Members",
  verified: "Verified residents",
  staff: "Staff",
};

/** A reason code as a reader can read it: "held-word" reads "held word". */
const reasonLabel = (code: string) => code.replace(/-/g, " ");

export default function Transparency() {
  const { months } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="page-title">How comments are moderated</h1>
      <p>
        Every month, how many comments were published, held for a moderator,
        approved, rejected and removed, why the rules held or refused them, and
        how long held comments waited. These are counts only: no names, no text
        and nothing that points to a person. Months are in UTC.
      </p>
      {months.length === 0 ? <p>No comments have been moderated yet.</p> : null}
      {months.map((month) => {
        const headingId = `month-${month.month}`;
        const classes = Object.entries(month.byPosterClass) as [
          PosterClass,
          Record<string, number>,
        ][];
        return (
          <section
            key={month.month}
            className="transparency-month"
            aria-labelledby={headingId}
          >
            <h2 id={headingId}>{formatMonth(month.month)}</h2>
            {/* Focusable, so a keyboard can scroll a table wider than a phone. */}
            <div
              className="table-scroll"
              tabIndex={0}
              role="region"
              aria-label={`Decisions by poster class, ${formatMonth(month.month)}`}
            >
              <table>
                <caption>Decisions by poster class</caption>
                <thead>
                  <tr>
                    <th scope="col">Posted by</th>
                    {TRANSPARENCY_COLUMN_NAMES.map((column) => (
                      <th scope="col" key={column}>
                        {TRANSPARENCY_COLUMNS[column].label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {classes.map(([posterClass, counts]) => (
                    <tr key={posterClass}>
                      <th scope="row">{CLASS_LABELS[posterClass]}</th>
                      {TRANSPARENCY_COLUMN_NAMES.map((column) => (
                        <td key={column}>{counts[column]}</td>
                      ))}
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">All</th>
                    {TRANSPARENCY_COLUMN_NAMES.map((column) => (
                      <td key={column}>{month.totals[column]}</td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </div>
            {month.reasons.length > 0 ? (
              <div
                className="table-scroll"
                tabIndex={0}
                role="region"
                aria-label={`Reasons, ${formatMonth(month.month)}`}
              >
                <table>
                  <caption>Why the rules held or refused comments</caption>
                  <thead>
                    <tr>
                      <th scope="col">Reason</th>
                      <th scope="col">Held</th>
                      <th scope="col">Refused</th>
                    </tr>
                  </thead>
                  <tbody>
                    {month.reasons.map((reason) => (
                      <tr key={reason.code}>
                        <th scope="row">{reasonLabel(reason.code)}</th>
                        <td>{reason.held}</td>
                        <td>{reason.refused}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            <p>
              {month.medianWaitMinutes === null
                ? "No held comment was decided on this month."
                : `Held comments waited ${formatWait(month.medianWaitMinutes)} for a moderator (the median of ${month.decidedHeld}).`}
            </p>
          </section>
        );
      })}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches }) =>
  pageMeta(matches, {
    title: "How comments are moderated",
    description:
      "Monthly counts of published, held, approved, rejected and removed comments, and why.",
    path: "/transparency",
  });
