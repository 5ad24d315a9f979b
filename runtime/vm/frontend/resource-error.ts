// A program too deeply nested for the front end, ended as python3 ends it:
// its parser runs out of stack with a bare `MemoryError` (exit status 1, no
// traceback), its compiler with `RecursionError: maximum recursion depth
// exceeded during compilation`. Not a SyntaxError: python3 prints no position.
export type ResourceErrorClass = 'MemoryError' | 'RecursionError';

export class FrontEndResourceError extends Error {
  constructor(readonly errorClass: ResourceErrorClass, message = '') {
    super(message);
  }

  /** The line python3 prints last on stderr. */
  format(): string {
    return this.message ? `${this.errorClass}: ${this.message}` : this.errorClass;
  }
}
