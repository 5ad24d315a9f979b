// C support library shared by stencils and the uop interpreter: helpers too
// big to inline into every stencil, and the libm functions uops call.
#ifndef STENCIL_JIT_SUPPORT_H
#define STENCIL_JIT_SUPPORT_H

#include "vm.h"

// libm, resolved by the runtime through dlsym.
double pow(double, double);
double floor(double);
double fmod(double, double);

// Python's float `**` (returns 0 and sets *ok = 0 where Python would raise or
// return a complex number, so the caller exits to tier-1).
double support_float_pow(double base, double exponent, int *ok);
// Python's float `%` with the sign of the divisor.
double support_float_mod(double a, double b);

// The one-argument functions of math that CPython computes as libm's function
// of the same name (math_1): MATH1_<NAME> numbers them for MATH1_FLOAT's oparg
// (build/layout.ts exports the numbers to the recorder).
#define MATH1_FUNCTIONS(X) \
  X(SIN, sin) X(COS, cos) X(TAN, tan) X(ASIN, asin) X(ACOS, acos) X(ATAN, atan) X(SINH, sinh) X(COSH, cosh) \
  X(TANH, tanh) X(ASINH, asinh) X(ACOSH, acosh) X(ATANH, atanh) X(EXP, exp) X(EXP2, exp2) X(EXPM1, expm1) \
  X(LOG1P, log1p) X(CBRT, cbrt) X(ERF, erf) X(ERFC, erfc)
#define MATH1_ENUM(NAME, name) MATH1_##NAME,
enum { MATH1_FUNCTIONS(MATH1_ENUM) MATH1_COUNT };
#undef MATH1_ENUM
#define MATH1_DECLARE(NAME, name) double name(double);
MATH1_FUNCTIONS(MATH1_DECLARE)
#undef MATH1_DECLARE
// libm's function number `which` of x (NaN for an unknown number).
double support_math1(int64_t which, double x);

// Cleans the D-cache and invalidates the I-cache for [start, end) so that
// patched code can run (aarch64: dc cvau / dsb ish / ic ivau / dsb ish / isb;
// a no-op on x86_64). Call it after writing code and before executing it.
void support_flush_icache(char *start, char *end);

// The oparg's fields (OPARG_FIELD: a hole each in a stencil, computed from the
// oparg in the uop interpreter): a packed oparg holds one local or index (ARG,
// LO, HI), or three 10/10/11-bit ones (A10, B10, C). The generator writes both
// forms from the config's opargFields into oparg_fields.h: the holes'
// declarations and OPARG_FIELD_COMPUTED(f), the same values computed from OPARG.
#include "oparg_fields.h"
#include "wide_ints.h" // int128 helpers of cases/wide_ints.c
#include "bigint.h" // any-size int operations of cases/bigint.c (cases/bigint_uops.c)
#define OPARG_LO OPARG_FIELD(LO)
#define OPARG_HI OPARG_FIELD(HI)
#define OPARG_A10 OPARG_FIELD(A10)
#define OPARG_B10 OPARG_FIELD(B10)
#define OPARG_C OPARG_FIELD(C)
// The local a field names, addressed by its byte offset: one displacement.
#define LOCAL_AT_OFFSET(x8) (*(Value *)((char *)frame->locals + (x8)))
#define LOCAL_ARG LOCAL_AT_OFFSET(OPARG_FIELD(ARG_X8))
#define LOCAL_LO LOCAL_AT_OFFSET(OPARG_FIELD(LO_X8))
#define LOCAL_HI LOCAL_AT_OFFSET(OPARG_FIELD(HI_X8))
#define LOCAL_A10 LOCAL_AT_OFFSET(OPARG_FIELD(A10_X8))
#define LOCAL_B10 LOCAL_AT_OFFSET(OPARG_FIELD(B10_X8))
#define LOCAL_C LOCAL_AT_OFFSET(OPARG_FIELD(C_X8))
// An item of an items array at an index a field names (HI: the constant index of LIST_GET_LOCAL_CONST).
#define ITEM_AT_OFFSET(array, x8) (*(Value *)((char *)(array)->items + (x8)))
// The word `x8` bytes past a frame's locals (a local, or the end of the locals).
#define PAST_LOCALS(f, x8) ((Value *)((char *)(f)->locals + (x8)))

// Stores v into the local `slot` (LOCAL_ARG, ...) from a register-mode uop that
// leaves the stack as it is: with the stack empty, the register copy of the top
// mirrors the word just below it (the last local, see generator/c-emitter.ts),
// which must see the store.
// A branch, not a conditional move: a cmov would make the top (often a loop's
// iterator) wait for the stored value, chaining iterations together.
#define SET_LOCAL(slot, v)                                    \
  do {                                                        \
    Value *set_local_slot_ = &(slot);                         \
    Value set_local_value_ = (v);                             \
    *set_local_slot_ = set_local_value_;                      \
    if (__builtin_expect(set_local_slot_ == sp - 1, 0)) {     \
      __asm__ volatile("" : "+r"(set_local_value_));         \
      tos = set_local_value_;                                 \
    }                                                         \
  } while (0)

// PUSH_FRAME (an inlined call's frame, built on top of the stack). Whether a
// callee frame ending at `frame_end` (after its header, locals and deepest
// value stack) fits the frame stack, and the call stays under the recursion limit:
// range(stop), range(start, stop) or range(start, stop, step): the `nargs`
// small ints on top of the stack (RANGE_ITER_NEW, RANGE_OBJECT_NEW).
static inline __attribute__((always_inline)) void range_arguments(const Value *sp, int64_t nargs, int64_t *start, int64_t *stop, int64_t *step) {
  *start = nargs == 1 ? 0 : UNBOX_INT(sp[-nargs]);
  *stop = UNBOX_INT(sp[nargs == 1 ? -1 : 1 - nargs]);
  *step = nargs == 3 ? UNBOX_INT(sp[-1]) : 1;
}

// A return from a trace's base frame (`nargs` arguments) to whoever runs the
// trace (tier-1, or a CALL_TOP / CALL_TRACE waiting for it): the result
// replaces the callable in the caller's stack, and VMState says where the
// caller goes on.
static inline __attribute__((always_inline)) void return_from_trace(VMState *vm, Frame *frame, Value *sp, int64_t nargs) {
  Value *slot = (Value *)frame - nargs - 1;
  *slot = sp[-1];
  vm->frame = frame->previous;
  vm->sp = slot + 1;
  vm->exit_index = TRACE_RETURNED;
}

static inline int frame_fits(const VMState *vm, const Frame *frame, const Value *frame_end) {
  // `&`, not `&&`: both tests are cheap loads, and one branch to the exit is
  // smaller than two (x86_64 keeps a jump block for a branch over it).
  return (frame_end <= vm->stack_limit) & (frame->depth + 1 < RECURSION_LIMIT);
}

// The callee's frame at sp, its value stack starting at `stack_base` (after
// its `nlocals` locals): the top `nargs` values become its first locals, the
// others start unbound; the caller resumes at `resume_pc`. With `nargs` a
// constant (PUSH_FRAME_1.._3) the argument copy is straight-line code.
static inline __attribute__((always_inline)) Frame *push_frame(Frame *frame, Value *sp, int64_t nargs, int64_t nlocals, Value *stack_base,
                                                               int64_t code_index, int64_t resume_pc) {
  Frame *callee = (Frame *)sp;
  // The arguments first, before any other store, so that the top one comes
  // straight from the register that caches it. Word by word (the empty asm
  // keeps clang from making the copy a memcpy, which it inlines as 16-byte
  // moves): the arguments were just pushed by 8-byte stores, and a 16-byte
  // load of two of them cannot take them from the store buffer; it stalls
  // (spectral-norm's inner loop ran 1.7x slower).
  for (int64_t i = 0; i < nargs; i++) {
    Value arg = sp[i - nargs];
    __asm__("" : "+r"(arg));
    callee->locals[i] = arg;
  }
  frame->pc = resume_pc;
  callee->previous = frame;
  callee->code_index = code_index;
  callee->nlocals = nlocals;
  callee->pc = 0;
  callee->depth = frame->depth + 1;
  // Usually no iterations: a loop, not vector code.
#pragma clang loop vectorize(disable) unroll(disable)
  for (Value *local = &callee->locals[nargs]; local < stack_base; local++) *local = UNBOUND_VALUE;
  callee->stack_base = stack_base;
  return callee;
}

// Lets the compiler treat the float register ftos as holding anything, with no
// instruction (the generated case of a uop that does not use ftos ends with
// this, so a stencil need not keep the register alive across its calls).
#if defined(__x86_64__)
#define FORGET_FLOAT(x) __asm__("" : "=x"(x))
#elif defined(__aarch64__)
#define FORGET_FLOAT(x) __asm__("" : "=w"(x))
#else
#define FORGET_FLOAT(x) ((x) = 0.0)
#endif

// A host function (a TypeScript callback through koffi) taking and returning values.
typedef Value (*HostFunction1)(Value);

// The iterator uops' helpers (cases/uops_iter.c).
#include "iter_support.h"
// The dict, set and str uops' helpers (cases/uops_dicts.c, cases/uops_strs.c).
#include "dict_support.h"
// The loop and sequence uops' helpers (cases/uops_loops.c).
#include "loops_support.h"
#include "virtuals.h"
// The string-building uops' helpers (cases/uops_str_build.c).
#include "str_build.h"
// Tuple comparison (cases/uops_compare.c).
#include "compare_support.h"

#endif
