// Where the frame is at every instruction of a piece of x86_64 code, found by
// following the code itself (the patched trace, or a support function): the
// CFA's distance from rsp and where pushed registers were saved. Stencils and
// the support code are compiled without unwind tables, and a trace's stencils
// move rsp (`sub rsp, 0x18` around a helper call), so this is what makes the
// CFI gdb gets describe the real frame rather than a fake prologue.
//
// A forward data flow over the disassembly: push/pop, `sub/add rsp, imm` and
// `lea rsp, [rsp +- imm]` change the state; direct jumps and conditional
// branches inside the code carry it to their targets; `ret`, indirect jumps and
// jumps out of the code (tail calls, exits to other traces) end a path. Code no
// path reaches, or where paths disagree, or where rsp is set from another
// register, gets no state: the CFI marks the return address undefined there,
// so an unwinder stops instead of guessing.

export interface DecodedInsn {
  address: number;
  size: number;
  mnemonic: string;
  operands: string;
}

export interface FrameState {
  /** CFA = rsp + cfa (8 at a function's first instruction: the return address). */
  cfa: number;
  /** DWARF register number -> its save slot's offset from the CFA (negative). */
  saved: ReadonlyMap<number, number>;
}

/** x86_64 DWARF register numbers of the general registers. */
export const DWARF_X86_64: Readonly<Record<string, number>> = {
  rax: 0, rdx: 1, rcx: 2, rbx: 3, rsi: 4, rdi: 5, rbp: 6, rsp: 7,
  r8: 8, r9: 9, r10: 10, r11: 11, r12: 12, r13: 13, r14: 14, r15: 15,
};
export const X86_64_RA = 16;

const imm = (s: string) => (s.startsWith('-') ? -Number(s.slice(1)) : Number(s));

/** The state before each reached instruction; `entries` are [address, state] pairs where paths start. */
export function analyzeFrames(insns: readonly DecodedInsn[], entries: readonly [number, FrameState][]): Map<number, FrameState | null> {
  const byAddr = new Map<number, number>();
  insns.forEach((i, k) => byAddr.set(i.address, k));
  const state = new Map<number, FrameState | null>();
  const work: number[] = [];
  const reach = (addr: number, s: FrameState) => {
    if (!byAddr.has(addr)) return;
    const old = state.get(addr);
    if (old === undefined) {
      state.set(addr, s);
      work.push(addr);
    } else if (old !== null && !same(old, s)) {
      state.set(addr, null); // paths disagree: no CFI here
    }
  };
  for (const [a, s] of entries) reach(a, s);
  while (work.length) {
    const addr = work.pop()!;
    const s = state.get(addr);
    if (!s) continue;
    const insn = insns[byAddr.get(addr)!];
    const next = insn.address + insn.size;
    const m = insn.mnemonic;
    const ops = insn.operands;
    if (m === 'ret' || m === 'ud2' || m === 'hlt') continue;
    if (m === 'jmp') {
      if (/^0x[0-9a-f]+$/.test(ops)) reach(Number(ops), s);
      continue;
    }
    if (/^j/.test(m) || m === 'loop') {
      if (/^0x[0-9a-f]+$/.test(ops)) reach(Number(ops), s);
      reach(next, s);
      continue;
    }
    const after = step(m, ops, s);
    if (after) reach(next, after);
  }
  return state;
}

function same(a: FrameState, b: FrameState): boolean {
  if (a.cfa !== b.cfa || a.saved.size !== b.saved.size) return false;
  for (const [r, o] of a.saved) if (b.saved.get(r) !== o) return false;
  return true;
}

/** The state after one non-branch instruction; null when rsp becomes unknown. */
function step(m: string, ops: string, s: FrameState): FrameState | null {
  if (m === 'push') {
    const cfa = s.cfa + 8;
    const reg = DWARF_X86_64[ops];
    if (reg === undefined || s.saved.has(reg)) return { cfa, saved: s.saved };
    return { cfa, saved: new Map(s.saved).set(reg, -cfa) };
  }
  if (m === 'pop') {
    const reg = DWARF_X86_64[ops];
    const saved = reg !== undefined && s.saved.get(reg) === -s.cfa ? new Map([...s.saved].filter(([r]) => r !== reg)) : s.saved;
    return { cfa: s.cfa - 8, saved };
  }
  if (m === 'pushfq') return { cfa: s.cfa + 8, saved: s.saved };
  if (m === 'popfq') return { cfa: s.cfa - 8, saved: s.saved };
  let x = /^rsp, (-?0x[0-9a-f]+|-?\d+)$/.exec(ops);
  if (x && m === 'sub') return { cfa: s.cfa + imm(x[1]), saved: s.saved };
  if (x && m === 'add') return { cfa: s.cfa - imm(x[1]), saved: s.saved };
  x = /^rsp, (?:qword ptr )?\[rsp(?: ([+-]) (0x[0-9a-f]+|\d+))?\]$/.exec(ops);
  if (x && m === 'lea') return { cfa: s.cfa - (x[1] === '-' ? -1 : 1) * (x[2] ? Number(x[2]) : 0), saved: s.saved };
  // Anything else that writes rsp (mov rsp, rbp; leave; and rsp, -16) loses track of it.
  if (m === 'leave' || (/^rsp,/.test(ops) && m !== 'cmp' && m !== 'test')) return null;
  return s;
}
