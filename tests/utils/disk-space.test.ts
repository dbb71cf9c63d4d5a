import { describe, expect, it } from "vitest";
import {
  isOutOfSpace,
  LOW_DISK_SPACE_BYTES,
} from "~/platform/disk-space.server";

const failure = (code: string, message = "it failed") =>
  Object.assign(new Error(message), { code });
const wrapped = (cause: Error) =>
  new Error("Failed to run the query 'insert …'", { cause });
const GIGABYTE = 1024 ** 3;

describe("isOutOfSpace", () => {
  it.each([
    ["SQLITE_FULL", failure("SQLITE_FULL"), GIGABYTE, true],
    [
      "SQLITE_FULL wrapped by drizzle",
      wrapped(failure("SQLITE_FULL")),
      GIGABYTE,
      true,
    ],
    ["ENOSPC", failure("ENOSPC"), GIGABYTE, true],
    [
      "SQLITE_IOERR on an all but full disk",
      failure("SQLITE_IOERR_FSYNC"),
      LOW_DISK_SPACE_BYTES - 1,
      true,
    ],
    [
      "SQLITE_IOERR with room to spare",
      failure("SQLITE_IOERR_FSYNC"),
      GIGABYTE,
      false,
    ],
    [
      "a constraint failure on a full disk",
      failure("SQLITE_CONSTRAINT_UNIQUE"),
      0,
      false,
    ],
    [
      "an error without a code",
      new Error("database or disk is full"),
      0,
      false,
    ],
  ])("%s: %s", (_case, error, free, expected) => {
    expect(isOutOfSpace(error, () => free)).toBe(expected);
  });
});
