/**
 * A guest's name and email, kept in this browser only (localStorage) when they tick "Save my
 * name…", as WordPress offers. The server never sees it as such: pages stay the same for every
 * guest (and cacheable), and the form is filled in by the browser.
 */
const STORAGE_KEY = "lookout.savedGuest";

export type SavedGuest = { name: string; email: string };

export function readSavedGuest(): SavedGuest | null {
  try {
    const value: unknown = JSON.parse(
      window.localStorage.getItem(STORAGE_KEY) ?? "null",
    );
    if (
      typeof value === "object" &&
      value !== null &&
      typeof (value as SavedGuest).name === "string" &&
      typeof (value as SavedGuest).email === "string"
    )
      return value as SavedGuest;
  } catch {
    // Storage refused (private mode) or damaged: nothing is saved.
  }
  return null;
}

export function saveGuest(details: SavedGuest): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(details));
  } catch {
    // Storage refused: the form still posts, it is just not remembered.
  }
}

export function forgetGuest(): void {
  try {
    window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing to forget.
  }
}
