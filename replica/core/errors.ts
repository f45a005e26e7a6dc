// The replica's error types. They import nothing, so any file may throw them without pulling in the server.

/** A failure a handler reports in the shape of its area (console JSON, Query XML, side door JSON). */
export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AwsError';
  }
}

/** A bad side-door or form input, naming the field. */
export class InputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}
