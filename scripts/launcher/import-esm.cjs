// import() for code that cannot call it itself (the run bundle compiled from
// V8's code cache or deserialized from the start-up snapshot lose the
// dynamic-import callback): capstone-wasm, which is ESM-only.
'use strict';
module.exports = (specifier) => import(specifier);
