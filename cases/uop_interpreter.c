// The uop interpreter: runs a trace by dispatching uop by uop over the same
// cases the stencils are made of. It is the reference for differential tests
// and the baseline that shows what removing dispatch buys.
#include "support.h"
#include "uop_ids.h"

typedef struct UopInstruction {
  uint32_t opcode;
  int32_t oparg;
  uint64_t operand0;
  uint64_t operand1;
  int32_t exit_index;   // the exit taken when this uop's guard fails
  int32_t jump_target;  // index of the instruction `_JIT_JUMP_TARGET` means
} UopInstruction;

// A linked exit continues in another trace's program (runtime/jit/uop-program.ts):
// the records sit just below the program's first instruction, exit e at -1 - e.
typedef struct ExitLink {
  const UopInstruction *program;  // NULL: return to the caller
  int64_t trace_id;
} ExitLink;
#define EXIT_LINK(e) ((const ExitLink *)trace - 1 - (e))

#define OPARG ((int64_t)inst->oparg)
// The oparg fields stencils take as holes (cases/template.h), computed here
// (OPARG_FIELD_COMPUTED, generated into oparg_fields.h).
#define OPARG_FIELD(f) OPARG_FIELD_COMPUTED(f)
#define OPERAND0 (inst->operand0)
#define OPERAND1 (inst->operand1)
// The cases keep the top of the stack in `tos`, as the stencils do (see
// generator/c-emitter.ts); leaving spills it, so memory is whole again.
#define LEAVE(stack_pointer, top)                               \
  do {                                                          \
    Value *leave_sp_ = (stack_pointer);                         \
    Value leave_tos_ = (top);                                   \
    FOLLOW_LINK(inst->exit_index, leave_sp_, leave_tos_);       \
    leave_sp_[-1] = leave_tos_;                                 \
    vm->frame = frame;                                          \
    vm->sp = leave_sp_;                                         \
    vm->exit_index = inst->exit_index;                          \
    vm->exit_trace = trace_id;                                  \
    return inst->exit_index;                                    \
  } while (0)
// Goes on in the linked trace, if this exit has one (as a patched exit stub jumps).
#define FOLLOW_LINK(exit, stack_pointer, top)                   \
  do {                                                          \
    const ExitLink *link_ = EXIT_LINK(exit);                    \
    if (link_->program != NULL) {                               \
      sp = (stack_pointer);                                     \
      tos = (top);                                              \
      trace = link_->program;                                   \
      trace_id = link_->trace_id;                               \
      ip = trace;                                               \
      goto next;                                                \
    }                                                           \
  } while (0)
#define EXIT_IF(cond) do { if (__builtin_expect(!!(cond), 0)) LEAVE(sp, UOP_TOS); } while (0)
#define EXIT_POPPED_IF(cond) do { if (__builtin_expect(!!(cond), 0)) LEAVE(sp - UOP_INPUTS, sp[-UOP_INPUTS - 1]); } while (0)
#define EXIT_PUSHING2_IF(cond, a, b) do { if (__builtin_expect(!!(cond), 0)) { sp[-1] = UOP_TOS; sp[0] = (a); LEAVE(sp + 2, (b)); } } while (0)
#define EXIT_PUSHING3_IF(cond, a, b, c) do { if (__builtin_expect(!!(cond), 0)) { sp[-1] = UOP_TOS; sp[0] = (a); sp[1] = (b); LEAVE(sp + 3, (c)); } } while (0)
#define EXIT_PUSHING1_IF(cond, a) do { if (__builtin_expect(!!(cond), 0)) { sp[-1] = UOP_TOS; LEAVE(sp + 1, (a)); } } while (0)
// A loop's JUMP_TO_TOP carries the index of the loop body (after a peeled first iteration) as its jump target.
#define JUMP_TO_TOP() do { tos = UOP_TOS; ip = trace + (inst->jump_target > 0 ? inst->jump_target : 0); goto next; } while (0)
#define JUMP_TO_TARGET() do { tos = UOP_TOS; ip = trace + inst->jump_target; goto next; } while (0)
// EXIT_TRACE (an exit of its own) may be linked too; RETURN_TRACE has no exit.
#define TRACE_RETURN()                                                   \
  do {                                                                   \
    if (inst->exit_index >= 0) FOLLOW_LINK(inst->exit_index, sp, tos);   \
    return vm->exit_index;                                               \
  } while (0)
// The trace top of a function trace is its root's program (OPERAND0, with the
// root's id in OPERAND1), run as a real call, as the stencil calls _JIT_TOP.
#define CALL_TOP_TRACE() uop_interpret((const UopInstruction *)(uintptr_t)inst->operand0, frame, sp, vm, (int64_t)inst->operand1)
#define CALL_TRACE_AT(entry, program, id) uop_interpret((const UopInstruction *)(uintptr_t)(program), frame, sp, vm, (int64_t)(id))
#define LEAVE_AS_CALLEE() return vm->exit_index

int64_t uop_interpret(const UopInstruction *trace, Frame *frame, Value *sp, VMState *vm, int64_t trace_id);

// trace_id is what guard exits report in vm->exit_trace, as a compiled trace's exit stubs do.
int64_t uop_interpret(const UopInstruction *trace, Frame *frame, Value *sp, VMState *vm, int64_t trace_id) {
  const UopInstruction *ip = trace;
  Value tos = sp[-1];
  double ftos = 0.0;  // a float handed from one uop to the next, as in the stencils
  double fr0 = 0.0, fr1 = 0.0;  // float locals a loop keeps in registers, as in the stencils
  for (;;) {
    const UopInstruction *inst = ip++;
    switch (inst->opcode) {
#include "uop_cases.h"
      default:
        __builtin_unreachable();
    }
  next:;
  }
}
