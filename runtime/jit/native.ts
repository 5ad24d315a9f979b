// Native memory primitives for the runtime, through koffi: mmap/mprotect/munmap,
// dlsym, zero-copy ArrayBuffer views and raw function-pointer calls.
import koffi from 'koffi';

const libc = koffi.load('libc.so.6');

export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;
const MAP_PRIVATE = 0x02;
const MAP_FIXED_NOREPLACE = 0x100000;
const MAP_ANONYMOUS = 0x20;
const MAP_NORESERVE = 0x4000;
const MAP_FAILED = 0xffffffffffffffffn;

// Addresses travel as plain numbers (user space fits in 47 bits).
const mmapRaw = libc.func('uintptr_t mmap(uintptr_t addr, size_t len, int prot, int flags, int fd, int64_t off)');
const mprotectRaw = libc.func('int mprotect(uintptr_t addr, size_t len, int prot)');
const munmapRaw = libc.func('int munmap(uintptr_t addr, size_t len)');
const madviseRaw = libc.func('int madvise(uintptr_t addr, size_t len, int advice)');
const dlopenRaw = libc.func('void *dlopen(const char *file, int mode)');
const dlsymRaw = libc.func('uintptr_t dlsym(void *handle, const char *name)');
const strerror = libc.func('const char *strerror(int errnum)');
const clockGettimeRaw = libc.func('int clock_gettime(int clock, void *ts)');
const CLOCK_THREAD_CPUTIME_ID = 3;

export const PAGE_SIZE = 4096;

export function roundUpToPage(n: number): number {
  return Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
}

function toNumber(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

/** Maps anonymous memory; `hint` asks for a specific address (not forced). */
export function mapMemory(size: number, prot: number, hint = 0, fixed = false, noReserve = false): number {
  // noReserve: address space only; swap is not set aside (a large arena mostly never touched).
  const flags = MAP_PRIVATE | MAP_ANONYMOUS | (fixed ? MAP_FIXED_NOREPLACE : 0) | (noReserve ? MAP_NORESERVE : 0);
  const r = mmapRaw(hint, size, prot, flags, -1, 0);
  if (BigInt(r) === MAP_FAILED || toNumber(r) === -1) {
    throw new Error(`mmap of ${size} bytes failed: ${strerror(koffi.errno())}`);
  }
  return toNumber(r);
}

export function protectMemory(addr: number, size: number, prot: number): void {
  if (mprotectRaw(addr, size, prot) !== 0) {
    throw new Error(`mprotect(0x${addr.toString(16)}, ${size}) failed: ${strerror(koffi.errno())}`);
  }
}

const MADV_DONTNEED = 4;

/** Gives the pages of a private anonymous range back to the kernel (they read as zeros after): page-aligned addr and size. */
export function releasePages(addr: number, size: number): void {
  madviseRaw(addr, size, MADV_DONTNEED);
}

const MADV_HUGEPAGE = 14;

/**
 * Asks for transparent huge pages over a mapping (where the kernel allows
 * them: `madvise` mode): a large heap then takes one page fault per 2 MiB
 * instead of per 4 KiB. Advice only, so a refusal is ignored.
 */
export function adviseHugePages(addr: number, size: number): void {
  madviseRaw(addr, size, MADV_HUGEPAGE);
}

export function unmapMemory(addr: number, size: number): void {
  if (munmapRaw(addr, size) !== 0) {
    throw new Error(`munmap(0x${addr.toString(16)}, ${size}) failed: ${strerror(koffi.errno())}`);
  }
}

/**
 * Maps `size` bytes of an open file (fd) read+exec, private, so that `perf
 * record` logs the mapping (perf finds a jitdump file that way); returns the address.
 */
export function mapFileForProfiler(fd: number, size: number): number {
  const r = mmapRaw(0, size, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
  if (BigInt(r) === MAP_FAILED || toNumber(r) === -1) throw new Error(`mmap of the jitdump file failed: ${strerror(koffi.errno())}`);
  return toNumber(r);
}

/** dlopen(path, RTLD_NOW | RTLD_GLOBAL); throws with dlerror's text when it fails. */
export function openSharedObject(path: string): unknown {
  const h = dlopenRaw(path, 2 | 0x100);
  if (!h) throw new Error(`dlopen ${path} failed`);
  return h;
}

/** A symbol's address in a handle from openSharedObject, or 0. */
export function symbolIn(handle: unknown, name: string): number {
  return toNumber(dlsymRaw(handle, name));
}

/** A zero-copy view of native memory. */
/** The native address of an ArrayBuffer's contents (V8 never moves them). */
export function addressOfBuffer(buffer: ArrayBufferLike): number {
  return Number(koffi.address(new Uint8Array(buffer, 0, 1)));
}

export function viewMemory(addr: number, size: number): ArrayBuffer {
  return koffi.view(BigInt(addr), size);
}

/** struct timespec as two little-endian int64 words, read as u32 halves (no BigInt, no object per call). */
const timespec = new Uint32Array(4);

/**
 * CPU time of the calling thread in milliseconds (clock_gettime's
 * CLOCK_THREAD_CPUTIME_ID): unlike wall time, it does not grow when the
 * machine is busy with other processes.
 */
export function threadCpuMs(): number {
  clockGettimeRaw(CLOCK_THREAD_CPUTIME_ID, timespec);
  return (timespec[1] * 4294967296 + timespec[0]) * 1e3 + timespec[2] / 1e6;
}

let defaultHandle: unknown = null;
/** Opened on first use, not when this module loads (the run's start-up snapshot holds no native state). */
let libm: unknown = null;

/** Resolves a libc/libm symbol to its address, or 0 when it does not exist. */
export function lookupSymbol(name: string): number {
  if (defaultHandle === null) defaultHandle = dlopenRaw(null as unknown as string, 2);
  if (libm === null) {
    const RTLD_NOW = 2;
    const RTLD_GLOBAL = 0x100;
    libm = dlopenRaw('libm.so.6', RTLD_NOW | RTLD_GLOBAL);
  }
  let r = toNumber(dlsymRaw(defaultHandle, name));
  if (r === 0) r = toNumber(dlsymRaw(libm, name));
  return r;
}

export { koffi };
