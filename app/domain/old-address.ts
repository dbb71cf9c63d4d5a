/**
 * The key an old blog's address is stored and looked up under, or null for one that cannot be
 * a post's (the home page). WordPress's short links keep their query (`/?p=123`,
 * `/?page_id=4`); every other address is its path without a trailing slash, so
 * `/2016/05/marking.html?m=1`, `https://old.example/2016/05/marking.html` and
 * `/2010/10/17/slug/` all find the address they were imported with.
 */
export function oldAddressKey(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address, "http://old.invalid");
  } catch {
    return null;
  }
  for (const name of ["p", "page_id"]) {
    const id = url.searchParams.get(name);
    if (id !== null && /^\d+$/.test(id)) return `/?${name}=${id}`;
  }
  const path = url.pathname.replace(/\/+$/, "");
  return path === "" ? null : path;
}
