// The request body limit must stay above the largest form anyone can legitimately send: each
// form is filled to its schema's limits with characters that take the most bytes once
// URL-encoded ("€": 3 bytes of UTF-8, 9 characters as %E2%82%AC), checked to be accepted as
// valid, and measured.
import { describe, expect, it } from "vitest";
import { signUpSchema, PASSWORD_MAX } from "~/domain/account-forms";
import { BODY_HARD_LIMIT, parseCommentForm } from "~/domain/comment-form";
import { DEFAULT_POLICY } from "~/domain/moderation-policy";
import { parsePolicyForm, policyToForm } from "~/domain/policy-form";
import { MAX_IMAGE_UPLOAD_BODY_BYTES } from "~/domain/image-upload";
import { MAX_PREVIEW_CHARACTERS } from "~/domain/post-preview";
import {
  maxBodyBytesFor,
  MAX_REQUEST_BODY_BYTES,
} from "~/server/body-limit.server";
import { commentFields } from "../helpers/comments";

const WIDE = "€";
const MAX_WORDS = 500;
const MAX_WORD_LENGTH = 100;

/** The bytes a browser sends for a form: URL-encoded, as forms without files are. */
const encodedSize = (fields: Record<string, string>) =>
  new TextEncoder().encode(new URLSearchParams(fields).toString()).length;

describe("MAX_REQUEST_BODY_BYTES", () => {
  it("fits the moderation settings form with both word lists full", () => {
    const words = Array.from({ length: MAX_WORDS }, (_, index) =>
      `${index}`.padEnd(MAX_WORD_LENGTH, WIDE).slice(0, MAX_WORD_LENGTH),
    ).join("\n");
    const form = {
      ...policyToForm(DEFAULT_POLICY),
      heldWords: words,
      blockedWords: words,
    };
    expect(parsePolicyForm(form).ok).toBe(true);
    expect(encodedSize(form)).toBeGreaterThan(800_000);
    expect(encodedSize(form)).toBeLessThan(MAX_REQUEST_BODY_BYTES);
  });

  it("fits a comment at the form's hard limit, twice over", () => {
    const form = commentFields({
      name: WIDE.repeat(80),
      email: `${"a".repeat(240)}@example.org`,
      body: WIDE.repeat(BODY_HARD_LIMIT),
      parentId: "123456",
    });
    expect(parseCommentForm(form).ok).toBe(true);
    expect(2 * encodedSize(form)).toBeLessThan(MAX_REQUEST_BODY_BYTES);
  });

  it("fits the sign-up form at its limits", () => {
    const form = {
      email: `${"a".repeat(240)}@example.org`,
      displayName: WIDE.repeat(80),
      password: WIDE.repeat(PASSWORD_MAX),
    };
    expect(signUpSchema.safeParse(form).success).toBe(true);
    expect(encodedSize(form)).toBeLessThan(MAX_REQUEST_BODY_BYTES);
  });
});

// The live preview sends the body as multipart, as UTF-8: the longest body fits in any script.
describe("the live preview's largest request", () => {
  it.each(["€", "😀", "a"])(
    "fits the limit with %s to its last character",
    async (character) => {
      const form = new FormData();
      form.append(
        "body",
        character.repeat(MAX_PREVIEW_CHARACTERS / character.length),
      );
      const bytes = (await new Response(form).arrayBuffer()).byteLength;
      expect(bytes).toBeGreaterThan(MAX_PREVIEW_CHARACTERS);
      expect(bytes).toBeLessThan(MAX_REQUEST_BODY_BYTES);
    },
  );
});

// An image upload is the one request allowed more than a form: only at its own address.
describe("maxBodyBytesFor", () => {
  it.each([
    ["/write/images", MAX_IMAGE_UPLOAD_BODY_BYTES],
    ["/write/images?return=%2Fwrite", MAX_IMAGE_UPLOAD_BODY_BYTES],
    ["/write/images.data", MAX_IMAGE_UPLOAD_BODY_BYTES],
    ["/write/images/", MAX_IMAGE_UPLOAD_BODY_BYTES],
    ["/write/preview", MAX_REQUEST_BODY_BYTES],
    ["/write/images-and-more", MAX_REQUEST_BODY_BYTES],
    ["/write/new", MAX_REQUEST_BODY_BYTES],
    ["/posts/write/images", MAX_REQUEST_BODY_BYTES],
    ["/", MAX_REQUEST_BODY_BYTES],
  ])("%s may send %i bytes", (path, limit) => {
    expect(maxBodyBytesFor(path)).toBe(limit);
  });
});
