// The stencil template's macros: how a uop body talks to the code around it.
// Every stencil is a preserve_none function taking the VM state in pinned
// registers; it ends by tail-calling the next stencil (`_JIT_CONTINUE`), which
// the runtime patches to the following uop's code.
#ifndef STENCIL_JIT_TEMPLATE_H
#define STENCIL_JIT_TEMPLATE_H

#include "support.h"

#define PRESERVE_NONE __attribute__((preserve_none))
#define MUSTTAIL __attribute__((musttail))

// tos: the top of the value stack, kept in a register from stencil to stencil
// (see generator/c-emitter.ts: its memory slot sp[-1] may be stale).
// ftos: a float result handed from one uop straight to the next in an SSE/FP
// register (the *_F forms and their consumers in cases/uops.c); it is live only
// between two adjacent uops, never at an exit, a jump or a trace boundary.
// fr0, fr1: two float locals a loop keeps in registers across its iterations
// (ENTER_FR*, LOAD_FR*, STORE_FR*: written through to the frame, so they are
// dead at every exit; a trace entry loads them). Two registers, not the lanes
// of one: a lane write would chain the two locals' updates together.
typedef PRESERVE_NONE void (*StencilFunction)(Frame *frame, Value *sp, VMState *vm, Value tos, double ftos, double fr0, double fr1);

// Holes: the runtime patches each use of these symbols.
extern PRESERVE_NONE void _JIT_CONTINUE(Frame *frame, Value *sp, VMState *vm, Value tos, double ftos, double fr0, double fr1);
extern PRESERVE_NONE void _JIT_JUMP_TARGET(Frame *frame, Value *sp, VMState *vm, Value tos, double ftos, double fr0, double fr1);
extern PRESERVE_NONE void _JIT_EXIT(Frame *frame, Value *sp, VMState *vm, Value tos, double ftos, double fr0, double fr1);
extern PRESERVE_NONE void _JIT_TOP(Frame *frame, Value *sp, VMState *vm, Value tos, double ftos, double fr0, double fr1);
// A value hole is declared weak: its "address" is the value patched in, and 0
// is a value like any other. clang takes the address of a non-weak symbol to
// be nonzero and folds `OPARG == 0` to false (a uop with `OPARG ? a : b`
// always took `a`); a weak symbol may be at 0, so the test stays. Same
// relocations, same code.
#define JIT_VALUE_HOLE __attribute__((weak))
extern char _JIT_OPERAND0[] JIT_VALUE_HOLE;
extern char _JIT_OPERAND1[] JIT_VALUE_HOLE;
// Sized, so that with the medium code model's data threshold the oparg is a
// 32-bit immediate (R_X86_64_32) rather than a 10-byte movabs; operands stay 64-bit.
extern const char _JIT_OPARG[1] JIT_VALUE_HOLE;

#define OPARG ((int64_t)(uintptr_t)_JIT_OPARG)

// Fields of the oparg (opargFields in cases/stencil.config.json), each a hole of
// its own that the runtime computes from the oparg (the _JIT_OPARG_<field>
// symbols are declared in the generated oparg_fields.h): a local becomes one
// displacement and a constant index an immediate, with no decoding in the code.
#define OPARG_FIELD(f) ((int64_t)(uintptr_t)_JIT_OPARG_##f)
#define OPERAND0 ((uint64_t)(uintptr_t)_JIT_OPERAND0)
#define OPERAND1 ((uint64_t)(uintptr_t)_JIT_OPERAND1)

// Side exit with the stack as it was when the uop started.
#define EXIT_IF(cond)                                          \
  do {                                                         \
    if (__builtin_expect(!!(cond), 0)) {                       \
      MUSTTAIL return _JIT_EXIT(frame, sp, vm, UOP_TOS, ftos, fr0, fr1);       \
    }                                                          \
  } while (0)
// Side exit with the uop's inputs already popped (the top is then in memory:
// only the topmost input was cached).
#define EXIT_POPPED_IF(cond)                                                          \
  do {                                                                                \
    if (__builtin_expect(!!(cond), 0)) {                                              \
      MUSTTAIL return _JIT_EXIT(frame, sp - UOP_INPUTS, vm, sp[-UOP_INPUTS - 1], ftos, fr0, fr1);     \
    }                                                                                 \
  } while (0)
// Side exit with a and b pushed over the stack as it was at the start: a
// superinstruction failing where its last unfused part would have, with that
// part's operands on the stack.
#define EXIT_PUSHING2_IF(cond, a, b)                                                  \
  do {                                                                                \
    if (__builtin_expect(!!(cond), 0)) {                                              \
      sp[-1] = UOP_TOS;                                                               \
      sp[0] = (a);                                                                    \
      MUSTTAIL return _JIT_EXIT(frame, sp + 2, vm, (b), ftos, fr0, fr1);                              \
    }                                                                                 \
  } while (0)
// Side exit with a, b and c pushed over the stack as it was at the start.
#define EXIT_PUSHING3_IF(cond, a, b, c)                                               \
  do {                                                                                \
    if (__builtin_expect(!!(cond), 0)) {                                              \
      sp[-1] = UOP_TOS;                                                               \
      sp[0] = (a);                                                                    \
      sp[1] = (b);                                                                    \
      MUSTTAIL return _JIT_EXIT(frame, sp + 3, vm, (c), ftos, fr0, fr1);              \
    }                                                                                 \
  } while (0)
// Side exit with a pushed over the stack as it was at the start (a consumer of
// ftos failing where its unfused form would, with ftos on the stack).
#define EXIT_PUSHING1_IF(cond, a)                                                     \
  do {                                                                                \
    if (__builtin_expect(!!(cond), 0)) {                                              \
      sp[-1] = UOP_TOS;                                                               \
      MUSTTAIL return _JIT_EXIT(frame, sp + 1, vm, (a), ftos, fr0, fr1);                        \
    }                                                                                 \
  } while (0)
#define JUMP_TO_TOP() MUSTTAIL return _JIT_TOP(frame, sp, vm, UOP_TOS, ftos, fr0, fr1)
#define JUMP_TO_TARGET() MUSTTAIL return _JIT_JUMP_TARGET(frame, sp, vm, UOP_TOS, ftos, fr0, fr1)
#define TRACE_RETURN() return
// A real (non-tail) call of the trace top: a function trace calling itself
// (from a uop that works on memory, so the callee's top is sp[-1]).
#define CALL_TOP_TRACE() _JIT_TOP(frame, sp, vm, sp[-1], ftos, fr0, fr1)
// A real call of another trace at `entry` (its program and id are the uop interpreter's).
#define CALL_TRACE_AT(entry, program, id) ((StencilFunction)(uintptr_t)(entry))(frame, sp, vm, sp[-1], ftos, fr0, fr1)
// After a call of a trace: the callee left through an exit (VMState already says which).
#define LEAVE_AS_CALLEE() return
#define CONTINUE() MUSTTAIL return _JIT_CONTINUE(frame, sp, vm, tos, ftos, fr0, fr1)

#endif
