// The uops that push and pop a generator's frame (cases/uops_generators.c,
// recorded by record-generators.ts): declared `( -- )` like PUSH_FRAME and
// POP_FRAME, they change the frame, so the passes that follow frames or walk
// stack effects treat them as those.

/** PUSH_GEN_FRAME: a generator's frame above the consumer's stack. */
export const pushesGeneratorFrame = (uop: string): boolean => uop === 'PUSH_GEN_FRAME';

/**
 * POP_GEN_FRAME (a yield) and RETURN_GEN_FRAME (a return): back in the
 * consumer's frame; MAKE_GENERATOR: a generator function's inlined frame
 * (PUSH_FRAME) returns the new generator, as POP_FRAME returns its result.
 */
export const popsGeneratorFrame = (uop: string): boolean => uop === 'POP_GEN_FRAME' || uop === 'RETURN_GEN_FRAME' || uop === 'MAKE_GENERATOR';

/** Either. */
export const changesGeneratorFrame = (uop: string): boolean => pushesGeneratorFrame(uop) || popsGeneratorFrame(uop);
