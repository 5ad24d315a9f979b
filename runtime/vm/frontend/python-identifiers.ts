// What an identifier is (PEP 3131): a first character with Unicode's
// XID_Start property (or '_'), then XID_Continue characters; python3 keeps
// non-ASCII names in NFKC normal form, so `ﬁ` and `fi` are the same name.
// The Unicode tables are Node's (ICU), a newer Unicode version than
// python3.11's 14.0: only characters added since then differ.

const XID_START = /\p{XID_Start}/u;
const XID_CONTINUE = /\p{XID_Continue}/u;

export function isIdentifierStart(cp: number): boolean {
  return XID_START.test(String.fromCodePoint(cp));
}

export function isIdentifierContinue(cp: number): boolean {
  return XID_CONTINUE.test(String.fromCodePoint(cp));
}

/** The name python3 stores for an identifier as written. */
export function normalizeIdentifier(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 128) return text.normalize('NFKC');
  }
  return text;
}
