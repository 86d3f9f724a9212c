/** A mistake in how the CLI was called; printed as one line, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Errors whose message already names the problem and the fix: printed without a stack trace. */
const explained = new Set(['UsageError', 'DataError', 'ImageDecodeError', 'CheckpointError', 'BackendError', 'NonFiniteLossError', 'ConfigError', 'CodeError']);

/** Prints an error as `ganforge: <message>` (plus the stack for unexpected ones) and returns the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof Error && explained.has(error.name)) {
    console.error(`ganforge: ${error.message}`);
  } else {
    console.error('ganforge: unexpected error, please report it with the command you ran');
    console.error(error);
  }
  return 1;
}
