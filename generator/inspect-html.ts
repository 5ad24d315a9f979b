// `inspect UOP --html`: one stencil as the trace report shows a trace's code:
// its disassembly with every hole highlighted and labelled (patch kind, what
// the runtime patches it with, the ELF relocation behind it).
import { bytesWithHoles, esc, htmlPage } from './html-page.ts';
import type { Inspection } from './inspect.ts';
import { PATCH_KINDS } from '../format/patch-kinds.ts';

export function inspectionHtml(x: Inspection): string {
  const rows: string[] = [];
  const id = (place: string, off: number) => `${place}-${off}`;
  for (const [k, i] of x.instructions.entries()) {
    if (i.place === 'cold' && x.instructions[k - 1]?.place !== 'cold') rows.push('<tr class="uophead"><td colspan="3">cold part (placed after the trace body)</td></tr>');
    const holes = x.holes.filter((h) => h.place === i.place && i.holes.includes(h.offset));
    const bytes = Uint8Array.from(Buffer.from(i.bytes, 'hex'));
    const marks = holes.map((h) => ({ id: id(h.place, h.offset), start: h.offset, size: Math.max(1, Math.min(bytes.length - (h.offset - i.address), PATCH_KINDS[h.kind]?.size ?? 4)) }));
    rows.push(`<tr><td class="mono">${i.address.toString(16).padStart(4, '0')}</td><td class="mono">${bytesWithHoles(i.address, bytes, marks)}</td><td class="mono">${esc(i.text)}</td></tr>`);
    for (const h of holes) rows.push(`<tr class="holerow" data-hole="${esc(id(h.place, h.offset))}"><td></td><td colspan="2" class="holelabel">↳ hole @${h.offset.toString(16)}: ${esc(h.description)}</td></tr>`);
  }
  const holeRows = x.holes.map((h) => {
    const r = h.relocation;
    return `<tr class="holerow" data-hole="${esc(id(h.place, h.offset))}"><td>${h.place} @0x${h.offset.toString(16)}</td><td>${esc(h.description)}</td><td class="mono">${r ? esc(`${r.type} at ${r.section}+0x${r.offset.toString(16)} against ${r.symbol || '(none)'} addend ${r.addend}`) : '(no record)'}</td><td>${esc(h.patch)}</td></tr>`;
  });
  const cold = x.coldSize ? ` (+ ${x.coldSize} cold)` : '';
  return htmlPage(`stencil-jit inspect ${x.uop}`, `<h1>${esc(x.uop)} <span class="mute">on ${esc(x.target)}</span></h1>
<p>${x.codeSize} code bytes${cold}, ${x.dataSize} data bytes, <span id="hole-count">${x.holes.length}</span> holes${x.droppedTailJump ? ` (trailing ${x.droppedTailJump}-byte jump to the next stencil dropped)` : ''}</p>
<h2>Code</h2><table class="code"><tr><th>offset</th><th>bytes (holes highlighted)</th><th>instruction</th></tr>${rows.join('')}</table>
<h2>Holes</h2><table class="holes"><tr><th>place</th><th>hole</th><th>ELF relocation</th><th>how the runtime patches it</th></tr>${holeRows.join('')}</table>`);
}
