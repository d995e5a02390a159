/** Why the host refused to start: every problem found, in one error, so one run shows everything to fix. */
export class HostStartError extends Error {
  override readonly name = 'HostStartError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: ErrorOptions) {
    super(
      problems.length === 1
        ? `The host cannot start: ${problems[0]}`
        : `The host cannot start:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
      options,
    );
    this.problems = problems;
  }
}
