import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

export interface Logger {
  error(message: string): void;
  /** While a whole analysis runs off this thread: when it ends (a request waits, as it waited for one made here). */
  analysing?(): Promise<void> | undefined;
}

/**
 * Runs a request handler so that it honours cancellation and never throws: a failure is logged and answered
 * with the empty result, so one bad document cannot break the editor's other features.
 */
// The protocol types each handler's error data differently; a cancellation error carries none.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyResponseError = ResponseError<any>;

export function runSafe<T>(logger: Logger, func: () => T, errorValue: T, what: string, token: CancellationToken): Promise<T | AnyResponseError> {
  const analysing = logger.analysing?.();
  return new Promise((resolve) => {
    const start = () => setImmediate(() => {
      if (token.isCancellationRequested) {
        resolve(new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled'));
        return;
      }
      try {
        const result = func();
        if (token.isCancellationRequested) resolve(new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled'));
        else resolve(result);
      } catch (error) {
        logger.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        resolve(errorValue);
      }
    });
    if (analysing) void analysing.then(start, start);
    else start();
  });
}
