import type { MailContent } from "./compose.server";
import { env } from "../../platform/env.server";

/**
 * Every message the site sends, one function each: what it says and why the person gets it.
 * Links open a page whose form acts; none changes anything by being followed.
 * Never put another person's email (or anything they typed) in a message.
 */

/** An absolute link to a page of this site. */
export function siteLink(path: string): string {
  return `${env().SITE_URL}${path}`;
}

export function passwordResetMessage(token: string): MailContent {
  return {
    subject: "Choose a new password",
    paragraphs: [
      "Someone, probably you, asked to reset the password of your account.",
      "The link below works once, for an hour. Choosing a new password signs you out everywhere else.",
      "If you did not ask, ignore this email: your password stays as it is.",
    ],
    action: {
      label: "Choose a new password",
      url: siteLink(`/reset-password/${token}`),
    },
    reason:
      "You are getting this email because a password reset was asked for the account with this address.",
  };
}

export function confirmEmailMessage(token: string): MailContent {
  return {
    subject: "Confirm your email",
    paragraphs: [
      "Welcome! To finish creating your account, confirm that this address is yours.",
      "Until you do, your comments are treated as a guest's. The link works once, for 7 days.",
    ],
    action: {
      label: "Confirm my email",
      url: siteLink(`/confirm-email/${token}`),
    },
    reason:
      "You are getting this email because an account was created with this address. If it was not you, ignore it: the account cannot be used as yours without this link.",
  };
}

export function signUpAttemptMessage(): MailContent {
  return {
    subject: "Someone tried to sign up with your email",
    paragraphs: [
      "Someone tried to create an account with this address, which already has one. Nothing was changed.",
      "If it was you, sign in instead. If you have forgotten your password, you can choose a new one.",
    ],
    action: {
      label: "Choose a new password",
      url: siteLink("/forgot-password"),
    },
    reason:
      "You are getting this email because the site's sign-up form was sent with the address of your account.",
  };
}

export function confirmNewEmailMessage(token: string): MailContent {
  return {
    subject: "Confirm your new email",
    paragraphs: [
      "You asked to use this address for your account from now on.",
      "Follow the link to confirm it; it works once, for a day. Until then your account keeps its old address.",
    ],
    action: {
      label: "Use this email",
      url: siteLink(`/account/email/${token}`),
    },
    reason:
      "You are getting this email because this address was given as the new email of an account. If it was not you, ignore it: nothing changes without this link.",
  };
}

export function emailChangeNoticeMessage(): MailContent {
  return {
    subject: "Your account's email is being changed",
    paragraphs: [
      "Someone signed in to your account asked to change its email to another address. It changes once the link sent there is followed.",
      "If it was not you, choose a new password now: that signs out every browser and ends the request.",
    ],
    action: {
      label: "Choose a new password",
      url: siteLink("/forgot-password"),
    },
    reason:
      "You are getting this email because it is the current address of the account.",
  };
}

export function confirmAddressMessage(token: string): MailContent {
  return {
    subject: "Confirm your email address",
    paragraphs: [
      "You asked the site to tell you by email what happens, for example to a comment you posted. Before it sends anything else to this address, it checks that the address is yours.",
      "The link works once, for 7 days. Until it is followed, nothing else is sent here.",
    ],
    action: {
      label: "Confirm my address",
      url: siteLink(`/confirm-address/${token}`),
    },
    reason:
      "You are getting this email because this address was given on the site with a request for notices. If it was not you, ignore it: without this link the site sends nothing more to it.",
  };
}
