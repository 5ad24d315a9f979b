// The Brainfuck VM's stencil template: the generator compiles one function
// per uop with UOP_BODY naming its case.
#include "template.h"

PRESERVE_NONE void _JIT_ENTRY(BfState *st, uint8_t *p) {
  switch (0) {
#include UOP_BODY
  }
  CONTINUE();
}
