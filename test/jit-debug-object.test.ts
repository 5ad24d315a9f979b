// The in-memory ELF objects --gdb registers, read by LLVM's tools (nobody here
// wrote them): llvm-readelf sees the sections and symbols at the code's real
// address, llvm-dwarfdump decodes the CFI rows that frame-analysis derived from
// the instructions (push, sub/add rsp, branches that carry the state, and an
// unreached instruction whose return address is marked undefined).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeDebugFrame } from '../runtime/jit/observe/debug-frame.ts';
import { buildElfObject } from '../runtime/jit/observe/elf-object.ts';
import { analyzeFrames, type DecodedInsn } from '../runtime/jit/observe/frame-analysis.ts';

const BASE = 0x7f0000001000;
// push rbx; sub rsp, 0x10; test eax, eax; jne .exit; call f; add rsp, 0x10; pop rbx; ret;
// .exit: add rsp, 0x10; pop rbx; jmp elsewhere; (unreached) nop
const CODE: [number, string, string][] = [
  [1, 'push', 'rbx'],
  [4, 'sub', 'rsp, 0x10'],
  [2, 'test', 'eax, eax'],
  [2, 'jne', 'EXIT'],
  [5, 'call', '0x7f0000100000'],
  [4, 'add', 'rsp, 0x10'],
  [1, 'pop', 'rbx'],
  [1, 'ret', ''],
  [4, 'add', 'rsp, 0x10'],
  [1, 'pop', 'rbx'],
  [5, 'jmp', '0x7f0000200000'],
  [1, 'nop', ''],
];

function decoded(): DecodedInsn[] {
  const out: DecodedInsn[] = [];
  let at = BASE;
  for (const [size, mnemonic, operands] of CODE) {
    out.push({ address: at, size, mnemonic, operands });
    at += size;
  }
  const exit = out[8].address;
  out[3].operands = `0x${exit.toString(16)}`;
  return out;
}

describe('frame analysis', () => {
  it('follows rsp through pushes, stack adjustments and branches', () => {
    const insns = decoded();
    const s = analyzeFrames(insns, [[BASE, { cfa: 8, saved: new Map() }]]);
    const cfa = insns.map((i) => s.get(i.address)?.cfa ?? null);
    expect(cfa).toEqual([8, 16, 32, 32, 32, 32, 16, 8, 32, 16, 8, null]);
    expect(s.get(insns[2].address)!.saved.get(3)).toBe(-16); // rbx at CFA-16
    expect(s.get(insns[7].address)!.saved.has(3)).toBe(false); // restored by the pop
  });
});

describe('the ELF object gdb gets', () => {
  it('llvm-readelf and llvm-dwarfdump read its sections, symbols and CFI rows', (ctx) => {
    if (spawnSync('sh', ['-c', 'command -v llvm-dwarfdump-19 && command -v llvm-readelf-19']).status !== 0) {
      console.log('skipped: llvm-19 tools missing (scripts/setup.sh installs them)');
      ctx.skip();
    }
    const insns = decoded();
    const size = insns.reduce((n, i) => n + i.size, 0);
    const states = analyzeFrames(insns, [[BASE, { cfa: 8, saved: new Map() }]]);
    const elf = buildElfObject({
      machine: 62, address: BASE, size, file: 'prog.py',
      functions: [{ name: 'py:f:3:trace_7', offset: 0, size: 20 }, { name: 'py:f:3:trace_7:exit_0', offset: 20, size: size - 20 }],
      debugFrame: encodeDebugFrame([{ start: BASE, size, rows: insns.map((i) => [i.address, states.get(i.address) ?? null]) }]),
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-elf-'));
    try {
      const file = path.join(dir, 'trace.o');
      fs.writeFileSync(file, elf);
      const readelf = spawnSync('llvm-readelf-19', ['-S', '-s', file], { encoding: 'utf8' });
      expect(readelf.status, readelf.stderr).toBe(0);
      expect(readelf.stdout).toMatch(new RegExp(`\\.text +NOBITS +0*${BASE.toString(16)} `));
      expect(readelf.stdout).toMatch(/ 20 FUNC +GLOBAL DEFAULT +1 py:f:3:trace_7$/m);
      expect(readelf.stdout).toMatch(/FUNC +GLOBAL DEFAULT +1 py:f:3:trace_7:exit_0$/m);
      const dump = spawnSync('llvm-dwarfdump-19', ['--debug-frame', file], { encoding: 'utf8' });
      expect(dump.status, dump.stderr).toBe(0);
      const rows = dump.stdout.split('\n').filter((l) => /^\s*0x[0-9a-f]+: CFA=/.test(l)).map((l) => l.trim());
      const at = (k: number) => `0x${insns[k].address.toString(16)}`;
      expect(rows).toEqual([
        `${at(0)}: CFA=RSP+8: RIP=[CFA-8]`,
        `${at(1)}: CFA=RSP+16: RBX=[CFA-16], RIP=[CFA-8]`,
        `${at(2)}: CFA=RSP+32: RBX=[CFA-16], RIP=[CFA-8]`,
        `${at(6)}: CFA=RSP+16: RBX=[CFA-16], RIP=[CFA-8]`,
        `${at(7)}: CFA=RSP+8: RIP=[CFA-8]`,
        `${at(8)}: CFA=RSP+32: RBX=[CFA-16], RIP=[CFA-8]`,
        `${at(9)}: CFA=RSP+16: RBX=[CFA-16], RIP=[CFA-8]`,
        `${at(10)}: CFA=RSP+8: RIP=[CFA-8]`,
        `${at(11)}: CFA=RSP+8: RIP=undefined`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
