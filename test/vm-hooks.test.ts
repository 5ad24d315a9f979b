// The JIT-facing contract of the tier-1 interpreter: hot-loop hook, native
// state written before it, reload after it returns true, per-instruction
// recorder, and resuming from native frames alone.
import { describe, expect, it } from 'vitest';
import { LAYOUT as L } from '../build/layout.ts';
import { Op } from '../runtime/vm/frontend/bytecode.ts';
import type { Interpreter } from '../runtime/vm/interpreter/interpreter.ts';
import type { Runtime } from '../runtime/vm/interpreter/runtime.ts';
import { runOnVm } from './vm-python.ts';

/** Reads/writes small ints in native memory the way JIT code would. */
function nativeView(rt: Runtime) {
  const heap = rt.heap;
  const w = (addr: number) => heap.wordOf(addr);
  return {
    i64: (addr: number) => heap.readI64(w(addr)),
    setI64: (addr: number, v: number) => heap.writeI64(w(addr), v),
    local: (frame: number, i: number) => rt.objs.smallInt(w(frame + L.FRAME_LOCALS) + i),
    setLocal: (frame: number, i: number, v: number) => rt.objs.setInt(w(frame + L.FRAME_LOCALS) + i, v),
  };
}

const COUNT_LOOP = `
def count(n):
    i = 0
    total = 0
    while i < n:
        total += i
        i += 1
    return total
print(count(100000))
print("done")
`;

describe('tier-1 interpreter hooks', () => {
  it('calls onHotLoop at the loop head with VMState and frame.pc written', () => {
    const calls: { frame: number; pc: number; sp: number; vmFrame: number; vmSp: number; framePc: number; code: number }[] = [];
    const r = runOnVm(COUNT_LOOP, 'count.py', {
      threshold: 50,
      jit: {
        attach(interp: Interpreter, rt: Runtime) {
          const mem = nativeView(rt);
          interp.hook = {
            onHotLoop(frame, pc, sp) {
              const vm = interp.vmStateAddress;
              calls.push({
                frame, pc, sp, vmFrame: mem.i64(vm + L.VM_FRAME), vmSp: mem.i64(vm + L.VM_SP),
                framePc: mem.i64(frame + L.FRAME_PC), code: mem.i64(frame + L.FRAME_CODE_INDEX),
              });
              return false;
            },
          };
        },
      },
    });
    expect(r.stdout).toBe(`${(100000 * 99999) / 2}\ndone\n`);
    expect(calls.length).toBe(Math.floor(100000 / 50));
    const c = calls[0];
    expect(c.vmFrame).toBe(c.frame);
    expect(c.vmSp).toBe(c.sp);
    expect(c.framePc).toBe(c.pc);
    expect(c.code).toBe(1); // `count` is the first function
    // The frame's stack is empty at the loop head: sp == stack_base.
    expect(c.sp).toBeGreaterThan(c.frame);
  });

  it('reloads frame, sp and pc from memory when the hook returns true (simulated trace)', () => {
    let fired = 0;
    const r = runOnVm(COUNT_LOOP, 'count.py', {
      threshold: 100,
      jit: {
        attach(interp: Interpreter, rt: Runtime) {
          const mem = nativeView(rt);
          interp.hook = {
            onHotLoop(frame, pc) {
              fired++;
              // "Run" the rest of the loop natively: locals are [n, i, total].
              const n = mem.local(frame, 0);
              let i = mem.local(frame, 1);
              let total = mem.local(frame, 2);
              while (i < n) { total += i; i++; }
              mem.setLocal(frame, 1, i);
              mem.setLocal(frame, 2, total);
              // Exit at the loop head; the interpreter re-tests `i < n` and leaves the loop.
              mem.setI64(frame + L.FRAME_PC, pc);
              return true;
            },
          };
        },
      },
    });
    expect(fired).toBe(1);
    expect(r.stdout).toBe(`${(100000 * 99999) / 2}\ndone\n`);
  });

  it('feeds every executed instruction to the recorder while attached', () => {
    const seen: number[] = [];
    const r = runOnVm(COUNT_LOOP, 'count.py', {
      threshold: 10,
      jit: {
        attach(interp: Interpreter, rt: Runtime) {
          interp.hook = {
            onHotLoop(frame) {
              interp.hook = null;
              const code = rt.program.codes[nativeView(rt).i64(frame + L.FRAME_CODE_INDEX)];
              interp.recorder = {
                onInstruction(_f, _sp, pc) {
                  seen.push(code.code[2 * pc]);
                  if (code.code[2 * pc] === Op.JUMP_BACKWARD) interp.recorder = null; // one iteration
                },
              };
              return false;
            },
          };
        },
      },
    });
    expect(r.stdout).toBe(`${(100000 * 99999) / 2}\ndone\n`);
    // One loop iteration: condition, body, back edge.
    expect(seen[0]).toBe(Op.LOAD_LOCAL);
    expect(seen).toContain(Op.COMPARE_OP);
    expect(seen).toContain(Op.BINARY_OP);
    expect(seen[seen.length - 1]).toBe(Op.JUMP_BACKWARD);
  });

  it('resumes from native frames alone, returning through previous frames', () => {
    const src = `
def inner(k):
    s = 0
    for j in range(k):
        s += j * j
    return s
def outer(m):
    acc = []
    for t in range(m):
        acc.append(inner(300) + t)
    return acc
x = outer(3)
print(x, len(x))
`;
    const expected = [0, 1, 2].map((t) => Array.from({ length: 300 }, (_, j) => j * j).reduce((a, b) => a + b) + t);
    let captured: { frame: number; sp: number; pc: number } | null = null;
    let resumedOutput = '';
    const abort = new Error('abort to tier-1 from native state');
    let thrown: unknown = null;
    try {
      runOnVm(src, 'nested.py', {
      threshold: 100,
      jit: {
        attach(interp: Interpreter) {
          interp.hook = {
            onHotLoop(frame, pc, sp) {
              captured = { frame, sp, pc };
              interp.hook = null;
              throw abort; // leave the interpreter; only native memory remains
            },
          };
        },
      },
      inspect: (rt, interp) => {
        if (!captured) return;
        // A fresh dispatch loop, given nothing but the native frame, stack pointer and pc.
        interp.resume(captured.frame, captured.sp, captured.pc);
        rt.flush();
      },
      write: (t) => { resumedOutput += t; },
      });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(abort);
    expect(captured).not.toBeNull();
    expect(resumedOutput).toBe(`[${expected.join(', ')}] 3\n`);
  });
});
