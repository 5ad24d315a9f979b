// A Python exception raised by the VM (ZeroDivisionError, IndexError, ...).
// The interpreter attaches the traceback (code index, pc per frame) when it
// propagates out of the running program.
export class PyError extends Error {
  traceback: { codeIndex: number; pc: number }[] = [];
  constructor(readonly pyType: string, readonly pyMessage: string) {
    super(pyMessage ? `${pyType}: ${pyMessage}` : pyType);
  }
}

export const typeError = (message: string) => new PyError('TypeError', message);
export const valueError = (message: string) => new PyError('ValueError', message);
export const indexError = (message: string) => new PyError('IndexError', message);
export const zeroDivision = (message: string) => new PyError('ZeroDivisionError', message);
export const overflowError = (message: string) => new PyError('OverflowError', message);
