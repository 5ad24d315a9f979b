// The C support library: helpers that stencils call, and the C-ABI entry shim
// through which the runtime enters a trace. Compiled by the generator into the
// support stencil and linked in memory by the runtime (no C compiler at run time).
#include "template.h"

static inline double copy_sign(double magnitude, double sign) {
  Value m = BOX_FLOAT(magnitude) & ~(1ull << 63);
  return UNBOX_FLOAT(m | (BOX_FLOAT(sign) & (1ull << 63)));
}

static inline int is_finite(double d) { return d - d == 0.0; }

double support_float_mod(double a, double b) {
  double m = fmod(a, b);
  if (m != 0.0) {
    if ((b < 0.0) != (m < 0.0)) m += b;
  } else {
    m = copy_sign(0.0, b);
  }
  return m;
}

double support_float_pow(double base, double exponent, int *ok) {
  // 0.0 ** negative raises ZeroDivisionError; negative ** fractional gives a
  // complex number: both are tier-1's business.
  if (base == 0.0 && exponent < 0.0) { *ok = 0; return 0.0; }
  if (base < 0.0 && is_finite(base) && is_finite(exponent) && floor(exponent) != exponent) { *ok = 0; return 0.0; }
  double r = pow(base, exponent);
  // Overflow of finite inputs raises OverflowError.
  if (!is_finite(r) && is_finite(base) && is_finite(exponent)) { *ok = 0; return 0.0; }
  return r;
}

// Enters a trace (or any stencil chain) with the VM state in the pinned
// registers; returns the number of the exit that fired.
int64_t jit_enter(StencilFunction entry, Frame *frame, Value *sp, VMState *vm) {
  entry(frame, sp, vm);
  return vm->exit_index;
}
