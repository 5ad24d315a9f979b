// The Brainfuck VM's stencil template macros. A stencil is a preserve_none
// function of the state and the cell pointer (both in registers from stencil
// to stencil); it ends by tail-calling the next one (`_JIT_CONTINUE`).
#ifndef BF_TEMPLATE_H
#define BF_TEMPLATE_H

#include "bf.h"
#include "oparg_fields.h"

#define PRESERVE_NONE __attribute__((preserve_none))
#define MUSTTAIL __attribute__((musttail))

extern PRESERVE_NONE void _JIT_CONTINUE(BfState *st, uint8_t *p);
extern PRESERVE_NONE void _JIT_JUMP_TARGET(BfState *st, uint8_t *p);
extern PRESERVE_NONE void _JIT_EXIT(BfState *st, uint8_t *p);
extern const char _JIT_OPARG[1];
extern char _JIT_OPERAND0[];

#define OPARG ((int64_t)(uintptr_t)_JIT_OPARG)
#define OPERAND0 ((uint64_t)(uintptr_t)_JIT_OPERAND0)
#define OPARG_FIELD(f) ((int64_t)(uintptr_t)_JIT_OPARG_##f)
// The cell `OFF` cells from the pointer (OFF is stored with a bias of 2^15).
#define CELL_AT (p + (OPARG_FIELD(OFF) - 32768))

// Leave the trace through this uop's exit stub (it records where).
#define EXIT_IF(cond) do { if (__builtin_expect(!!(cond), 0)) MUSTTAIL return _JIT_EXIT(st, p); } while (0)
// Go on at the instruction the trace names as this uop's target.
#define JUMP_IF(cond) do { if (cond) MUSTTAIL return _JIT_JUMP_TARGET(st, p); } while (0)
#define CONTINUE() MUSTTAIL return _JIT_CONTINUE(st, p)

#endif
