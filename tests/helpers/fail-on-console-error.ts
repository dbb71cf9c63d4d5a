import { afterEach, vi } from "vitest";

// An error printed during a test is a bug even when the assertions pass.
let errors: unknown[][] = [];

vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
  errors.push(args);
});

afterEach(() => {
  const printed = errors;
  errors = [];
  if (printed.length > 0) {
    throw new Error(
      `console.error was called:\n${printed.map((args) => args.map(String).join(" ")).join("\n")}`,
    );
  }
});
