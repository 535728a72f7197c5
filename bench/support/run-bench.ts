/**
 * Runs a benchmark's main: exit 0 once its figures are printed (the application's pools and timers would keep
 * the process alive), 1 with the error.
 */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
