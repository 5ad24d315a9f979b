// One self-contained HTML page (no network: styles and the little script are
// inline), shared by the JIT's trace report (--jit-report) and `inspect UOP
// --html`. Everything that matters is plain HTML tables and inline SVG, so the
// page reads the same with JavaScript disabled; the script only adds
// highlighting (hover a hole: its bytes and its row light up together).

export const esc = (s: string | number) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const hex = (n: number | bigint) => `0x${BigInt.asUintN(64, BigInt(n)).toString(16)}`;

const CSS = `
:root { --bg: #fbfbfa; --fg: #1d1d1f; --mute: #6b6b70; --line: #dcdcd8; --hole: #ffe08a; --hole-on: #ff9f1c; --removed: #f3d6d6; --fused: #d9e8f7; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 1400px; padding: 16px 24px 64px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.mute { color: var(--mute); }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 2px 8px; vertical-align: top; text-align: left; }
th { background: #efefec; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre, .mono { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { margin: 0; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
tr.removed td { background: var(--removed); }
tr.new td { background: var(--fused); }
.hole { background: var(--hole); border-radius: 2px; }
.hole.on, tr.holerow.on td { background: var(--hole-on); }
.bar { display: flex; height: 18px; border: 1px solid var(--line); width: 600px; margin: 6px 0; }
.bar span { display: block; height: 100%; }
.key span { display: inline-block; width: 12px; height: 12px; vertical-align: -2px; margin: 0 4px 0 12px; }
details > summary { cursor: pointer; }
.uophead td { background: #f3f3ef; font-weight: 600; }
svg text { font: 12px system-ui, sans-serif; }
`;

// Hovering a hole's bytes or its label row highlights both (data-hole pairs them).
const SCRIPT = `
document.documentElement.dataset.js = 'on';
for (const el of document.querySelectorAll('[data-hole]')) {
  const all = () => document.querySelectorAll('[data-hole="' + el.dataset.hole + '"]');
  el.addEventListener('mouseenter', () => all().forEach((e) => e.classList.add('on')));
  el.addEventListener('mouseleave', () => all().forEach((e) => e.classList.remove('on')));
}
const ready = document.getElementById('js-status');
if (ready) ready.textContent = 'interactive: hover a hole to see its bytes and its label together';
`;

export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${CSS}</style></head>
<body>
${body}
<p class="mute" id="js-status">static page (JavaScript off): every table is here; hover highlighting needs JavaScript</p>
<script>${SCRIPT}</script>
</body></html>
`;
}

export interface HoleMark {
  /** Byte range of the hole in the instruction stream (absolute addresses). */
  start: number;
  size: number;
  id: string;
}

/** An instruction's bytes as hex, the bytes of holes wrapped in spans paired with their label rows. */
export function bytesWithHoles(address: number, bytes: Uint8Array, holes: readonly HoleMark[]): string {
  const parts: string[] = [];
  const hx = (b: number) => b.toString(16).padStart(2, '0');
  for (let k = 0; k < bytes.length; ) {
    const a = address + k;
    const h = holes.find((x) => a >= x.start && a < x.start + x.size);
    if (!h) {
      parts.push(hx(bytes[k++]));
      continue;
    }
    const end = Math.min(bytes.length, h.start + h.size - address);
    parts.push(`<span class="hole" data-hole="${esc(h.id)}">${[...bytes.subarray(k, end)].map(hx).join(' ')}</span>`);
    k = end;
  }
  return parts.join(' ');
}

/** A color from pale yellow to deep red for how hot something is (0..1). */
export function heat(t: number): string {
  const x = Math.max(0, Math.min(1, t));
  return `hsl(${Math.round(50 - 50 * x)}, 95%, ${Math.round(90 - 28 * x)}%)`;
}
