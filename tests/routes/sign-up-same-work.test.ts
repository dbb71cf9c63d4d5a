import { beforeEach, describe, expect, it, vi } from "vitest";
import { action as signUpAction } from "~/routes/sign-up";
import { hashPassword } from "~/features/accounts/password.server";
import { answerOf, browserRequest, makeUser } from "../helpers/accounts";
import { freshAddress } from "../helpers/comments";
import { useTempSite } from "../helpers/temp-site";

// The password hash is what takes time (about 50 ms): counted here, since a stopwatch on a busy
// machine cannot tell 50 ms apart reliably.
vi.mock("~/features/accounts/password.server", async (importOriginal) => {
  const original =
    await importOriginal<
      typeof import("~/features/accounts/password.server")
    >();
  return { ...original, hashPassword: vi.fn(original.hashPassword) };
});

useTempSite();

const signUp = (email: string) =>
  answerOf(() =>
    signUpAction({
      request: browserRequest("/sign-up", {
        form: {
          email,
          displayName: "Same Work",
          password: "a long enough password",
        },
      }),
      params: {},
      context: { clientAddress: freshAddress() },
    }),
  );

beforeEach(() => {
  vi.mocked(hashPassword).mockClear();
});

describe("sign-up's work, whether or not the email has an account", () => {
  it("hashes the password once for a new email", async () => {
    await signUp("brand-new@example.org");
    expect(hashPassword).toHaveBeenCalledTimes(1);
  });

  it("hashes the password once for an email that has an account", async () => {
    const existing = await makeUser();
    vi.mocked(hashPassword).mockClear();
    const answer = await signUp(existing.email);
    expect(answer.data).toEqual({ done: true, email: existing.email });
    expect(hashPassword).toHaveBeenCalledTimes(1);
  });
});
