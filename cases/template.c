// The stencil template. The generator compiles this file once per uop, with
// UOP_BODY naming that uop's case (generated from cases/uops.c), so each
// function `_JIT_ENTRY` holds exactly one uop's code.
#include "template.h"

PRESERVE_NONE void _JIT_ENTRY(Frame *frame, Value *sp, VMState *vm, Value tos, double ftos, double fr0, double fr1) {
  switch (0) {
#include UOP_BODY
  }
  CONTINUE();
}
