import type { ZodType } from "zod";
import { describe, expect, it } from "vitest";
import { CommentForm } from "~/ui/comment-form";
import { ReportForm } from "~/ui/report-form";
import {
  changeEmailSchema,
  emailSchema,
  changePasswordSchema,
  deleteAccountSchema,
  displayNameFormSchema,
  forgotPasswordSchema,
  resetPasswordSchema,
  signInSchema,
  signUpSchema,
} from "~/domain/account-forms";
import { banFormSchema } from "~/domain/ban-form";
import { commentFormSchema } from "~/domain/comment-form";
import { nameField } from "~/domain/comment-outcome";
import { decide, DEFAULT_POLICY } from "~/domain/moderation-policy";
import { reportFormSchema } from "~/domain/report-form";
import Account from "~/routes/account";
import Bans from "~/routes/moderation.bans";
import ForgotPassword from "~/routes/forgot-password";
import ResetPassword from "~/routes/reset-password.$token";
import SignIn from "~/routes/sign-in";
import SignUp from "~/routes/sign-up";
import { renderRoute } from "../helpers/render";

type Field = { name: string; maxLength: number | null };

/**
 * What the server accepts of a comment: the form's schema, then the policy's length rule,
 * which is what actually refuses a long comment (its limit is a setting).
 */
const commentAsTheServerTakesIt = commentFormSchema.superRefine(
  (form, context) => {
    const decision = decide(
      {
        posterClass: "anonymous",
        body: form.body,
        post: { commentsMode: "open", date: "2026-01-01" },
        recentComments: [],
        approvedCount: 0,
        heldCount: 0,
        ban: null,
        addressBanned: false,
      },
      DEFAULT_POLICY,
      new Date("2026-01-02T00:00:00Z"),
    );
    if (decision.reasons.some((reason) => reason.code === "too-long"))
      context.addIssue({ code: "custom", path: ["body"], message: "too long" });
  },
);

/** The fields a person types into in some HTML, with the length the browser lets them type. */
function typedFields(html: string): Field[] {
  return [...html.matchAll(/<(input|textarea)\b([^>]*)>/g)]
    .map(([, tag, attributes]) => ({ tag: tag!, attributes: attributes! }))
    .filter(
      ({ tag, attributes }) =>
        tag === "textarea" ||
        !/\btype="(?:hidden|radio|checkbox|submit)"/.test(attributes),
    )
    .filter(({ attributes }) => !/\btabindex="-1"/i.test(attributes)) // the robots' trap
    .map(({ attributes }) => ({
      name: /\bname="([^"]*)"/.exec(attributes)?.[1] ?? "",
      maxLength: Number(/\bmaxlength="(\d+)"/i.exec(attributes)?.[1]) || null,
    }));
}

/** The hidden intent of each form in some HTML, with the form's HTML. */
function formsByIntent(html: string): Map<string, string> {
  return new Map(
    html
      .split("<form")
      .slice(1)
      .map((form) => [
        /name="intent" value="([^"]*)"/.exec(form)?.[1] ?? "",
        form,
      ]),
  );
}

/** A value of exactly `length` characters that the field would otherwise accept. */
function textOfLength(field: string, length: number): string {
  if (field === "days") return "9".repeat(length);
  if (!/email/i.test(field)) return "a".repeat(length);
  // Domain labels may hold 63 characters: a long address is many labels.
  let domain = "org";
  while (domain.length < length - 2) {
    const room = length - 2 - domain.length - 1;
    domain = `${"b".repeat(Math.min(60, Math.max(1, room)))}.${domain}`;
  }
  return `a@${domain}`.slice(0, length).padStart(length, "a");
}

function problemsOf(
  schema: ZodType,
  values: Record<string, string>,
  field: string,
) {
  const parsed = schema.safeParse(values);
  return parsed.success
    ? []
    : parsed.error.issues.filter((issue) => issue.path[0] === field);
}

const member = {
  displayName: "Margaret Okafor",
  email: "margaret@example.org",
  emailConfirmed: true,
  mailToFiles: false,
};

const password = "a long enough password";
const forms: {
  form: string;
  html: () => Promise<string>;
  schema: ZodType;
  /** Values the schema accepts, one for each field it reads. */
  valid: Record<string, string>;
  /** Fields of `valid` the form sends without anyone typing them (hidden, radio buttons). */
  notTyped?: string[];
  /** Fields a person may leave empty, so absent from `valid`. */
  typedOnly?: string[];
}[] = [
  {
    form: "the comment form",
    html: () =>
      renderRoute(
        () => (
          <CommentForm
            postSlug="sheds"
            parentId={null}
            result={undefined}
            nameField={nameField("publish")}
            member={null}
            maxLength={DEFAULT_POLICY.maxLength}
          />
        ),
        "/posts/sheds",
        {},
      ),
    schema: commentAsTheServerTakesIt,
    valid: { intent: "comment", body: "Thanks." },
    notTyped: ["intent"],
    typedOnly: ["name", "email"],
  },
  {
    form: "the report form",
    html: () =>
      renderRoute(
        () => (
          <ReportForm
            postSlug="sheds"
            commentId={4}
            result={undefined}
            cancelHref="/posts/sheds"
            page={1}
          />
        ),
        "/posts/sheds",
        {},
      ),
    schema: reportFormSchema,
    valid: { commentId: "4", reason: "other", note: "Off topic." },
    notTyped: ["commentId", "reason"],
  },
  {
    form: "sign-in",
    html: () => renderRoute(SignIn, "/sign-in", {}),
    schema: signInSchema,
    valid: { email: "m@example.org", password },
  },
  {
    form: "sign-up",
    html: () => renderRoute(SignUp, "/sign-up", { mailToFiles: false }),
    schema: signUpSchema,
    valid: { email: "m@example.org", displayName: "Margaret", password },
  },
  {
    form: "forgotten password",
    html: () =>
      renderRoute(ForgotPassword, "/forgot-password", { mailToFiles: false }),
    schema: forgotPasswordSchema,
    valid: { email: "m@example.org" },
  },
  {
    form: "new password",
    html: () =>
      renderRoute(ResetPassword, "/reset-password/t", { usable: true }),
    schema: resetPasswordSchema,
    valid: { password },
  },
  {
    form: "the desk's ban by email",
    html: async () =>
      formsByIntent(
        await renderRoute(Bans, "/moderation/bans", {
          bans: [],
          comments: [],
          scopes: [],
        }),
      ).get("ban-email") ?? "",
    // The action reads the ban's terms and the address with these two.
    schema: banFormSchema.extend({ email: emailSchema }),
    valid: { email: "m@example.org", reason: "Spam.", days: "30" },
  },
  ...(
    [
      ["name", displayNameFormSchema, { displayName: "Margaret" }],
      [
        "email",
        changeEmailSchema,
        { email: "m@example.org", currentPassword: password },
      ],
      [
        "password",
        changePasswordSchema,
        { currentPassword: password, password },
      ],
      ["delete", deleteAccountSchema, { currentPassword: password }],
    ] as const
  ).map(([intent, schema, valid]) => ({
    form: `the account page's "${intent}" form`,
    html: async () =>
      formsByIntent(await renderRoute(Account, "/account", member)).get(
        intent,
      ) ?? "",
    schema,
    valid,
  })),
];

describe("every field lets a person type what the server accepts, and no more", () => {
  it.each(forms)(
    "$form",
    async ({ html, schema, valid, notTyped = [], typedOnly = [] }) => {
      expect(schema.safeParse(valid).success).toBe(true);
      const fields = typedFields(await html());
      expect(fields.map((field) => field.name).sort()).toEqual(
        Object.keys(valid)
          .filter((name) => !notTyped.includes(name))
          .concat(typedOnly)
          .sort(),
      );
      for (const { name, maxLength } of fields) {
        expect(maxLength, `${name} has a browser limit`).not.toBeNull();
        const longest = { ...valid, [name]: textOfLength(name, maxLength!) };
        expect(
          problemsOf(schema, longest, name),
          `${name} at its limit`,
        ).toEqual([]);
        const tooLong = {
          ...valid,
          [name]: textOfLength(name, maxLength! + 1),
        };
        expect(
          problemsOf(schema, tooLong, name).length,
          `${name} past its limit`,
        ).toBeGreaterThan(0);
      }
    },
  );
});
