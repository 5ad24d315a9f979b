// --jit-report and `inspect UOP --html` in a real browser: Debian's chromium,
// headless, renders the page from a file (no network), the test reads the DOM
// it rendered (--dump-dom) with JavaScript on and off, and keeps a screenshot
// as an artifact (its path is printed). Skipped, with the reason printed, only
// where chromium is not installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JitStats } from '../runtime/vm/tracing/jit-stats.ts';
import { advanceProgram } from './helpers/advance-program.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'scripts/stencil-jit');
const ARTIFACTS = path.join(ROOT, '.cache', 'test-artifacts');
const PROGRAM = advanceProgram(60, 2000);
let dir = '';
let chromium: string | null = null;

function browser(url: string, extra: string[]): { status: number | null; stdout: string; stderr: string } {
  const profile = fs.mkdtempSync(path.join(dir, 'profile-'));
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`];
  return spawnSync(chromium!, [...flags, ...extra, url], { encoding: 'utf8', timeout: 90_000, maxBuffer: 256 << 20 });
}
/**
 * The DOM chromium rendered. Without JavaScript: the page is loaded with a CSP that
 * forbids every script (its own inline one included). (Chromium's scriptEnabled=false
 * setting also stops --dump-dom, which reads the DOM through script, so it cannot serve.)
 */
function dom(file: string, js = true) {
  let url = file;
  if (!js) {
    url = file.replace(/\.html$/, '.nojs.html');
    fs.writeFileSync(url, fs.readFileSync(file, 'utf8').replace('<head>', `<head><meta http-equiv="Content-Security-Policy" content="script-src 'none'">`));
  }
  return browser(`file://${url}`, ['--dump-dom']);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-report-'));
  fs.writeFileSync(path.join(dir, 'prog.py'), PROGRAM);
  for (const c of ['chromium', 'chromium-browser']) if (spawnSync('sh', ['-c', `command -v ${c}`]).status === 0) chromium ??= c;
  if (!chromium) console.log('jit-report: browser checks skipped: chromium is not installed (scripts/setup.sh installs it)');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('--jit-report', () => {
  let report = '';
  let stats: JitStats;

  it('writes one self-contained page and the program runs as python3 runs it', () => {
    const python = spawnSync('python3', ['prog.py'], { cwd: dir, encoding: 'utf8' }).stdout;
    const r = spawnSync(CLI, ['run', '--jit-report=report.html', '--jit-stats=json:stats.json', 'prog.py'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(python);
    report = path.join(dir, 'report.html');
    stats = JSON.parse(fs.readFileSync(path.join(dir, 'stats.json'), 'utf8')) as JitStats;
    const html = fs.readFileSync(report, 'utf8');
    // No network: nothing is fetched from anywhere.
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    expect(stats.traces.compiled).toBeGreaterThanOrEqual(2);
  });

  it('chromium renders it: trace count, the graph, a hole label, a source line, and the script ran', (ctx) => {
    if (!chromium) ctx.skip();
    const r = dom(report);
    expect(r.status, r.stderr).toBe(0);
    const d = r.stdout;
    expect(d).toMatch(/<html[^>]* data-js="on"/);
    expect(d).toContain('interactive: hover a hole');
    expect(d).toContain(`<span id="trace-count">${stats.traces.compiled}</span>`);
    expect(d.match(/<section class="trace" id="trace-\d+">/g)?.length).toBe(stats.traces.compiled);
    expect(d.match(/<g class="node" data-trace="\d+">/g)?.length).toBe(stats.traces.compiled);
    // A hole of LOAD_CONST-like uops patched with its operand, and a branch to an exit stub.
    expect(d).toMatch(/↳ hole \+\d+: abs64 ← operand0 = 0x[0-9a-f]+/);
    expect(d).toMatch(/↳ hole \+\d+: rel32 ← exit stub \d+ at 0x[0-9a-f]+/);
    expect(d).toMatch(/<span class="hole" data-hole="t\d+-\d+-\d+">[0-9a-f ]+<\/span>/);
    // The loop body's Python source next to the trace.
    expect(d).toMatch(/<td class="num">6<\/td><td class="mono"><pre>\s+total = total \+ x \* x<\/pre><\/td>/);
    // Recorded next to optimized, with what the optimizer removed.
    expect(d).toMatch(/<tr class="removed">/);
    expect(d).toContain('id="time-traces"');
  });

  it('the tables work with JavaScript disabled', (ctx) => {
    if (!chromium) ctx.skip();
    const r = dom(report, false);
    expect(r.status, r.stderr).toBe(0);
    const d = r.stdout;
    expect(d).not.toMatch(/data-js="on"/);
    expect(d).toContain('static page (JavaScript off)');
    expect(d.match(/<table class="uops recorded">/g)?.length).toBe(stats.traces.compiled);
    expect(d.match(/<table class="code">/g)?.length).toBe(stats.traces.compiled);
    expect(d).toMatch(/↳ hole \+\d+: abs64 ← operand0 = /);
    expect(d).toContain('<svg id="trace-graph"');
  });

  it('keeps a screenshot as an artifact', (ctx) => {
    if (!chromium) ctx.skip();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const png = path.join(ARTIFACTS, 'jit-report.png');
    fs.rmSync(png, { force: true });
    const r = browser(`file://${report}`, [`--screenshot=${png}`, '--window-size=1280,1600', '--hide-scrollbars']);
    expect(r.status, r.stderr).toBe(0);
    const bytes = fs.readFileSync(png);
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(bytes.readUInt32BE(16)).toBe(1280); // IHDR width
    expect(bytes.length).toBeGreaterThan(20_000); // a rendered page, not a blank one
    console.log(`jit-report screenshot: ${png}`);
  });
});

describe('--jit-report bad input', () => {
  it('an unwritable file is one line and exit 1, after the program ran; no file name is a usage error', () => {
    const r = spawnSync(CLI, ['run', '--jit-report=/nonexistent/dir/r.html', 'prog.py'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(spawnSync('python3', ['prog.py'], { cwd: dir, encoding: 'utf8' }).stdout);
    expect(r.stderr).toBe('stencil-jit: --jit-report=/nonexistent/dir/r.html: ENOENT\n');
    const u = spawnSync(CLI, ['run', '--jit-report', 'prog.py'], { cwd: dir, encoding: 'utf8' });
    expect(u.status).toBe(2);
    expect(u.stderr).toMatch(/^stencil-jit: --jit-report needs =FILE\.html; usage: .*\n$/);
  });
});

describe('inspect UOP --html', () => {
  it('shows one stencil with its holes labelled, in chromium', (ctx) => {
    const r = spawnSync(CLI, ['inspect', 'MOD_FLOAT', '--target', 'x86_64', '--html'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const file = path.join(dir, 'inspect.html');
    fs.writeFileSync(file, r.stdout);
    if (!chromium) ctx.skip();
    const d = dom(file).stdout;
    expect(d).toContain('<h1>MOD_FLOAT <span class="mute">on x86_64-unknown-linux-gnu</span></h1>');
    expect(d).toMatch(/↳ hole @30: symbol support_float_mod got call -4/);
    expect(d).toMatch(/R_X86_64_GOTPCRELX at \.text\+0x2c against support_float_mod/);
    expect(d).toMatch(/<span id="hole-count">3<\/span>/);
  });
});
