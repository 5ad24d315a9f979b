// Offsets of the Brainfuck VM's state for TypeScript (read by the generator into layout.ts).
#include "bf.h"

#define CONST(name, value) const int64_t layout_##name = (int64_t)(value);

CONST(TAPE, offsetof(BfState, tape))
CONST(TAPE_END, offsetof(BfState, tape_end))
CONST(OUT, offsetof(BfState, out))
CONST(OUT_LEN, offsetof(BfState, out_len))
CONST(OUT_CAP, offsetof(BfState, out_cap))
CONST(IN, offsetof(BfState, in))
CONST(IN_LEN, offsetof(BfState, in_len))
CONST(IN_POS, offsetof(BfState, in_pos))
CONST(EXIT_INDEX, offsetof(BfState, exit_index))
CONST(EXIT_TRACE, offsetof(BfState, exit_trace))
CONST(PTR, offsetof(BfState, ptr))
CONST(SIZEOF_STATE, sizeof(BfState))
