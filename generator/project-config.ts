// What the generator needs to know about the VM it builds stencils for.
// (Step toward a config file: for now the bundled VM's values.)
import type { OpargField } from '../format/stencil-format.ts';

/**
 * The bundled VM's oparg fields: a local (ARG_X8: 27 bits are beyond any frame,
 * and 8x plus the locals' offset fits a displacement), two 16/15-bit halves
 * (LO, HI) or three 10/10/11-bit parts (A10, B10, C); the _X8 forms are byte
 * offsets of 8-byte slots.
 */
export const OPARG_FIELDS: readonly OpargField[] = [
  { name: 'ARG_X8', shift: 0, bits: 27, scale: 3 },
  { name: 'LO', shift: 0, bits: 16, scale: 0 },
  { name: 'LO_X8', shift: 0, bits: 16, scale: 3 },
  { name: 'HI', shift: 16, bits: 15, scale: 0 },
  { name: 'HI_X8', shift: 16, bits: 15, scale: 3 },
  { name: 'A10', shift: 0, bits: 10, scale: 0 },
  { name: 'A10_X8', shift: 0, bits: 10, scale: 3 },
  { name: 'B10', shift: 10, bits: 10, scale: 0 },
  { name: 'B10_X8', shift: 10, bits: 10, scale: 3 },
  { name: 'C', shift: 20, bits: 11, scale: 0 },
  { name: 'C_X8', shift: 20, bits: 11, scale: 3 },
];
