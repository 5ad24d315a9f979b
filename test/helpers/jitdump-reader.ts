// An independent reader of perf's jitdump files and perf maps, written from the
// format's specification (linux tools/perf/Documentation/jitdump-specification.txt
// and the perf map convention: `START SIZE name`, hex), not from our writer.
import fs from 'node:fs';

export interface JitdumpHeader {
  magic: number;
  version: number;
  totalSize: number;
  elfMach: number;
  pid: number;
  timestamp: bigint;
  flags: bigint;
}

export interface CodeLoad {
  timestamp: bigint;
  pid: number;
  tid: number;
  vma: bigint;
  codeAddr: bigint;
  codeSize: bigint;
  codeIndex: bigint;
  name: string;
  code: Uint8Array;
}

export interface DebugInfo {
  timestamp: bigint;
  codeAddr: bigint;
  entries: { addr: bigint; line: number; discrim: number; file: string }[];
}

export interface Jitdump {
  header: JitdumpHeader;
  loads: CodeLoad[];
  debug: DebugInfo[];
  /** Record ids in file order. */
  order: number[];
  closed: boolean;
}

function cstring(b: Buffer, at: number): [string, number] {
  const end = b.indexOf(0, at);
  if (end < 0) throw new Error(`unterminated string at ${at}`);
  return [b.toString('utf8', at, end), end + 1];
}

export function readJitdump(path: string): Jitdump {
  const b = fs.readFileSync(path);
  const header: JitdumpHeader = {
    magic: b.readUInt32LE(0),
    version: b.readUInt32LE(4),
    totalSize: b.readUInt32LE(8),
    elfMach: b.readUInt32LE(12),
    pid: b.readUInt32LE(20),
    timestamp: b.readBigUInt64LE(24),
    flags: b.readBigUInt64LE(32),
  };
  const out: Jitdump = { header, loads: [], debug: [], order: [], closed: false };
  let at = header.totalSize;
  while (at < b.length) {
    if (at + 16 > b.length) throw new Error(`truncated record header at ${at}`);
    const id = b.readUInt32LE(at);
    const size = b.readUInt32LE(at + 4);
    const timestamp = b.readBigUInt64LE(at + 8);
    if (size < 16 || at + size > b.length) throw new Error(`record ${id} at ${at} has size ${size}, past the end`);
    const body = at + 16;
    out.order.push(id);
    if (id === 0) {
      const codeSize = b.readBigUInt64LE(body + 24);
      const [name, codeAt] = cstring(b, body + 40);
      if (codeAt + Number(codeSize) !== at + size) throw new Error(`code load '${name}': size ${size} does not match its code size ${codeSize}`);
      out.loads.push({
        timestamp, pid: b.readUInt32LE(body), tid: b.readUInt32LE(body + 4), vma: b.readBigUInt64LE(body + 8), codeAddr: b.readBigUInt64LE(body + 16),
        codeSize, codeIndex: b.readBigUInt64LE(body + 32), name, code: new Uint8Array(b.subarray(codeAt, codeAt + Number(codeSize))),
      });
    } else if (id === 2) {
      const n = Number(b.readBigUInt64LE(body + 8));
      const entries: DebugInfo['entries'] = [];
      let e = body + 16;
      let prev = '';
      for (let k = 0; k < n; k++) {
        const addr = b.readBigUInt64LE(e);
        const line = b.readUInt32LE(e + 8);
        const discrim = b.readUInt32LE(e + 12);
        let file: string;
        // 0xff 0: same file as the previous entry.
        if (b[e + 16] === 0xff && b[e + 17] === 0) [file, e] = [prev, e + 18];
        else [file, e] = cstring(b, e + 16);
        prev = file;
        entries.push({ addr, line, discrim, file });
      }
      if (e !== at + size) throw new Error(`debug info at ${at}: entries end at ${e}, record at ${at + size}`);
      out.debug.push({ timestamp, codeAddr: b.readBigUInt64LE(body), entries });
    } else if (id === 3) {
      out.closed = true;
    }
    at += size;
  }
  return out;
}

export interface PerfMapEntry {
  start: bigint;
  size: bigint;
  name: string;
}

export function readPerfMap(path: string): PerfMapEntry[] {
  return fs.readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line, i) => {
    const m = /^([0-9a-f]+) ([0-9a-f]+) (.+)$/.exec(line);
    if (!m) throw new Error(`${path}:${i + 1}: not START SIZE NAME: ${line}`);
    return { start: BigInt(`0x${m[1]}`), size: BigInt(`0x${m[2]}`), name: m[3] };
  });
}
