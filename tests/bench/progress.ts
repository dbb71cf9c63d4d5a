/**
 * A progress bar on stderr. On a terminal it redraws one line; in a log (CI) it prints only a
 * start and an end line, so the log stays readable.
 */
export class Progress {
  private done = 0;
  private lastDraw = 0;
  private readonly started = Date.now();
  private readonly terminal = Boolean(process.stderr.isTTY);

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {
    if (!this.terminal)
      process.stderr.write(`${label}: ${total.toLocaleString("en-GB")}…\n`);
    else this.draw();
  }

  tick(count = 1): void {
    this.done += count;
    // Redrawing at every tick would cost more than the work it reports.
    if (this.terminal && Date.now() - this.lastDraw > 100) this.draw();
  }

  finish(): number {
    const seconds = (Date.now() - this.started) / 1000;
    if (this.terminal) {
      this.done = this.total;
      this.draw();
      process.stderr.write("\n");
    }
    process.stderr.write(`${this.label}: done in ${seconds.toFixed(1)} s\n`);
    return seconds * 1000;
  }

  private draw(): void {
    this.lastDraw = Date.now();
    const width = 30;
    const share = this.total === 0 ? 1 : Math.min(1, this.done / this.total);
    const filled = Math.round(share * width);
    const bar = "#".repeat(filled) + "-".repeat(width - filled);
    process.stderr.write(
      `\r${this.label} [${bar}] ${String(Math.round(share * 100)).padStart(3)}% ` +
        `${this.done.toLocaleString("en-GB")}/${this.total.toLocaleString("en-GB")}`,
    );
  }
}

/** Runs a step that cannot report progress, saying on stderr what it waits for. */
export function timed<T>(
  label: string,
  step: () => T,
): { value: T; ms: number } {
  process.stderr.write(`${label}…\n`);
  const started = performance.now();
  const value = step();
  const ms = performance.now() - started;
  process.stderr.write(`${label}: done in ${(ms / 1000).toFixed(1)} s\n`);
  return { value, ms };
}
