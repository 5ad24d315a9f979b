// Compiles CPython's AST (python-ast.ts) to the VM's stack bytecode
// (bytecode.ts). Names resolve as scopes.ts decides: module-level names are
// global slots, a function's names are frame locals (cells when a nested
// function captures them), class bodies use their namespace dict. The
// constructs the first VM had compile exactly as they did (the tracing JIT
// is tuned to those sequences); everything else uses the 3.11-like opcodes
// after ROT_TWO in bytecode.ts. Exceptions use a zero-cost exception table
// per code object: try/with/finally emit no instructions on the normal path
// except the finally bodies themselves, which are copied to every exit
// (return, break, continue, fall-through) like CPython does.
import { checkCompileNesting } from './nesting-depth.ts';
import {
  BUILD_CLASS_KEYWORDS, BUILD_CLASS_MAX_BASES, BinaryOp, CompareOp, INPLACE_OFFSET, Op, UnaryOp, isJump, isTerminator, stackEffect,
} from './bytecode.ts';
import { parseSource } from './parse-source.ts';
import type {
  Arguments, CmpOperator, Comprehension, ExceptHandler, Expr, Keyword, Located, Module, Operator, Pattern, Stmt, UnaryOperator,
} from './python-ast.ts';
import { CodeFlags, type CodeObject, type ConstantSpec, type KwCallSite, type Program } from './program.ts';
import { analyzeScopes, Scope, type ScopeTable } from './scopes.ts';
import { consumedGeneratorOf } from './consumed-generators.ts';
import { wrapGeneratorCalls, wrappedCallOf } from './consumed-generator-calls.ts';
import { SyntaxErrorAt } from './syntax-error.ts';
import { checkFutureImports } from './future-imports.ts';
import { checkMatchCases } from './match-patterns.ts';
import { annotationText } from './annotation-text.ts';
import { SOURCE_MODULES } from '../stdlib/source-modules.ts';
import { appendSourceModule, compiledSourceModule, freezeSourceModules } from './source-module-cache.ts';

export function compileProgram(source: string): Program {
  const module = parseSource(source);
  return compileModule(module, source);
}

export function compileModule(module: Module, source: string): Program {
  checkCompileNesting(module);
  const program: Program = {
    codes: [], constants: [], globalNames: [], mainGlobals: 0, names: [], kwCalls: [], sourceLines: source.split('\n'), sourceModules: new Map(),
  };
  const features = checkFutureImports(module);
  wrapGeneratorCalls(module);
  const scopes = analyzeScopes(module);
  const tables = new Tables(program, scopes, '__main__');
  tables.stringAnnotations = features.has('annotations');
  program.codes.push(null as unknown as CodeObject); // module is codes[0], filled last
  // The names the module body binds number its first slots, in source order: globals()
  // lists bound slots in slot order (what a function reads or a later binding would
  // otherwise come first).
  for (const name of scopes.module.assigned) tables.global(name);
  const code = new CodeCompiler(tables, scopes.module, '<module>', '<module>', null);
  code.compileBody(module.body);
  program.codes[0] = code.finish(0, 1);
  program.mainGlobals = program.globalNames.length;
  compileSourceModules(program, importedModules(module.body));
  return program;
}

/** Top-level module names a body imports anywhere (`import a.b` imports `a`). */
function importedModules(body: Stmt[]): string[] {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) { for (const x of v) visit(x); return; }
    if (v === null || typeof v !== 'object') return;
    const n = v as { kind?: string };
    if (n.kind === 'Import') for (const a of (v as Extract<Stmt, { kind: 'Import' }>).names) out.add(a.name === 'os.path' ? 'posixpath' : a.name.split('.')[0]);
    else if (n.kind === 'Match') out.add('_match');
    // C.__dict__, vars(C), getattr(C, '__dict__'): the class's read-only view (stdlib/mappingproxy.ts).
    else if ((n.kind === 'Attribute' && (v as { attr?: string }).attr === '__dict__') || (n.kind === 'Name' && (v as { id?: string }).id === 'vars') ||
      (n.kind === 'Constant' && (v as { value?: unknown }).value === '__dict__')) out.add('_mappingproxy');
    // globals(), f.__globals__: the live view of the module's global slots (stdlib/module-globals.ts).
    else if ((n.kind === 'Name' && (v as { id?: string }).id === 'globals') || (n.kind === 'Attribute' && (v as { attr?: string }).attr === '__globals__')) out.add('_moduleglobals');
    else if (n.kind === 'ImportFrom') {
      const f = v as Extract<Stmt, { kind: 'ImportFrom' }>;
      if (f.module !== null && f.level === 0) out.add(f.module === 'os.path' ? 'posixpath' : f.module.split('.')[0]);
    }
    for (const k in n) if (k !== 'kind') visit((n as Record<string, unknown>)[k]);
  };
  visit(body);
  return [...out];
}

/**
 * Appends the standard modules written in Python (stdlib/source-modules.ts)
 * that `names` and their own imports reach, each compiled once per process
 * (source-module-cache.ts). A module's body becomes the body of a function
 * (its names are that function's locals, shared with the functions and
 * classes it defines as closures) ending in `return {name: value, ...}` for
 * its top-level names; importing the module calls it once. Its globals
 * (builtins) have slots of their own, so a program rebinding `len` does not
 * change the module's.
 */
function compileSourceModules(program: Program, names: string[]): void {
  const pending = [...names];
  while (pending.length > 0) {
    const name = pending.shift()!;
    if (!SOURCE_MODULES.has(name) || program.sourceModules.has(name)) continue;
    const m = compiledSourceModule(name, (blank) => compileSourceModule(blank, name, SOURCE_MODULES.get(name)!));
    appendSourceModule(program, name, m);
    pending.push(...m.imports);
  }
}

/** Compiles every standard module written in Python (the start-up snapshot keeps them compiled). */
export function precompileSourceModules(): void {
  freezeSourceModules(SOURCE_MODULES.keys(), (name) => (blank) => compileSourceModule(blank, name, SOURCE_MODULES.get(name)!));
}

/** One standard module into a program of its own: its body as a function returning its namespace (see compileSourceModules). */
export function compileSourceModule(program: Program, name: string, source: string): { index: number; imports: string[] } {
  const body = parseSource(source).body;
  const at = { lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 0 };
  const args: Arguments = { kind: 'arguments', posonlyargs: [], args: [], vararg: null, kwonlyargs: [], kw_defaults: [], kwarg: null, defaults: [] };
  const wrap = (stmts: Stmt[]): { module: Module; def: Extract<Stmt, { kind: 'FunctionDef' }> } => {
    const def = { kind: 'FunctionDef' as const, name: '<module>', args, body: stmts, decorator_list: [], returns: null, type_comment: null, ...at };
    return { module: { kind: 'Module', body: [def], type_ignores: [] }, def };
  };
  // The names the body binds (its function's locals), then the same body returning them.
  const first = wrap(body);
  const bound = analyzeScopes(first.module).scopeOf.get(first.def)!.assigned.filter((n) => /^[A-Za-z_]\w*$/.test(n));
  const ret: Stmt = {
    kind: 'Return', ...at,
    value: {
      kind: 'Dict', ...at,
      keys: bound.map((n) => ({ kind: 'Constant' as const, value: n, kind_: null, ...at })),
      values: bound.map((n) => ({ kind: 'Name' as const, id: n, ctx: 'Load' as const, ...at })),
    },
  };
  const { module, def } = wrap([...body, ret]);
  const scopes = analyzeScopes(module);
  const tables = new Tables(program, scopes, name);
  const index = tables.newCode();
  const fn = new CodeCompiler(tables, scopes.scopeOf.get(def)!, '<module>', '<module>', args, true);
  fn.compileBody(def.body);
  program.codes[index] = fn.finishFunction(index, 1);
  return { index, imports: importedModules(body) };
}

const BINARY_OPS: Record<Operator, number> = {
  Add: BinaryOp.ADD, Sub: BinaryOp.SUB, Mult: BinaryOp.MUL, Div: BinaryOp.TRUEDIV, FloorDiv: BinaryOp.FLOORDIV,
  Mod: BinaryOp.MOD, Pow: BinaryOp.POW, LShift: BinaryOp.LSHIFT, RShift: BinaryOp.RSHIFT, BitAnd: BinaryOp.AND,
  BitOr: BinaryOp.OR, BitXor: BinaryOp.XOR, MatMult: BinaryOp.MATMUL,
};
const INPLACE_OPS = (op: Operator): number => (op === 'MatMult' ? BinaryOp.INPLACE_MATMUL : BINARY_OPS[op] + INPLACE_OFFSET);
const UNARY_OPS: Record<UnaryOperator, number> = { USub: UnaryOp.NEGATIVE, Not: UnaryOp.NOT, UAdd: UnaryOp.POSITIVE, Invert: UnaryOp.INVERT };
const COMPARE_OPS: Record<CmpOperator, number> = {
  Lt: CompareOp.LT, LtE: CompareOp.LE, Eq: CompareOp.EQ, NotEq: CompareOp.NE, Gt: CompareOp.GT, GtE: CompareOp.GE,
  Is: CompareOp.IS, IsNot: CompareOp.IS_NOT, In: CompareOp.IN, NotIn: CompareOp.NOT_IN,
};

/** MAKE_FUNCTION flag bits (oparg & 15). */
const FN_DEFAULTS = 1;
const FN_KWDEFAULTS = 2;
const FN_CLOSURE = 8;

class Tables {
  private constKeys = new Map<string, number>();
  private globalSlots = new Map<string, number>();
  private nameSlots = new Map<string, number>();
  /** `module`: the CodeObject.module of every code compiled through these tables. */
  /** `from __future__ import annotations`: annotations are kept as their source text, never evaluated. */
  stringAnnotations = false;
  constructor(readonly program: Program, readonly scopes: ScopeTable, readonly module: string) {}

  constant(spec: ConstantSpec): number {
    const key = constantKey(spec);
    let k = this.constKeys.get(key);
    if (k === undefined) {
      k = this.program.constants.length;
      this.program.constants.push(spec);
      this.constKeys.set(key, k);
    }
    return k;
  }

  global(name: string): number {
    let g = this.globalSlots.get(name);
    if (g === undefined) {
      g = this.program.globalNames.length;
      this.program.globalNames.push(name);
      this.globalSlots.set(name, g);
    }
    return g;
  }

  name(name: string): number {
    let n = this.nameSlots.get(name);
    if (n === undefined) {
      n = this.program.names.length;
      this.program.names.push(name);
      this.nameSlots.set(name, n);
    }
    return n;
  }

  newCode(): number {
    this.program.codes.push(null as unknown as CodeObject);
    return this.program.codes.length - 1;
  }
}

/** Blocks that a return/break/continue leaves, innermost last. */
type FBlock =
  | { kind: 'loop'; head: number; breaks: number[]; isFor: boolean }
  /** The body of a try with a finally: leaving it runs the final body. */
  | { kind: 'finally'; body: Stmt[]; range: Range }
  /** The body of a try with except clauses. */
  | { kind: 'try'; range: Range }
  /** An except clause's body: the previous exception is on the stack. */
  | { kind: 'handler'; name: string | null; range: Range }
  /** A final body running for an exception: the previous and the raised exception are on the stack. */
  | { kind: 'finally-exc'; range: Range }
  /** A with body: its bound __exit__ is on the stack. */
  | { kind: 'with'; range: Range };

/** A region protected by one exception handler, possibly split into segments around exits. */
interface Range {
  handler: Label;
  depth: number;
  /** Nesting level: inner ranges are looked up first. */
  level: number;
  /** Start of the open segment, or -1 while paused. */
  start: number;
}

interface Label { pc: number; uses: number[] }

interface TableEntry { start: number; end: number; handler: Label; depth: number; level: number }

/** Expression kinds that are literals: evaluating one again gives the same value. */
/** Whether a module or class body (its compound statements included, not nested scopes) annotates a simple name. */
function hasSimpleAnnotation(body: Stmt[]): boolean {
  return body.some((s) => {
    if (s.kind === 'AnnAssign') return s.simple === 1;
    if (s.kind === 'FunctionDef' || s.kind === 'AsyncFunctionDef' || s.kind === 'ClassDef') return false;
    const r = s as unknown as Record<string, unknown>;
    for (const k of ['body', 'orelse', 'finalbody']) if (Array.isArray(r[k]) && hasSimpleAnnotation(r[k] as Stmt[])) return true;
    if (s.kind === 'Try' || s.kind === 'TryStar') return s.handlers.some((h) => hasSimpleAnnotation(h.body));
    if (s.kind === 'Match') return s.cases.some((c) => hasSimpleAnnotation(c.body));
    return false;
  });
}

/** The constant a literal (or a negated number literal) is, or null. */
function literalSpec(e: Expr): ConstantSpec | null {
  if (e.kind === 'UnaryOp' && e.op === 'USub' && e.operand.kind === 'Constant') {
    const v = e.operand.value;
    return typeof v === 'bigint' ? { kind: 'int', value: -v } : typeof v === 'number' ? { kind: 'float', value: -v } : null;
  }
  if (e.kind !== 'Constant') return null;
  const value = e.value;
  if (typeof value === 'bigint') return { kind: 'int', value };
  if (typeof value === 'number') return { kind: 'float', value };
  if (typeof value === 'string') return { kind: 'str', value };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (value === null) return { kind: 'none' };
  return 'ellipsis' in value ? { kind: 'ellipsis' } : null;
}

/** Equal constants share one slot of the table: the key says kind and value. */
function constantKey(spec: ConstantSpec): string {
  switch (spec.kind) {
    case 'int': return `i${spec.value}`;
    case 'float': return `f${Object.is(spec.value, -0) ? '-0' : spec.value}`;
    case 'str': return `s${spec.value}`;
    case 'bool': return `b${spec.value}`;
    case 'none': return 'n';
    case 'function': return `c${spec.codeIndex}`;
    case 'builtin': return `B${spec.name}`;
    case 'ellipsis': return 'e';
    case 'tuple': return `t${JSON.stringify(spec.items.map(constantKey))}`;
  }
}

const isLiteral = (e: Expr) => e.kind === 'Constant' && (typeof e.value !== 'object' || e.value === null);

/** Where a name lives (the symbol table's answer) and the opcodes that load, store and delete it there. */
type NameAccess = 'local' | 'deref' | 'global' | 'name';
const NAME_OPS: Record<'load' | 'store' | 'delete', Record<NameAccess, number>> = {
  load: { local: Op.LOAD_LOCAL, deref: Op.LOAD_DEREF, global: Op.LOAD_GLOBAL, name: Op.LOAD_NAME },
  store: { local: Op.STORE_LOCAL, deref: Op.STORE_DEREF, global: Op.STORE_GLOBAL, name: Op.STORE_NAME },
  delete: { local: Op.DELETE_LOCAL, deref: Op.DELETE_DEREF, global: Op.DELETE_GLOBAL, name: Op.DELETE_NAME },
};

class CodeCompiler {
  private code: number[] = [];
  private lines: number[] = [];
  line = 1;
  private locals = new Map<string, number>();
  private localNames: string[] = [];
  private cellLocals: number[] = [];
  private freeStart = 0;
  private fblocks: FBlock[] = [];
  /** Comprehension variables, renamed to hidden locals while their comprehension compiles. */
  private renames = new Map<string, number>();
  private readonly isModule: boolean;
  private readonly isClass: boolean;
  private readonly isGenerator: boolean;
  private entries: TableEntry[] = [];
  /** Values that enclosing blocks keep on the stack at statement level (iterators, __exit__, exceptions). */
  private blockDepth = 0;
  /**
   * While a generator expression compiles inline (consumedGenerator): what its innermost
   * level does with each element, given how many iterators are on the stack; returns the
   * jumps that go on with the next element.
   */
  private elementSink: { e: Expr; sink: (iterators: number) => number[] } | null = null;
  private argcount = 0;
  private posonly = 0;
  private kwonly = 0;
  private flags = 0;
  private doc: string | null = null;

  constructor(
    private readonly tables: Tables,
    private readonly scope: Scope,
    private readonly name: string,
    private readonly qualname: string,
    args: Arguments | null,
    /** The function that runs a standard module's body: what it defines is named as at module level. */
    private readonly isModuleFunction = false,
  ) {
    this.isModule = scope.kind === 'module';
    this.isClass = scope.kind === 'class';
    this.isGenerator = scope.isGenerator;
    if (args) {
      this.posonly = args.posonlyargs.length;
      this.argcount = args.posonlyargs.length + args.args.length;
      this.kwonly = args.kwonlyargs.length;
      if (args.vararg) this.flags |= CodeFlags.VARARGS;
      if (args.kwarg) this.flags |= CodeFlags.VARKEYWORDS;
    } else if (scope.params.length > 0) {
      this.argcount = scope.params.length; // a comprehension's `.0`
    }
    if (this.isGenerator) this.flags |= CodeFlags.GENERATOR;
    if (scope.isCoroutine) this.flags |= CodeFlags.COROUTINE;
    if (this.isClass) {
      this.flags |= CodeFlags.CLASS_BODY;
      this.argcount = 1;
      this.addLocal('$namespace');
      if (scope.needsClassCell) this.cellLocals.push(this.addLocal('__class__'));
    } else if (!this.isModule) {
      for (const p of scope.params) this.addLocal(p);
      for (const n of scope.assigned) {
        if (!scope.declaredGlobal.has(n) && !scope.declaredNonlocal.has(n)) this.addLocal(n);
      }
      for (const n of scope.cells) this.cellLocals.push(this.locals.get(n)!);
    }
    this.freeStart = this.localNames.length;
    if (!this.isModule) for (const f of scope.frees) this.addLocal(f);
  }

  private addLocal(name: string): number {
    let i = this.locals.get(name);
    if (i === undefined) {
      i = this.localNames.length;
      this.localNames.push(name);
      this.locals.set(name, i);
    }
    return i;
  }

  private temp(): number {
    const i = this.localNames.length;
    this.localNames.push(`$t${i}`);
    return i;
  }

  emit(op: number, arg = 0): number {
    this.code.push(op, arg);
    this.lines.push(this.line);
    return this.lines.length - 1;
  }

  private here(): number { return this.lines.length; }
  private patch(at: number, target: number): void { this.code[2 * at + 1] = target; }

  private label(): Label { return { pc: -1, uses: [] }; }
  private jumpTo(op: number, l: Label): void {
    const at = this.emit(op, l.pc);
    if (l.pc < 0) l.uses.push(at);
  }
  private place(l: Label): void {
    l.pc = this.here();
    for (const at of l.uses) this.patch(at, l.pc);
  }

  /** The prologue: cells, free variables, and for a generator its creation. */
  private prologue(): void {
    for (const c of this.cellLocals) this.emit(Op.MAKE_CELL, c);
    const nfree = this.isModule ? 0 : this.scope.frees.length;
    if (nfree > 0) this.emit(Op.COPY_FREE_VARS, nfree);
    if (this.isGenerator) {
      this.emit(Op.RETURN_GENERATOR);
      this.emit(Op.POP_TOP);
    }
  }

  compileBody(body: Stmt[]): void {
    // A leading string statement is the docstring (__doc__ of the function or class).
    const first = body[0];
    if (first?.kind === 'Expr' && first.value.kind === 'Constant' && typeof first.value.value === 'string') this.doc = first.value.value;
    this.prologue();
    // CPython's SETUP_ANNOTATIONS: a module or class body with annotated names gets __annotations__.
    if ((this.isModule || this.isClass) && !this.isModuleFunction && hasSimpleAnnotation(body)) {
      this.emit(Op.BUILD_MAP, 0);
      this.storeName('__annotations__');
    }
    for (const s of body) this.stmt(s);
  }

  finish(index: number, firstLine: number): CodeObject {
    if (this.isClass && this.scope.needsClassCell) {
      this.emit(Op.LOAD_CLOSURE, this.locals.get('__class__')!);
    } else {
      this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'none' }));
    }
    this.emit(Op.RETURN_VALUE);
    return this.finishCode(index, firstLine);
  }

  private finishCode(index: number, firstLine: number): CodeObject {
    const code = Int32Array.from(this.code);
    const sorted = this.entries.filter((e) => e.end > e.start).sort((a, b) => b.level - a.level || a.start - b.start);
    const table = new Int32Array(sorted.length * 4);
    sorted.forEach((e, i) => table.set([e.start, e.end, e.handler.pc, e.depth], 4 * i));
    const nparams = this.argcount + this.kwonly + (this.flags & CodeFlags.VARARGS ? 1 : 0) + (this.flags & CodeFlags.VARKEYWORDS ? 1 : 0);
    const nfree = this.isModule ? 0 : this.scope.frees.length;
    return {
      index, name: this.name, qualname: this.qualname, argcount: this.argcount, posonlyargcount: this.posonly,
      kwonlyargcount: this.kwonly, flags: this.flags, nparams,
      simple: nparams === this.argcount && this.cellLocals.length === 0 && nfree === 0 && !this.isGenerator && !this.isClass,
      nlocals: this.localNames.length, localNames: this.localNames, cellLocals: this.cellLocals,
      freeStart: this.freeStart, nfree,
      code, lines: Int32Array.from(this.lines), firstLine, headLine: firstLine, module: this.tables.module, doc: this.doc,
      maxStack: computeMaxStack(code, this.tables.program.kwCalls, table),
      exceptionTable: table,
    };
  }

  // ---- exception table ranges -------------------------------------------------

  private openRange(handler: Label, depth: number): Range {
    return { handler, depth, level: this.fblocks.length, start: this.here() };
  }

  private pauseRange(r: Range): void {
    if (r.start < 0) return;
    this.entries.push({ start: r.start, end: this.here(), handler: r.handler, depth: r.depth, level: r.level });
    r.start = -1;
  }

  private resumeRange(r: Range): void {
    if (r.start < 0) r.start = this.here();
  }

  // ---- statements -------------------------------------------------------------------

  private stmt(s: Stmt): void {
    this.line = s.lineno;
    switch (s.kind) {
      case 'Expr':
        this.expr(s.value);
        this.emit(Op.POP_TOP);
        break;
      case 'Assign':
        this.expr(s.value);
        for (let i = 0; i < s.targets.length; i++) {
          if (i < s.targets.length - 1) this.emit(Op.DUP_TOP);
          this.store(s.targets[i]);
        }
        break;
      case 'AnnAssign':
        if (s.value) {
          this.expr(s.value);
          this.store(s.target);
        } else if (s.target.kind !== 'Name') {
          // `obj.x: int` evaluates obj (and the subscript) without storing.
          if (s.target.kind === 'Attribute') { this.expr(s.target.value); this.emit(Op.POP_TOP); }
          if (s.target.kind === 'Subscript') { this.expr(s.target.value); this.emit(Op.POP_TOP); this.subscriptIndex(s.target.slice); this.emit(Op.POP_TOP); }
        }
        // Module and class bodies evaluate annotations (a function body never does):
        // a simple name's goes into __annotations__, any other target's is dropped.
        if ((this.isModule || this.isClass) && !this.isModuleFunction) {
          if (s.simple && s.target.kind === 'Name') {
            this.annotationValue(s.annotation);
            this.loadName('__annotations__');
            this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'str', value: s.target.id }));
            this.emit(Op.STORE_SUBSCR);
          } else if (!this.tables.stringAnnotations) {
            this.expr(s.annotation);
            this.emit(Op.POP_TOP);
          }
        }
        break;
      case 'AugAssign': this.augAssign(s.target, s.op, s.value); break;
      case 'If': {
        const toElse = this.condJump(s.test);
        this.compileStmts(s.body);
        if (s.orelse.length > 0) {
          const toEnd = this.emit(Op.JUMP);
          this.patch(toElse, this.here());
          this.compileStmts(s.orelse);
          this.patch(toEnd, this.here());
        } else {
          this.patch(toElse, this.here());
        }
        break;
      }
      case 'While': this.whileLoop(s); break;
      case 'For': this.forLoop(s); break;
      case 'Break': this.breakOut(s); break;
      case 'Continue': this.continueLoop(s); break;
      case 'Pass': break;
      case 'Return':
        if (this.isModule || this.isClass) throw new SyntaxErrorAt("'return' outside function", s.lineno, s.col_offset + 1);
        if (s.value) this.expr(s.value);
        else this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'none' }));
        this.unwind(0, true);
        this.emit(Op.RETURN_VALUE);
        this.resumeAfterUnwind(0);
        break;
      case 'FunctionDef': this.functionDef(s); break;
      case 'ClassDef': this.classDef(s); break;
      case 'Global': case 'Nonlocal': break;
      case 'Import':
        for (const a of s.names) {
          this.emit(Op.IMPORT_NAME, this.tables.name(a.name));
          if (a.asname === null && a.name.includes('.')) {
            // `import a.b` imports a.b (os.path is the one submodule the VM has) and binds `a`.
            this.emit(Op.POP_TOP);
            this.emit(Op.IMPORT_NAME, this.tables.name(a.name.split('.')[0]));
            this.storeName(a.name.split('.')[0]);
          } else {
            this.storeName(a.asname ?? a.name);
          }
        }
        break;
      case 'ImportFrom': {
        const module = s.level > 0 ? '.'.repeat(s.level) + (s.module ?? '') : s.module ?? '';
        this.emit(Op.IMPORT_NAME, this.tables.name(module));
        if (s.names.length === 1 && s.names[0].name === '*') {
          if (!this.isModule) throw new SyntaxErrorAt('import * only allowed at module level', s.lineno, s.col_offset + 1);
          this.emit(Op.IMPORT_STAR);
          break;
        }
        for (const a of s.names) {
          this.emit(Op.IMPORT_FROM, this.tables.name(a.name));
          this.storeName(a.asname ?? a.name);
        }
        this.emit(Op.POP_TOP);
        break;
      }
      case 'Delete':
        for (const t of s.targets) this.deleteTarget(t);
        break;
      case 'Assert': {
        const skip = this.emitCondJump(s.test, true);
        this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'builtin', name: 'AssertionError' }));
        if (s.msg) {
          this.expr(s.msg);
          this.emit(Op.CALL, 1);
        }
        this.emit(Op.RAISE_VARARGS, 1);
        this.patch(skip, this.here());
        break;
      }
      case 'Raise':
        if (s.exc) this.expr(s.exc);
        if (s.cause) this.expr(s.cause);
        this.emit(Op.RAISE_VARARGS, s.exc ? (s.cause ? 2 : 1) : 0);
        break;
      case 'Try': this.tryStatement(s); break;
      case 'With': this.withStatement(s.items, 0, s.body); break;
      case 'TryStar': throw new SyntaxErrorAt('except* is not supported', s.lineno, s.col_offset + 1);
      case 'Match': this.matchStatement(s); break;
      case 'AsyncFunctionDef': this.functionDef(s); break;
      case 'AsyncFor': case 'AsyncWith':
        throw new SyntaxErrorAt(`'${s.kind === 'AsyncFor' ? 'async for' : 'async with'}' is not supported`, s.lineno, s.col_offset + 1);
    }
  }

  private compileStmts(body: Stmt[]): void {
    for (const s of body) this.stmt(s);
  }

  private whileLoop(s: Extract<Stmt, { kind: 'While' }>): void {
    const head = this.here();
    const alwaysTrue = s.test.kind === 'Constant' && s.test.value === true;
    const exit = alwaysTrue ? -1 : this.condJump(s.test);
    const loop: FBlock = { kind: 'loop', head, breaks: [], isFor: false };
    this.fblocks.push(loop);
    this.compileStmts(s.body);
    this.fblocks.pop();
    this.line = s.lineno;
    this.emit(Op.JUMP_BACKWARD, head);
    if (exit >= 0) this.patch(exit, this.here());
    this.compileStmts(s.orelse);
    const end = this.here();
    for (const b of loop.breaks) this.patch(b, end);
  }

  private forLoop(s: Extract<Stmt, { kind: 'For' }>): void {
    this.expr(s.iter);
    this.emit(Op.GET_ITER);
    const head = this.emit(Op.FOR_ITER);
    this.blockDepth++;
    this.store(s.target);
    const loop: FBlock = { kind: 'loop', head, breaks: [], isFor: true };
    this.fblocks.push(loop);
    this.compileStmts(s.body);
    this.fblocks.pop();
    this.blockDepth--;
    // The back-edge keeps the line of the body's last statement, as python3's
    // (where a KeyboardInterrupt at the back-edge is reported).
    this.emit(Op.JUMP_BACKWARD, head);
    this.patch(head, this.here());
    this.compileStmts(s.orelse);
    const end = this.here();
    for (const b of loop.breaks) this.patch(b, end);
  }

  private innermostLoop(): number {
    for (let i = this.fblocks.length - 1; i >= 0; i--) if (this.fblocks[i].kind === 'loop') return i;
    return -1;
  }

  private breakOut(s: Stmt): void {
    const i = this.innermostLoop();
    if (i < 0) throw new SyntaxErrorAt("'break' outside loop", s.lineno, s.col_offset + 1);
    const loop = this.fblocks[i] as Extract<FBlock, { kind: 'loop' }>;
    this.unwind(i + 1, false);
    if (loop.isFor) this.emit(Op.POP_TOP); // the iterator
    loop.breaks.push(this.emit(Op.JUMP));
    this.resumeAfterUnwind(i + 1);
  }

  private continueLoop(s: Stmt): void {
    const i = this.innermostLoop();
    if (i < 0) throw new SyntaxErrorAt("'continue' not properly in loop", s.lineno, s.col_offset + 1);
    const loop = this.fblocks[i] as Extract<FBlock, { kind: 'loop' }>;
    this.unwind(i + 1, false);
    this.emit(Op.JUMP_BACKWARD, loop.head);
    this.resumeAfterUnwind(i + 1);
  }

  /**
   * Emits what leaving the blocks fblocks[downTo..] needs (final bodies, __exit__
   * calls, restoring the handled exception), innermost first; with `keepTop`
   * the value on top of the stack (a return value) stays there. Each block's
   * protected range is paused before its exit code, so an exception there is
   * handled by the blocks outside it.
   */
  private unwind(downTo: number, keepTop: boolean): void {
    let depth = this.blockDepth + (keepTop ? 1 : 0);
    const saved = this.fblocks;
    for (let i = saved.length - 1; i >= downTo; i--) {
      const b = saved[i];
      switch (b.kind) {
        case 'loop':
          // A return leaves iterators for RETURN_VALUE to drop; break pops its own loop's.
          break;
        case 'try':
          this.pauseRange(b.range);
          break;
        case 'finally': {
          this.pauseRange(b.range);
          // The final body runs with the blocks outside it still in force.
          this.fblocks = saved.slice(0, i);
          const outerDepth = this.blockDepth;
          this.blockDepth = depth;
          this.compileStmts(b.body);
          this.blockDepth = outerDepth;
          this.fblocks = saved;
          break;
        }
        case 'handler':
          this.pauseRange(b.range);
          if (keepTop) this.emit(Op.SWAP, 2);
          this.emit(Op.POP_EXCEPT);
          depth--;
          if (b.name !== null) this.clearHandlerName(b.name);
          break;
        case 'finally-exc':
          this.pauseRange(b.range);
          if (keepTop) {
            this.emit(Op.SWAP, 2);
            this.emit(Op.POP_TOP);
            this.emit(Op.SWAP, 2);
          } else {
            this.emit(Op.POP_TOP);
          }
          this.emit(Op.POP_EXCEPT);
          depth -= 2;
          break;
        case 'with':
          this.pauseRange(b.range);
          if (keepTop) this.emit(Op.COPY, 2);
          this.callExitWithNones();
          if (keepTop) {
            this.emit(Op.SWAP, 2);
            this.emit(Op.POP_TOP);
          }
          depth--;
          break;
      }
    }
  }

  /** Reopens the ranges an unwind paused (the code after the jump is still inside those blocks). */
  private resumeAfterUnwind(downTo: number): void {
    for (let i = this.fblocks.length - 1; i >= downTo; i--) {
      const b = this.fblocks[i];
      if (b.kind !== 'loop') this.resumeRange(b.range);
    }
  }

  /** ( exit -- ) calls exit(None, None, None) and drops its result. */
  private callExitWithNones(): void {
    const none = this.tables.constant({ kind: 'none' });
    this.emit(Op.LOAD_CONST, none);
    this.emit(Op.LOAD_CONST, none);
    this.emit(Op.LOAD_CONST, none);
    this.emit(Op.CALL, 3);
    this.emit(Op.POP_TOP);
  }

  private clearHandlerName(name: string): void {
    this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'none' }));
    this.storeName(name);
    this.deleteName(name);
  }

  private tryStatement(s: Extract<Stmt, { kind: 'Try' }>): void {
    if (s.finalbody.length === 0) {
      this.tryExcept(s);
      return;
    }
    const D = this.blockDepth;
    const handler = this.label();
    const block: FBlock = { kind: 'finally', body: s.finalbody, range: this.openRange(handler, D) };
    this.fblocks.push(block);
    if (s.handlers.length > 0) this.tryExcept(s);
    else this.compileStmts(s.body);
    this.fblocks.pop();
    this.pauseRange(block.range);
    // The normal path runs the final body in place.
    this.compileStmts(s.finalbody);
    const end = this.label();
    this.jumpTo(Op.JUMP, end);
    // The exceptional path: [exc] -> [prev exc], the final body, re-raise.
    this.place(handler);
    this.emit(Op.PUSH_EXC_INFO);
    const cleanup = this.label();
    const excBlock: FBlock = { kind: 'finally-exc', range: this.openRange(cleanup, D + 1) };
    this.fblocks.push(excBlock);
    this.blockDepth = D + 2;
    this.compileStmts(s.finalbody);
    this.blockDepth = D;
    this.fblocks.pop();
    this.emit(Op.RERAISE);
    this.pauseRange(excBlock.range);
    this.emitCleanup(cleanup);
    this.place(end);
  }

  /** A handler region's cleanup: [prev exc2] restores prev as the handled exception and raises exc2. */
  private emitCleanup(cleanup: Label): void {
    this.place(cleanup);
    this.emit(Op.SWAP, 2);
    this.emit(Op.POP_EXCEPT);
    this.emit(Op.RERAISE);
  }

  private tryExcept(s: Extract<Stmt, { kind: 'Try' }>): void {
    const D = this.blockDepth;
    const handler = this.label();
    const block: FBlock = { kind: 'try', range: this.openRange(handler, D) };
    this.fblocks.push(block);
    this.compileStmts(s.body);
    this.fblocks.pop();
    this.pauseRange(block.range);
    this.compileStmts(s.orelse);
    const end = this.label();
    this.jumpTo(Op.JUMP, end);
    // [exc] -> [prev exc]
    this.place(handler);
    this.emit(Op.PUSH_EXC_INFO);
    const cleanup = this.label();
    const matching: Range = this.openRange(cleanup, D + 1);
    const nameCleanups: { label: Label; name: string }[] = [];
    (s.handlers as ExceptHandler[]).forEach((h, i) => {
      this.line = h.lineno;
      if (h.type === null && i < s.handlers.length - 1) throw new SyntaxErrorAt("default 'except:' must be last", h.lineno, h.col_offset + 1);
      let next = -1;
      if (h.type !== null) {
        this.expr(h.type);
        this.emit(Op.CHECK_EXC_MATCH);
        next = this.emit(Op.POP_JUMP_IF_FALSE);
      }
      // [prev exc] -> [prev]
      if (h.name !== null) this.storeName(h.name);
      else this.emit(Op.POP_TOP);
      let range = matching;
      if (h.name !== null) {
        // The body is protected by a cleanup that also clears the name.
        this.pauseRange(matching);
        const label = this.label();
        nameCleanups.push({ label, name: h.name });
        range = this.openRange(label, D + 1);
      }
      const hb: FBlock = { kind: 'handler', name: h.name, range };
      this.fblocks.push(hb);
      this.blockDepth = D + 1;
      this.compileStmts(h.body);
      this.blockDepth = D;
      this.fblocks.pop();
      this.pauseRange(range);
      this.emit(Op.POP_EXCEPT);
      if (h.name !== null) this.clearHandlerName(h.name);
      this.jumpTo(Op.JUMP, end);
      if (next >= 0) this.patch(next, this.here());
      this.resumeRange(matching);
    });
    // No clause matched: [prev exc] -> re-raise (the cleanup restores prev).
    this.emit(Op.RERAISE);
    this.pauseRange(matching);
    this.emitCleanup(cleanup);
    for (const c of nameCleanups) {
      this.place(c.label);
      this.clearHandlerName(c.name);
      this.jumpTo(Op.JUMP, cleanup);
    }
    this.place(end);
  }

  private withStatement(items: Extract<Stmt, { kind: 'With' }>['items'], i: number, body: Stmt[]): void {
    const item = items[i];
    const D = this.blockDepth;
    this.expr(item.context_expr);
    this.emit(Op.BEFORE_WITH);
    // [exit enter_result]
    if (item.optional_vars) this.store(item.optional_vars);
    else this.emit(Op.POP_TOP);
    const handler = this.label();
    const block: FBlock = { kind: 'with', range: this.openRange(handler, D + 1) };
    this.fblocks.push(block);
    this.blockDepth = D + 1;
    if (i + 1 < items.length) this.withStatement(items, i + 1, body);
    else this.compileStmts(body);
    this.blockDepth = D;
    this.fblocks.pop();
    this.pauseRange(block.range);
    this.callExitWithNones();
    const end = this.label();
    this.jumpTo(Op.JUMP, end);
    // [exit exc] -> [exit prev exc result]
    this.place(handler);
    this.emit(Op.PUSH_EXC_INFO);
    const cleanup = this.label();
    const range = this.openRange(cleanup, D + 2);
    this.emit(Op.WITH_EXCEPT_START);
    const suppress = this.emit(Op.POP_JUMP_IF_TRUE);
    this.emit(Op.RERAISE);
    this.patch(suppress, this.here());
    this.pauseRange(range);
    // Suppressed: [exit prev exc] -> []
    this.emit(Op.POP_TOP);
    this.emit(Op.POP_EXCEPT);
    this.emit(Op.POP_TOP);
    this.jumpTo(Op.JUMP, end);
    this.emitCleanup(cleanup);
    this.place(end);
  }

  // ---- definitions ------------------------------------------------------------------

  private qualnameOf(name: string): string {
    if (this.isModule || this.isModuleFunction) return name;
    if (this.isClass) return `${this.qualname}.${name}`;
    return `${this.qualname}.<locals>.${name}`;
  }

  /** Compiles a nested function scope and leaves the function object on the stack; returns its code's index. */
  private makeFunction(node: Stmt | Expr, name: string, args: Arguments, compileBody: (c: CodeCompiler) => void, firstLine: number, asConstant: boolean): number {
    const scope = this.tables.scopes.scopeOf.get(node)!;
    const index = this.tables.newCode();
    const fn = new CodeCompiler(this.tables, scope, name, this.qualnameOf(name), args);
    fn.line = firstLine;
    compileBody(fn);
    this.tables.program.codes[index] = fn.finishFunction(index, firstLine);
    this.line = firstLine;
    let flags = 0;
    if (args.defaults.length > 0) {
      // Literal defaults are one constant tuple, as in CPython: every function the `def` makes
      // shares it (traces calling them guard it once, GUARD_FUNCTION_CODE_DEFAULTS_AT).
      const literals = args.defaults.map(literalSpec);
      if (literals.every((l) => l !== null)) this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'tuple', items: literals as ConstantSpec[] }));
      else {
        for (const d of args.defaults) this.expr(d);
        this.emit(Op.BUILD_TUPLE, args.defaults.length);
      }
      flags |= FN_DEFAULTS;
    }
    const kwDefaults = args.kwonlyargs.map((a, i) => ({ name: a.arg, value: args.kw_defaults[i] })).filter((k) => k.value !== null);
    if (kwDefaults.length > 0) {
      for (const k of kwDefaults) {
        this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'str', value: k.name }));
        this.expr(k.value!);
      }
      this.emit(Op.BUILD_MAP, kwDefaults.length);
      flags |= FN_KWDEFAULTS;
    }
    if (scope.frees.length > 0) {
      for (const f of scope.frees) this.emit(Op.LOAD_CLOSURE, this.closureSlot(f));
      this.emit(Op.BUILD_TUPLE, scope.frees.length);
      flags |= FN_CLOSURE;
    }
    if (flags === 0 && asConstant) this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'function', codeIndex: index }));
    else this.emit(Op.MAKE_FUNCTION, (index << 4) | flags);
    return index;
  }

  /** The local holding the cell for `name` (a cell of this scope, or one of its free variables). */
  private closureSlot(name: string): number {
    const slot = this.locals.get(name);
    if (slot === undefined) throw new Error(`internal error: no cell for '${name}' in ${this.qualname}`);
    return slot;
  }

  finishFunction(index: number, firstLine: number): CodeObject {
    this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'none' }));
    this.emit(Op.RETURN_VALUE);
    return this.finishCode(index, firstLine);
  }

  private functionDef(s: Extract<Stmt, { kind: 'FunctionDef' | 'AsyncFunctionDef' }>): void {
    for (const d of s.decorator_list) this.expr(d);
    // A def at module or class level without defaults or a closure is a constant function object
    // (the original VM's form; global function calls are specialised on it).
    const asConstant = this.isModule || this.isClass;
    const index = this.makeFunction(s, s.name, s.args, (c) => c.compileBody(s.body), s.lineno, asConstant);
    if (s.decorator_list.length > 0) this.tables.program.codes[index].headLine = s.decorator_list[0].lineno;
    for (let i = 0; i < s.decorator_list.length; i++) this.emit(Op.CALL, 1);
    this.storeName(s.name);
  }

  private classDef(s: Extract<Stmt, { kind: 'ClassDef' }>): void {
    if (s.bases.length > BUILD_CLASS_MAX_BASES) throw new SyntaxErrorAt(`more than ${BUILD_CLASS_MAX_BASES} base classes`, s.lineno, s.col_offset + 1);
    for (const d of s.decorator_list) this.expr(d);
    const scope = this.tables.scopes.scopeOf.get(s)!;
    const index = this.tables.newCode();
    const body = new CodeCompiler(this.tables, scope, s.name, this.qualnameOf(s.name), null);
    body.line = s.lineno;
    body.compileBody(s.body);
    this.tables.program.codes[index] = body.finish(index, s.lineno);
    this.line = s.lineno;
    if (scope.frees.length > 0) {
      for (const f of scope.frees) this.emit(Op.LOAD_CLOSURE, this.closureSlot(f));
      this.emit(Op.BUILD_TUPLE, scope.frees.length);
      this.emit(Op.MAKE_FUNCTION, (index << 4) | FN_CLOSURE);
    } else {
      this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'function', codeIndex: index }));
    }
    this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'str', value: s.name }));
    for (const b of s.bases) {
      if (b.kind === 'Starred') throw new SyntaxErrorAt('starred base classes are not supported', b.lineno, b.col_offset + 1);
      this.expr(b);
    }
    // Class keywords (metaclass=..., and those __init_subclass__ takes) as one dict after the bases.
    if (s.keywords.length > 0) {
      const at = { lineno: s.lineno, col_offset: s.col_offset, end_lineno: s.lineno, end_col_offset: s.col_offset };
      this.dict({
        kind: 'Dict', ...at,
        keys: s.keywords.map((k) => (k.arg === null ? null : { kind: 'Constant' as const, value: k.arg, kind_: null, ...at })),
        values: s.keywords.map((k) => k.value),
      });
    }
    this.emit(Op.BUILD_CLASS, s.bases.length | (s.keywords.length > 0 ? BUILD_CLASS_KEYWORDS : 0));
    for (let i = 0; i < s.decorator_list.length; i++) this.emit(Op.CALL, 1);
    this.storeName(s.name);
  }

  // ---- assignment ---------------------------------------------------------------------

  private augAssign(target: Expr, operator: Operator, value: Expr): void {
    const op = INPLACE_OPS(operator);
    if (target.kind === 'Name') {
      this.loadName(target.id);
      this.expr(value);
      this.emit(Op.BINARY_OP, op);
      this.storeName(target.id);
      return;
    }
    if (target.kind === 'Attribute') {
      this.expr(target.value);
      this.emit(Op.COPY, 1);
      this.emit(Op.LOAD_ATTR, this.tables.name(target.attr));
      this.expr(value);
      this.emit(Op.BINARY_OP, op);
      this.emit(Op.SWAP, 2);
      this.emit(Op.STORE_ATTR, this.tables.name(target.attr));
      return;
    }
    if (target.kind !== 'Subscript') {
      throw new SyntaxErrorAt(`'${describe(target)}' is an illegal expression for augmented assignment`, target.lineno, target.col_offset + 1);
    }
    const index = target.slice;
    if (index.kind !== 'Slice' && this.isPlainLocal(target.value) && (this.isPlainLocal(index) || isLiteral(index)) && !containsNamedExpr(value)) {
      // A local or a literal read twice is the same object both times: nothing in
      // `value` can rebind a plain local of this function, so no hidden locals
      // are needed, and a trace reads the list straight from its local.
      this.expr(target.value);
      this.expr(index);
      this.emit(Op.BINARY_SUBSCR);
      this.expr(value);
      this.emit(Op.BINARY_OP, op);
      this.expr(target.value);
      this.expr(index);
      this.emit(Op.STORE_SUBSCR);
      return;
    }
    // container[index] op= value, evaluating container and index once.
    const container = this.temp();
    const idx = this.temp();
    this.expr(target.value);
    this.emit(Op.STORE_LOCAL, container);
    this.subscriptIndex(index);
    this.emit(Op.STORE_LOCAL, idx);
    this.emit(Op.LOAD_LOCAL, container);
    this.emit(Op.LOAD_LOCAL, idx);
    this.emit(Op.BINARY_SUBSCR);
    this.expr(value);
    this.emit(Op.BINARY_OP, op);
    this.emit(Op.LOAD_LOCAL, container);
    this.emit(Op.LOAD_LOCAL, idx);
    this.emit(Op.STORE_SUBSCR);
  }

  /** Evaluates a subscript's index; a slice becomes a slice object. */
  private subscriptIndex(index: Expr): void {
    if (index.kind === 'Slice') this.sliceObject(index);
    else this.expr(index);
  }

  private sliceObject(s: Extract<Expr, { kind: 'Slice' }>): void {
    const none = this.tables.constant({ kind: 'none' });
    for (const part of [s.lower, s.upper]) {
      if (part) this.expr(part);
      else this.emit(Op.LOAD_CONST, none);
    }
    if (s.step) {
      this.expr(s.step);
      this.emit(Op.BUILD_SLICE, 3);
    } else {
      this.emit(Op.BUILD_SLICE, 2);
    }
  }

  /** Evaluates a condition and emits a jump taken when it is false; returns the jump to patch. */
  private condJump(test: Expr): number {
    return this.emitCondJump(test, false);
  }

  /** A jump taken when `test` is `whenTrue`. */
  private emitCondJump(test: Expr, whenTrue: boolean): number {
    if (test.kind === 'UnaryOp' && test.op === 'Not') {
      this.expr(test.operand);
      return this.emit(whenTrue ? Op.POP_JUMP_IF_FALSE : Op.POP_JUMP_IF_TRUE);
    }
    this.expr(test);
    return this.emit(whenTrue ? Op.POP_JUMP_IF_TRUE : Op.POP_JUMP_IF_FALSE);
  }

  // ---- names ---------------------------------------------------------------------------

  /** How `id` is reached from this code: a plain local, a cell (own or free), a global slot, or the class namespace. */
  private access(id: string): { how: NameAccess; slot: number } {
    const renamed = this.renames.get(id);
    if (renamed !== undefined) return { how: 'local', slot: renamed };
    const scope = this.scope;
    if (this.isModule) return { how: 'global', slot: this.tables.global(id) };
    if (scope.declaredGlobal.has(id)) return { how: 'global', slot: this.tables.global(id) };
    if (this.isClass) {
      if (scope.frees.includes(id) && !scope.assigned.includes(id)) return { how: 'deref', slot: this.locals.get(id)! };
      if (scope.declaredNonlocal.has(id)) return { how: 'deref', slot: this.locals.get(id)! };
      return { how: 'name', slot: this.tables.global(id) };
    }
    const local = this.locals.get(id);
    if (local !== undefined && (scope.isLocal(id) || scope.frees.includes(id))) {
      const isCell = scope.cells.has(id) || (local >= this.freeStart && local < this.freeStart + scope.frees.length);
      return { how: isCell ? 'deref' : 'local', slot: local };
    }
    return { how: 'global', slot: this.tables.global(id) };
  }

  private loadName(id: string): void {
    this.nameOp(id, NAME_OPS.load);
  }

  private storeName(id: string): void {
    this.nameOp(id, NAME_OPS.store);
  }

  private deleteName(id: string): void {
    this.nameOp(id, NAME_OPS.delete);
  }

  /** The load, store or delete of a name, by where the symbol table put it. */
  private nameOp(id: string, ops: Record<NameAccess, number>): void {
    const a = this.access(id);
    this.emit(ops[a.how], a.slot);
  }


  /** Whether `e` names a plain (non-cell) local of the function being compiled (or a comprehension's renamed variable). */
  private isPlainLocal(e: Expr): boolean {
    return e.kind === 'Name' && this.access(e.id).how === 'local' && (this.renames.has(e.id) || !this.isModule);
  }

  private store(target: Expr): void {
    switch (target.kind) {
      case 'Name': this.storeName(target.id); break;
      case 'Subscript':
        this.expr(target.value);
        this.subscriptIndex(target.slice);
        this.emit(Op.STORE_SUBSCR);
        break;
      case 'Attribute':
        this.expr(target.value);
        this.emit(Op.STORE_ATTR, this.tables.name(target.attr));
        break;
      case 'Tuple': case 'List': {
        const star = target.elts.findIndex((e) => e.kind === 'Starred');
        if (star < 0) {
          this.emit(Op.UNPACK_SEQUENCE, target.elts.length);
        } else {
          if (target.elts.some((e, i) => i !== star && e.kind === 'Starred')) {
            throw new SyntaxErrorAt('multiple starred expressions in assignment', target.lineno, target.col_offset + 1);
          }
          const after = target.elts.length - star - 1;
          if (star > 255 || after > 255) throw new SyntaxErrorAt('too many expressions in star-unpacking assignment', target.lineno, target.col_offset + 1);
          this.emit(Op.UNPACK_EX, star | (after << 8));
        }
        for (const e of target.elts) this.store(e.kind === 'Starred' ? e.value : e);
        break;
      }
      case 'Starred':
        throw new SyntaxErrorAt('starred assignment target must be in a list or tuple', target.lineno, target.col_offset + 1);
      default:
        throw new SyntaxErrorAt(`cannot assign to ${describe(target)}`, target.lineno, target.col_offset + 1);
    }
  }

  private deleteTarget(t: Expr): void {
    switch (t.kind) {
      case 'Name': this.deleteName(t.id); break;
      case 'Subscript':
        this.expr(t.value);
        this.subscriptIndex(t.slice);
        this.emit(Op.DELETE_SUBSCR);
        break;
      case 'Attribute':
        this.expr(t.value);
        this.emit(Op.DELETE_ATTR, this.tables.name(t.attr));
        break;
      case 'Tuple': case 'List':
        for (const e of t.elts) this.deleteTarget(e);
        break;
      default:
        throw new SyntaxErrorAt(`cannot delete ${describe(t)}`, t.lineno, t.col_offset + 1);
    }
  }

  // ---- expressions --------------------------------------------------------------------

  private expr(e: Expr): void {
    const line = this.line;
    if (e.lineno > this.line) this.line = e.lineno;
    this.exprInner(e);
    this.line = line;
  }

  private constant(value: Extract<Expr, { kind: 'Constant' }>['value'], e: Expr): void {
    const spec = literalSpec(e);
    if (spec !== null) {
      this.emit(Op.LOAD_CONST, this.tables.constant(spec));
      return;
    }
    if (typeof value === 'object' && value !== null && 'bytes' in value) throw new SyntaxErrorAt('bytes literals are not supported', e.lineno, e.col_offset + 1);
    throw new SyntaxErrorAt('complex numbers are not supported', e.lineno, e.col_offset + 1);
  }

  private exprInner(e: Expr): void {
    switch (e.kind) {
      case 'Constant': this.constant(e.value, e); break;
      case 'Name': this.loadName(e.id); break;
      case 'BinOp':
        this.expr(e.left);
        this.expr(e.right);
        this.emit(Op.BINARY_OP, BINARY_OPS[e.op]);
        break;
      case 'UnaryOp': {
        const operand = e.operand;
        // Fold negative literals so `-5` and `-2**63` behave as constants.
        if (e.op === 'USub' && operand.kind === 'Constant' && (typeof operand.value === 'bigint' || typeof operand.value === 'number')) {
          const v = operand.value;
          this.emit(Op.LOAD_CONST, this.tables.constant(typeof v === 'bigint' ? { kind: 'int', value: -v } : { kind: 'float', value: -v }));
          break;
        }
        this.expr(operand);
        this.emit(Op.UNARY, UNARY_OPS[e.op]);
        break;
      }
      case 'BoolOp': {
        const jumps: number[] = [];
        for (let i = 0; i < e.values.length; i++) {
          this.expr(e.values[i]);
          if (i < e.values.length - 1) jumps.push(this.emit(e.op === 'And' ? Op.JUMP_IF_FALSE_OR_POP : Op.JUMP_IF_TRUE_OR_POP));
        }
        for (const j of jumps) this.patch(j, this.here());
        break;
      }
      case 'Compare': {
        this.expr(e.left);
        if (e.ops.length === 1) {
          this.expr(e.comparators[0]);
          this.emit(Op.COMPARE_OP, COMPARE_OPS[e.ops[0]]);
          break;
        }
        // a < b < c: each middle operand is evaluated once and kept in a temp.
        const t = this.temp();
        const jumps: number[] = [];
        for (let i = 0; i < e.ops.length; i++) {
          if (i > 0) this.emit(Op.LOAD_LOCAL, t);
          this.expr(e.comparators[i]);
          if (i < e.ops.length - 1) {
            this.emit(Op.DUP_TOP);
            this.emit(Op.STORE_LOCAL, t);
          }
          this.emit(Op.COMPARE_OP, COMPARE_OPS[e.ops[i]]);
          if (i < e.ops.length - 1) jumps.push(this.emit(Op.JUMP_IF_FALSE_OR_POP));
        }
        for (const j of jumps) this.patch(j, this.here());
        break;
      }
      case 'Call': this.call(e); break;
      case 'Attribute':
        this.expr(e.value);
        this.emit(Op.LOAD_ATTR, this.tables.name(e.attr));
        break;
      case 'Subscript':
        this.expr(e.value);
        if (e.slice.kind === 'Slice') {
          const s = e.slice;
          const none = this.tables.constant({ kind: 'none' });
          for (const part of [s.lower, s.upper]) {
            if (part) this.expr(part);
            else this.emit(Op.LOAD_CONST, none);
          }
          if (s.step) {
            this.expr(s.step);
            this.emit(Op.BINARY_SLICE, 3);
          } else {
            this.emit(Op.BINARY_SLICE, 2);
          }
        } else {
          this.expr(e.slice);
          this.emit(Op.BINARY_SUBSCR);
        }
        break;
      case 'Slice': this.sliceObject(e); break;
      case 'List': this.sequence(e.elts, 'list'); break;
      case 'Tuple': this.sequence(e.elts, 'tuple'); break;
      case 'Set': this.sequence(e.elts, 'set'); break;
      case 'Dict': this.dict(e); break;
      case 'IfExp': {
        const toElse = this.condJump(e.test);
        this.expr(e.body);
        const toEnd = this.emit(Op.JUMP);
        this.patch(toElse, this.here());
        this.expr(e.orelse);
        this.patch(toEnd, this.here());
        break;
      }
      case 'ListComp': case 'SetComp': case 'DictComp':
        if (this.tables.scopes.inline.has(e)) this.inlineComprehension(e);
        else this.comprehensionFunction(e);
        break;
      case 'GeneratorExp': this.comprehensionFunction(e); break;
      case 'Lambda':
        this.makeFunction(e, '<lambda>', e.args, (c) => {
          c.prologue();
          c.expr(e.body);
          c.emit(Op.RETURN_VALUE);
        }, e.lineno, false);
        break;
      case 'NamedExpr':
        this.expr(e.value);
        this.emit(Op.DUP_TOP);
        this.storeWalrus(e.target);
        break;
      case 'JoinedStr': this.joinedStr(e); break;
      case 'FormattedValue': this.formattedValue(e); break;
      case 'Yield':
        if (!this.isGenerator) throw new SyntaxErrorAt("'yield' outside function", e.lineno, e.col_offset + 1);
        if (e.value) this.expr(e.value);
        else this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'none' }));
        this.emit(Op.YIELD_VALUE);
        break;
      case 'YieldFrom':
      case 'Await': {
        const awaiting = e.kind === 'Await';
        if (awaiting && !this.scope.isCoroutine) {
          throw new SyntaxErrorAt(this.scope.kind === 'function' ? "'await' outside async function" : "'await' outside function", e.lineno, e.col_offset + 1);
        }
        if (!this.isGenerator) throw new SyntaxErrorAt("'yield' outside function", e.lineno, e.col_offset + 1);
        if (!awaiting && this.scope.isCoroutine) throw new SyntaxErrorAt("'yield from' inside async function", e.lineno, e.col_offset + 1);
        this.expr(e.value);
        // `await x` is `yield from` of x's awaitable (oparg 1: GET_AWAITABLE's checks).
        this.emit(Op.GET_YIELD_FROM_ITER, awaiting ? 1 : 0);
        this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'none' }));
        const send = this.emit(Op.SEND);
        this.emit(Op.YIELD_VALUE);
        this.emit(Op.JUMP, send);
        this.patch(send, this.here());
        break;
      }
      case 'Starred':
        throw new SyntaxErrorAt("can't use starred expression here", e.lineno, e.col_offset + 1);
    }
  }

  /** A walrus target binds in the enclosing function even inside an inline comprehension. */
  private storeWalrus(target: Expr): void {
    if (target.kind !== 'Name') throw new SyntaxErrorAt(`cannot use assignment expressions with ${describe(target)}`, target.lineno, target.col_offset + 1);
    const renamed = this.renames.get(target.id);
    if (renamed !== undefined) this.renames.delete(target.id);
    this.storeName(target.id);
    if (renamed !== undefined) this.renames.set(target.id, renamed);
  }

  /** List, tuple or set display; starred items are spliced in. */
  private sequence(elts: Expr[], kind: 'list' | 'tuple' | 'set'): void {
    const build = kind === 'set' ? Op.BUILD_SET : kind === 'list' ? Op.BUILD_LIST : Op.BUILD_TUPLE;
    if (!elts.some((x) => x.kind === 'Starred')) {
      for (const x of elts) this.expr(x);
      this.emit(build, elts.length);
      return;
    }
    // Build a list (or set) from the leading plain items, then extend.
    let i = 0;
    while (i < elts.length && elts[i].kind !== 'Starred') this.expr(elts[i++]);
    this.emit(kind === 'set' ? Op.BUILD_SET : Op.BUILD_LIST, i);
    const extend = kind === 'set' ? Op.SET_UPDATE : Op.LIST_EXTEND;
    for (; i < elts.length; i++) {
      const x = elts[i];
      if (x.kind === 'Starred') {
        this.expr(x.value);
      } else {
        this.expr(x);
        this.emit(build === Op.BUILD_SET ? Op.BUILD_SET : Op.BUILD_LIST, 1);
      }
      this.emit(extend);
    }
    if (kind === 'tuple') this.emit(Op.LIST_TO_TUPLE);
  }

  private dict(e: Extract<Expr, { kind: 'Dict' }>): void {
    if (!e.keys.some((k) => k === null)) {
      for (let i = 0; i < e.keys.length; i++) {
        this.expr(e.keys[i]!);
        this.expr(e.values[i]);
      }
      this.emit(Op.BUILD_MAP, e.keys.length);
      return;
    }
    this.emit(Op.BUILD_MAP, 0);
    let pending = 0;
    for (let i = 0; i < e.keys.length; i++) {
      const k = e.keys[i];
      if (k === null) {
        if (pending > 0) { this.emit(Op.BUILD_MAP, pending); this.emit(Op.DICT_UPDATE); pending = 0; }
        this.expr(e.values[i]);
        this.emit(Op.DICT_UPDATE);
      } else {
        this.expr(k);
        this.expr(e.values[i]);
        pending++;
      }
    }
    if (pending > 0) { this.emit(Op.BUILD_MAP, pending); this.emit(Op.DICT_UPDATE); }
  }

  private joinedStr(e: Extract<Expr, { kind: 'JoinedStr' }>): void {
    if (e.values.length === 0) {
      this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'str', value: '' }));
      return;
    }
    if (e.values.length === 1 && e.values[0].kind === 'Constant') {
      this.expr(e.values[0]);
      return;
    }
    for (const v of e.values) this.expr(v);
    if (e.values.length > 1 || e.values[0].kind !== 'FormattedValue') this.emit(Op.BUILD_STRING, e.values.length);
  }

  private formattedValue(e: Extract<Expr, { kind: 'FormattedValue' }>): void {
    this.expr(e.value);
    let flags = e.conversion === 115 ? 1 : e.conversion === 114 ? 2 : e.conversion === 97 ? 3 : 0;
    if (e.format_spec) {
      this.expr(e.format_spec);
      flags |= 4;
    }
    this.emit(Op.FORMAT_VALUE, flags);
  }

  private call(e: Extract<Expr, { kind: 'Call' }>): void {
    if (this.consumedGenerator(e)) return;
    const starred = e.args.some((a) => a.kind === 'Starred') || e.keywords.some((k) => k.arg === null);
    if (!starred && e.func.kind === 'Name' && e.func.id === 'super' && e.args.length === 0 && e.keywords.length === 0 && this.zeroArgSuper()) return;
    if (e.func.kind === 'Attribute' && e.keywords.length === 0 && !starred) {
      this.expr(e.func.value);
      for (const a of e.args) this.expr(a);
      if (e.args.length > 255) throw new SyntaxErrorAt('too many arguments', e.lineno, e.col_offset + 1);
      this.emit(Op.CALL_METHOD, (this.tables.name(e.func.attr) << 8) | e.args.length);
      return;
    }
    this.expr(e.func);
    if (starred) {
      this.callEx(e.args, e.keywords);
      return;
    }
    for (const a of e.args) this.expr(a);
    if (e.keywords.length === 0) {
      this.emit(Op.CALL, e.args.length);
      return;
    }
    for (const k of e.keywords) this.expr(k.value);
    const names = e.keywords.map((k) => k.arg!);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new SyntaxErrorAt(`keyword argument repeated: ${dup}`, e.lineno, e.col_offset + 1);
    const site: KwCallSite = { nargs: e.args.length, names };
    const kwCalls = this.tables.program.kwCalls;
    kwCalls.push(site);
    this.emit(Op.CALL_KW, kwCalls.length - 1);
  }

  /** f(*args, **kwargs) and mixes with plain arguments: one args tuple and one kwargs dict. */
  private callEx(args: Expr[], keywords: Keyword[]): void {
    this.sequence(args, 'tuple');
    if (keywords.length === 0) {
      this.emit(Op.CALL_FUNCTION_EX, 0);
      return;
    }
    this.emit(Op.BUILD_MAP, 0);
    for (const k of keywords) {
      if (k.arg === null) {
        this.expr(k.value);
        this.emit(Op.DICT_MERGE);
      } else {
        this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'str', value: k.arg }));
        this.expr(k.value);
        this.emit(Op.BUILD_MAP, 1);
        this.emit(Op.DICT_MERGE);
      }
    }
    this.emit(Op.CALL_FUNCTION_EX, 1);
  }

  /** super() inside a method: super(__class__, first argument). False when there is no class cell to use. */
  private zeroArgSuper(): boolean {
    const scope = this.scope;
    if (scope.kind !== 'function' || !scope.frees.includes('__class__') || this.renames.has('super')) return false;
    if (this.access('super').how !== 'global') return false;
    this.loadName('super');
    this.emit(Op.LOAD_DEREF, this.locals.get('__class__')!);
    const first = scope.params[0];
    if (first === undefined) throw new SyntaxErrorAt('super(): no arguments', this.line, 1);
    this.loadName(first);
    this.emit(Op.CALL, 2);
    return true;
  }

  // ---- comprehensions ---------------------------------------------------------------------

  /** An annotation's value: evaluated, or its source text under `from __future__ import annotations`. */
  private annotationValue(e: Expr): void {
    if (!this.tables.stringAnnotations) return this.expr(e);
    this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'str', value: annotationText(e) ?? this.sourceText(e) }));
  }

  /** The source text of a node (the main program's lines). */
  private sourceText(e: Expr): string {
    const lines = this.tables.program.sourceLines;
    if (e.lineno === e.end_lineno) return lines[e.lineno - 1].slice(e.col_offset, e.end_col_offset);
    return [lines[e.lineno - 1].slice(e.col_offset), ...lines.slice(e.lineno, e.end_lineno - 1), lines[e.end_lineno - 1].slice(0, e.end_col_offset)].join('\n');
  }

  // ---- match --------------------------------------------------------------------------

  /**
   * A match statement: the subject in a hidden local, each case's pattern
   * tested in turn (the structural checks call the hidden module _match,
   * stdlib/match-support.ts), captures collected in hidden locals and bound
   * once the whole pattern has matched (the guard sees them, as in CPython).
   */
  private matchStatement(s: Extract<Stmt, { kind: 'Match' }>): void {
    checkMatchCases(s.cases);
    const saved = new Map(this.renames);
    const helper = this.hiddenName();
    this.emit(Op.IMPORT_NAME, this.tables.name('_match'));
    this.storeName(helper);
    const subject = this.hiddenName();
    this.expr(s.subject);
    this.storeName(subject);
    const end = this.label();
    for (const c of s.cases) {
      this.line = c.pattern.lineno;
      const fail = this.label();
      const binds = new Map<string, string>();
      this.pattern(c.pattern, subject, fail, binds, helper);
      for (const [name, hidden] of binds) {
        this.loadName(hidden);
        this.storeName(name);
      }
      if (c.guard) fail.uses.push(this.condJump(c.guard));
      this.compileStmts(c.body);
      this.jumpTo(Op.JUMP, end);
      this.place(fail);
    }
    this.place(end);
    this.renames = saved;
  }

  /** A fresh hidden local, reachable as a name (through renames) from synthesized expressions. */
  private hiddenName(): string {
    const name = `.match${this.localNames.length}`;
    this.renames.set(name, this.temp());
    return name;
  }

  /** Tests the value in hidden local `subject` against p, jumping to fail if it does not match. */
  private pattern(p: Pattern, subject: string, fail: Label, binds: Map<string, string>, helper: string): void {
    const at: Located = { lineno: p.lineno, col_offset: p.col_offset, end_lineno: p.end_lineno, end_col_offset: p.end_col_offset };
    const name = (id: string): Expr => ({ kind: 'Name', id, ctx: 'Load', ...at });
    const constant = (value: bigint | string | boolean | null): Expr => ({ kind: 'Constant', value, kind_: null, ...at });
    const compare = (left: Expr, op: CmpOperator, right: Expr): Expr => ({ kind: 'Compare', left, ops: [op], comparators: [right], ...at });
    const call = (fn: string, args: Expr[]): Expr => ({
      kind: 'Call', func: { kind: 'Attribute', value: name(helper), attr: fn, ctx: 'Load', ...at }, args, keywords: [], ...at,
    });
    const failUnless = (test: Expr) => fail.uses.push(this.condJump(test));
    const capture = (n: string) => {
      const hidden = this.hiddenName();
      this.loadName(subject);
      this.storeName(hidden);
      binds.set(n, hidden);
    };
    /** Runs the helper; on success matches sub-patterns against the items of the list it returned. */
    const structural = (test: Expr, subs: Pattern[], rest: string | null) => {
      const items = this.hiddenName();
      this.expr(test);
      this.storeName(items);
      failUnless(compare(name(items), 'IsNot', constant(null)));
      subs.forEach((q, i) => {
        if ((q.kind === 'MatchAs' && q.pattern === null && q.name === null) || (q.kind === 'MatchStar' && q.name === null)) return;
        const item = this.hiddenName();
        this.expr({ kind: 'Subscript', value: name(items), slice: constant(BigInt(i)), ctx: 'Load', ...at });
        this.storeName(item);
        this.pattern(q, item, fail, binds, helper);
      });
      if (rest !== null) {
        const item = this.hiddenName();
        this.expr({ kind: 'Subscript', value: name(items), slice: constant(BigInt(subs.length)), ctx: 'Load', ...at });
        this.storeName(item);
        binds.set(rest, item);
      }
    };
    switch (p.kind) {
      case 'MatchAs':
        if (p.pattern) this.pattern(p.pattern, subject, fail, binds, helper);
        if (p.name !== null) capture(p.name);
        return;
      case 'MatchStar':
        if (p.name !== null) capture(p.name);
        return;
      case 'MatchValue':
        failUnless(compare(name(subject), 'Eq', p.value));
        return;
      case 'MatchSingleton':
        failUnless(compare(name(subject), 'Is', constant(p.value)));
        return;
      case 'MatchSequence': {
        const star = p.patterns.findIndex((q) => q.kind === 'MatchStar');
        structural(call('sequence', [name(subject), constant(BigInt(p.patterns.length)), constant(BigInt(star))]), p.patterns, null);
        return;
      }
      case 'MatchMapping': {
        const keys: Expr = { kind: 'Tuple', elts: p.keys, ctx: 'Load', ...at };
        structural(call('mapping', [name(subject), keys, constant(p.rest !== null)]), p.patterns, p.rest);
        return;
      }
      case 'MatchClass': {
        const kw: Expr = { kind: 'Tuple', elts: p.kwd_attrs.map((a) => constant(a)), ctx: 'Load', ...at };
        structural(call('cls', [name(subject), p.cls, constant(BigInt(p.patterns.length)), kw]), [...p.patterns, ...p.kwd_patterns], null);
        return;
      }
      case 'MatchOr': {
        const ok = this.label();
        p.patterns.forEach((alt, i) => {
          const last = i === p.patterns.length - 1;
          const altFail = last ? fail : this.label();
          const altBinds = new Map<string, string>();
          this.pattern(alt, subject, altFail, altBinds, helper);
          for (const [n, hidden] of altBinds) {
            const target = binds.get(n);
            if (target === undefined) {
              binds.set(n, hidden);
            } else {
              this.loadName(hidden);
              this.storeName(target);
            }
          }
          if (!last) {
            this.jumpTo(Op.JUMP, ok);
            this.place(altFail);
          }
        });
        this.place(ok);
        return;
      }
    }
  }

  /** [elt for ...] compiled into this code: the result in a hidden local, loop variables renamed to hidden locals. */
  private inlineComprehension(e: Extract<Expr, { kind: 'ListComp' | 'SetComp' | 'DictComp' }>): void {
    const result = this.temp();
    if (e.kind === 'ListComp') this.emit(Op.BUILD_LIST, 0);
    else if (e.kind === 'SetComp') this.emit(Op.BUILD_SET, 0);
    else this.emit(Op.BUILD_MAP, 0);
    this.emit(Op.STORE_LOCAL, result);
    const saved = new Map(this.renames);
    this.comprehensionLevel(e, e.generators, 0, result, false);
    this.renames = saved;
    this.emit(Op.LOAD_LOCAL, result);
  }

  /** One `for` clause (and its `if`s) of a comprehension, nesting the next clauses inside. */
  private comprehensionLevel(e: Expr, gens: Comprehension[], i: number, result: number, firstIsIterator: boolean): void {
    const g = gens[i];
    if (i === 0 && firstIsIterator) {
      this.emit(Op.LOAD_LOCAL, 0);
    } else {
      this.expr(g.iter);
      this.emit(Op.GET_ITER);
    }
    const head = this.emit(Op.FOR_ITER);
    this.blockDepth++;
    if (firstIsIterator) {
      this.store(g.target);
    } else {
      const bind = (t: Expr) => {
        if (t.kind === 'Name') this.renames.set(t.id, this.temp());
        else if (t.kind === 'Tuple' || t.kind === 'List') t.elts.forEach(bind);
        else if (t.kind === 'Starred') bind(t.value);
      };
      bind(g.target);
      this.store(g.target);
    }
    const skips: number[] = [];
    for (const c of g.ifs) skips.push(this.condJump(c));
    if (i + 1 < gens.length) {
      this.comprehensionLevel(e, gens, i + 1, result, firstIsIterator);
    } else if (this.elementSink?.e === e) {
      skips.push(...this.elementSink.sink(i + 1));
    } else if (e.kind === 'GeneratorExp') {
      this.expr(e.elt);
      this.emit(Op.YIELD_VALUE);
      this.emit(Op.POP_TOP);
    } else {
      this.emit(Op.LOAD_LOCAL, result);
      if (e.kind === 'ListComp') {
        this.expr(e.elt);
        this.emit(Op.CALL_METHOD, (this.tables.name('append') << 8) | 1);
      } else if (e.kind === 'SetComp') {
        this.expr(e.elt);
        this.emit(Op.SET_ADD);
      } else if (e.kind === 'DictComp') {
        this.expr(e.key);
        this.expr(e.value);
        this.emit(Op.MAP_ADD);
      }
      this.emit(Op.POP_TOP);
    }
    this.blockDepth--;
    const back = this.emit(Op.JUMP_BACKWARD, head);
    for (const s of skips) this.patch(s, back);
    this.patch(head, this.here());
  }

  /**
   * `sum(x for ...)`, `any`, `all`, `min`, `max`, `list`, `tuple`, `sorted`, `set` of a
   * generator expression, and `"sep".join(x for ...)` (consumed-generators.ts):
   * the generator's loop compiled into this code (the loop variables hidden
   * locals, like an inline list comprehension), so no generator is made and
   * the loop runs (and is traced) like any other loop. A builtin consumer is
   * checked at run time to still be the builtin (`sum is <builtin sum>`);
   * otherwise a generator is made (valueCaptureGenerator) and called as
   * written. The consumers either take every element in order (sum, min,
   * max, set) or stop at the first that decides (any, all), as the builtins do;
   * list, tuple, sorted and join build the whole list first, as the builtins do.
   */
  /** What a consumer that is not the builtin gets: the generator as written (or the call a rewrite wrapped: consumed-generator-calls.ts). */
  private consumedArgument(g: Extract<Expr, { kind: 'GeneratorExp' }>): void {
    const call = wrappedCallOf(g);
    if (call !== null) this.expr(call);
    else this.valueCaptureGenerator(g);
  }

  private consumedGenerator(e: Extract<Expr, { kind: 'Call' }>): boolean {
    const g = consumedGeneratorOf(e);
    if (g === null || !this.tables.scopes.inline.has(g)) return false;
    const f = e.func;
    const builtin = f.kind === 'Name' && !this.renames.has(f.id) && this.access(f.id).how === 'global' ? f.id : null;
    if (builtin === null && f.kind === 'Name') {
      // A local or enclosing `sum`: whatever it is gets a generator.
      this.expr(f);
      this.consumedArgument(g);
      this.emit(Op.CALL, 1);
      return true;
    }
    const r = this.temp();
    const done = this.label();
    const fallback = this.label();
    if (builtin !== null) {
      this.loadName(builtin);
      this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'builtin', name: builtin }));
      this.emit(Op.COMPARE_OP, CompareOp.IS);
      this.jumpTo(Op.POP_JUMP_IF_FALSE, fallback);
    } else {
      this.expr((f as Extract<Expr, { kind: 'Attribute' }>).value);
    }
    const consumer = builtin ?? 'join';
    const constant = (spec: ConstantSpec) => this.emit(Op.LOAD_CONST, this.tables.constant(spec));
    const first = consumer === 'min' || consumer === 'max' ? this.temp() : -1;
    const item = first >= 0 ? this.temp() : -1;
    if (consumer === 'sum') constant({ kind: 'int', value: 0n });
    else if (consumer === 'any') constant({ kind: 'bool', value: false });
    else if (consumer === 'all') constant({ kind: 'bool', value: true });
    else if (first >= 0) constant({ kind: 'bool', value: true });
    else this.emit(consumer === 'set' ? Op.BUILD_SET : Op.BUILD_LIST, 0);
    this.emit(Op.STORE_LOCAL, first >= 0 ? first : r);
    const outerSink = this.elementSink;
    this.elementSink = { e: g, sink: (iterators) => {
      this.elementSink = null;
      const skips: number[] = [];
      if (consumer === 'sum') {
        this.emit(Op.LOAD_LOCAL, r);
        this.expr(g.elt);
        this.emit(Op.BINARY_OP, BinaryOp.ADD);
        this.emit(Op.STORE_LOCAL, r);
      } else if (consumer === 'any' || consumer === 'all') {
        this.expr(g.elt);
        skips.push(this.emit(consumer === 'any' ? Op.POP_JUMP_IF_FALSE : Op.POP_JUMP_IF_TRUE));
        for (let k = 0; k < iterators; k++) this.emit(Op.POP_TOP);
        constant({ kind: 'bool', value: consumer === 'any' });
        this.emit(Op.STORE_LOCAL, r);
        this.jumpTo(Op.JUMP, done);
      } else if (first >= 0) {
        // Like the builtin: the first element, then each one strictly less (greater) than the best so far.
        this.expr(g.elt);
        this.emit(Op.STORE_LOCAL, item);
        const take = this.label();
        this.emit(Op.LOAD_LOCAL, first);
        this.jumpTo(Op.POP_JUMP_IF_TRUE, take);
        this.emit(Op.LOAD_LOCAL, item);
        this.emit(Op.LOAD_LOCAL, r);
        this.emit(Op.COMPARE_OP, consumer === 'min' ? CompareOp.LT : CompareOp.GT);
        skips.push(this.emit(Op.POP_JUMP_IF_FALSE));
        this.place(take);
        this.emit(Op.LOAD_LOCAL, item);
        this.emit(Op.STORE_LOCAL, r);
        constant({ kind: 'bool', value: false });
        this.emit(Op.STORE_LOCAL, first);
      } else {
        // set() adds each element as it comes (hashing interleaved with the generator's work, as the builtin).
        this.emit(Op.LOAD_LOCAL, r);
        this.expr(g.elt);
        if (consumer === 'set') this.emit(Op.SET_ADD);
        else this.emit(Op.CALL_METHOD, (this.tables.name('append') << 8) | 1);
        this.emit(Op.POP_TOP);
      }
      return skips;
    } };
    const saved = new Map(this.renames);
    try {
      this.comprehensionLevel(g, g.generators, 0, -1, false);
    } finally {
      this.renames = saved;
      this.elementSink = outerSink;
    }
    if (first >= 0) {
      // No element: the builtin's ValueError.
      this.emit(Op.LOAD_LOCAL, first);
      this.jumpTo(Op.POP_JUMP_IF_FALSE, done);
      constant({ kind: 'builtin', name: 'ValueError' });
      constant({ kind: 'str', value: `${consumer}() arg is an empty sequence` });
      this.emit(Op.CALL, 1);
      this.emit(Op.RAISE_VARARGS, 1);
    } else if (consumer === 'tuple') {
      this.emit(Op.LOAD_LOCAL, r);
      this.emit(Op.LIST_TO_TUPLE);
      this.emit(Op.STORE_LOCAL, r);
    } else if (consumer === 'sorted') {
      this.emit(Op.LOAD_LOCAL, r);
      this.emit(Op.CALL_METHOD, this.tables.name('sort') << 8);
      this.emit(Op.POP_TOP);
    } else if (consumer === 'join') {
      this.emit(Op.LOAD_LOCAL, r);
      this.emit(Op.CALL_METHOD, (this.tables.name('join') << 8) | 1);
      this.emit(Op.STORE_LOCAL, r);
    }
    if (builtin !== null) {
      this.jumpTo(Op.JUMP, done);
      this.place(fallback);
      this.expr(e.func);
      this.consumedArgument(g);
      this.emit(Op.CALL, 1);
      this.emit(Op.STORE_LOCAL, r);
    }
    this.place(done);
    this.emit(Op.LOAD_LOCAL, r);
    return true;
  }

  /**
   * The generator a consumed generator expression (analyzed inline, so without a
   * scope of its own) becomes when its consumer is not the builtin: a generator
   * function of the first iterator and of the values of this code's variables it
   * reads, passed as arguments (the variables are plain locals here, not cells;
   * the generator sees their values as of its creation), made and applied to them.
   */
  private valueCaptureGenerator(g: Extract<Expr, { kind: 'GeneratorExp' }>): void {
    const targets = new Set<string>();
    const reads: string[] = [];
    const visit = (x: unknown, store: boolean): void => {
      if (x === null || typeof x !== 'object') return;
      if (Array.isArray(x)) return x.forEach((y) => visit(y, store));
      const n = x as { kind?: string; id?: string };
      if (n.kind === 'Name' && n.id !== undefined) {
        if (store) targets.add(n.id);
        else if (!reads.includes(n.id)) reads.push(n.id);
        return;
      }
      for (const k in n) if (k !== 'kind') visit((n as Record<string, unknown>)[k], store);
    };
    g.generators.forEach((c, i) => {
      visit(c.target, true);
      if (i > 0) visit(c.iter, false);
      visit(c.ifs, false);
    });
    visit(g.elt, false);
    const captured = reads.filter((n) => !targets.has(n) && this.access(n).how !== 'global' && this.access(n).how !== 'name');
    const scope = new Scope('function', '<genexpr>', g, null);
    scope.params.push('.0', ...captured);
    for (const t of targets) if (!captured.includes(t)) scope.bind(t);
    for (const n of [...reads, ...targets]) scope.used.add(n);
    scope.isGenerator = true;
    const index = this.tables.newCode();
    const fn = new CodeCompiler(this.tables, scope, '<genexpr>', this.qualnameOf('<genexpr>'), null);
    fn.line = g.lineno;
    fn.prologue();
    fn.comprehensionLevel(g, g.generators, 0, -1, true);
    fn.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'none' }));
    fn.emit(Op.RETURN_VALUE);
    this.tables.program.codes[index] = fn.finishCode(index, g.lineno);
    this.emit(Op.MAKE_FUNCTION, index << 4);
    this.expr(g.generators[0].iter);
    this.emit(Op.GET_ITER);
    for (const n of captured) this.loadName(n);
    this.emit(Op.CALL, 1 + captured.length);
  }

  /** A generator expression, or a comprehension that needs its own scope: a function called with the first iterator. */
  private comprehensionFunction(e: Extract<Expr, { kind: 'ListComp' | 'SetComp' | 'DictComp' | 'GeneratorExp' }>): void {
    const scope = this.tables.scopes.scopeOf.get(e)!;
    const index = this.tables.newCode();
    const fn = new CodeCompiler(this.tables, scope, scope.name, this.qualnameOf(scope.name), null);
    fn.line = e.lineno;
    fn.prologue();
    if (e.kind === 'GeneratorExp') {
      fn.comprehensionLevel(e, e.generators, 0, -1, true);
      fn.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'none' }));
      fn.emit(Op.RETURN_VALUE);
    } else {
      const result = fn.temp();
      fn.emit(e.kind === 'ListComp' ? Op.BUILD_LIST : e.kind === 'SetComp' ? Op.BUILD_SET : Op.BUILD_MAP, 0);
      fn.emit(Op.STORE_LOCAL, result);
      fn.comprehensionLevel(e, e.generators, 0, result, true);
      fn.emit(Op.LOAD_LOCAL, result);
      fn.emit(Op.RETURN_VALUE);
    }
    this.tables.program.codes[index] = fn.finishCode(index, e.lineno);
    if (scope.frees.length > 0) {
      for (const f of scope.frees) this.emit(Op.LOAD_CLOSURE, this.closureSlot(f));
      this.emit(Op.BUILD_TUPLE, scope.frees.length);
      this.emit(Op.MAKE_FUNCTION, (index << 4) | FN_CLOSURE);
    } else {
      this.emit(Op.MAKE_FUNCTION, index << 4);
    }
    this.expr(e.generators[0].iter);
    this.emit(Op.GET_ITER);
    this.emit(Op.CALL, 1);
  }
}

function containsNamedExpr(e: Expr): boolean {
  return JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? 0 : v)).includes('"NamedExpr"');
}

function describe(e: Expr): string {
  switch (e.kind) {
    case 'Call': return 'function call';
    case 'Constant': return 'literal';
    case 'Tuple': return 'tuple';
    case 'List': return 'list';
    case 'Attribute': return 'attribute';
    case 'Subscript': return 'subscript';
    case 'Lambda': return 'lambda';
    case 'BinOp': case 'UnaryOp': case 'BoolOp': return 'expression';
    case 'Compare': return 'comparison';
    case 'Starred': return 'starred';
    default: return 'expression';
  }
}

/** Deepest stack reachable, by walking every path (structured code keeps depths consistent). */
function computeMaxStack(code: Int32Array, kwCalls: KwCallSite[], exceptionTable: Int32Array): number {
  const n = code.length / 2;
  const depth = new Int32Array(n).fill(-1);
  const work: number[] = [0];
  depth[0] = 0;
  let max = 0;
  const visit = (pc: number, d: number) => {
    if (pc >= n) return;
    if (depth[pc] === -1) { depth[pc] = d; work.push(pc); }
  };
  // Handlers start with the exception pushed onto the entry's depth.
  for (let i = 0; i < exceptionTable.length; i += 4) visit(exceptionTable[i + 2], exceptionTable[i + 3] + 1);
  while (work.length > 0) {
    const pc = work.pop()!;
    const op = code[2 * pc];
    const arg = code[2 * pc + 1];
    const d = depth[pc];
    const kwArgs = op === Op.CALL_KW ? kwCalls[arg].nargs + kwCalls[arg].names.length : 0;
    // Inputs are read before outputs are written; account for the highest point.
    const fall = d + stackEffect(op, arg, false, kwArgs);
    max = Math.max(max, d, fall);
    if (isJump(op)) visit(arg, d + stackEffect(op, arg, true, kwArgs));
    if (!isTerminator(op)) visit(pc + 1, fall);
  }
  return max + 2;
}

export { BinaryOp, CompareOp };
