// What traces call in cases/bigint.c: any-size int operations on value words
// (small ints, inline int128s, limbs objects), results boxed in the lent
// buffer. cases/bigint_uops.c is the uops over them.
#ifndef STENCIL_JIT_BIGINT_H
#define STENCIL_JIT_BIGINT_H

#include "vm.h"

// Operation codes: Python's BinaryOp numbers (runtime/vm/frontend/bytecode.ts).
#define BIG_OP_ADD 0
#define BIG_OP_SUB 1
#define BIG_OP_MUL 2
#define BIG_OP_FLOORDIV 4
#define BIG_OP_MOD 5
#define BIG_OP_LSHIFT 7
#define BIG_OP_RSHIFT 8
#define BIG_OP_AND 9
#define BIG_OP_OR 10
#define BIG_OP_XOR 11

// a <op> b into *out, Python's rules; 0 (nothing taken, *out untouched) when
// an operand is not an int, the divisor is 0, the shift count is negative or
// not small, or the lent buffer cannot hold the result and the scratch.
int support_bigint_value_op(VMState *vm, int64_t op, Value a, Value b, Value *out);

// -1, 0 or 1 into *out as a < b, a == b, a > b; 0 when an operand is not an int.
int support_bigint_value_compare(Value a, Value b, int64_t *out);

// The truth of an int into *out; 0 when the value is not an int.
int support_bigint_value_truth(Value v, int64_t *out);


// An int128 result that only feeds the next int operation, boxed without
// allocating: a small int when it fits, else written into `box`, an inline
// BigIntObject the runtime pinned for this one uop instance
// (runtime/vm/tracing/optimizer/wide-temporaries.ts; cases/wide_temporaries.c).
static inline __attribute__((always_inline)) Value box_wide_into(wide_int i, uint64_t box) {
  if (i >= SMALL_INT_MIN && i <= SMALL_INT_MAX) return BOX_INT((int64_t)i);
  BigIntObject *b = (BigIntObject *)(uintptr_t)box;
  b->value_lo = (uint64_t)i;
  b->value_hi = (int64_t)((wide_uint)i >> 64);
  return BOX_OBJ(b);
}

#endif
