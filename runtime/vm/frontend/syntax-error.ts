// A compile-time error with its source position; reported as
// `file:line:col: SyntaxError: message` and exit status 2.
export class SyntaxErrorAt extends Error {
  constructor(message: string, readonly line: number, readonly col: number) {
    super(message);
  }

  format(filename: string): string {
    return `${filename}:${this.line}:${this.col}: SyntaxError: ${this.message}`;
  }
}
