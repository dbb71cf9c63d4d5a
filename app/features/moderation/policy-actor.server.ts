import type { Actor } from "~/features/moderation/moderation.server";

/** The moderation policy, as the actor of the decisions it makes itself. */
export const THE_POLICY: Actor = { name: "policy", userId: null };
