// A compile-time error with its source position; reported as
// `file:line:col: SyntaxError: message` and exit status 2.

/** The SyntaxError subclasses python3's front end raises. */
export type SyntaxErrorClass = 'SyntaxError' | 'IndentationError' | 'TabError';

export class SyntaxErrorAt extends Error {
  /**
   * `line` is 1-based; `col` is python3's `SyntaxError.offset`: 1-based and
   * counted in code points (0 when python3 gives no column).
   */
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
    readonly errorClass: SyntaxErrorClass = 'SyntaxError',
  ) {
    super(message);
  }

  format(filename: string): string {
    return `${filename}:${this.line}:${this.col}: ${this.errorClass}: ${this.message}`;
  }
}
