// Keyword calls whose keywords bind out of order or skip a parameter with a
// default (record-kwcalls.ts): after the keyword values and the missing
// parameters' defaults are on the stack, one uop puts the top values in
// parameter order, so the call is inlined as a positional one. OPARG holds,
// two bits per output from the deepest, which input (0 = deepest) goes there.
// (Three and four values; two are a SWAP.)

/// The three top values permuted as OPARG says.
uop KW_PERMUTE_3 (a, b, c -- x, y, z) {
  Value in[3] = {a, b, c};
  x = in[OPARG & 3];
  y = in[(OPARG >> 2) & 3];
  z = in[(OPARG >> 4) & 3];
}

/// The four top values permuted as OPARG says.
uop KW_PERMUTE_4 (a, b, c, d -- w, x, y, z) {
  Value in[4] = {a, b, c, d};
  w = in[OPARG & 3];
  x = in[(OPARG >> 2) & 3];
  y = in[(OPARG >> 4) & 3];
  z = in[(OPARG >> 6) & 3];
}
