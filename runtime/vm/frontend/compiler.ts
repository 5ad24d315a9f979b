// Compiles the AST to stack bytecode. Scoping follows Python: in a function,
// a name that is assigned (and not declared `global`) is local; everything
// else is global, with builtins pre-bound in the globals array.
import type { Expr, Stmt } from './ast.ts';
import { BinaryOp, CompareOp, Op, UnaryOp, isJump, isTerminator, stackEffect } from './bytecode.ts';
import { parse } from './parser.ts';
import type { CodeObject, ConstantSpec, KwCallSite, Program } from './program.ts';
import { SyntaxErrorAt } from './syntax-error.ts';

export function compileProgram(source: string): Program {
  const body = parse(source);
  const program: Program = { codes: [], constants: [], globalNames: [], names: [], kwCalls: [], sourceLines: source.split('\n') };
  const tables = new Tables(program);
  program.codes.push(null as unknown as CodeObject); // module is codes[0], filled last
  const module = new CodeCompiler(tables, '<module>', [], null);
  module.compileBody(body);
  program.codes[0] = module.finish(0);
  return program;
}

/** Expression kinds that are literals: evaluating one again gives the same value. */
const LITERALS = new Set<Expr['kind']>(['int', 'float', 'str', 'const']);

class Tables {
  private constKeys = new Map<string, number>();
  private globalSlots = new Map<string, number>();
  private nameSlots = new Map<string, number>();
  constructor(readonly program: Program) {}

  constant(spec: ConstantSpec): number {
    const key = spec.kind === 'int' ? `i${spec.value}` : spec.kind === 'float' ? `f${Object.is(spec.value, -0) ? '-0' : spec.value}`
      : spec.kind === 'str' ? `s${spec.value}` : spec.kind === 'bool' ? `b${spec.value}` : spec.kind === 'none' ? 'n' : `c${spec.codeIndex}`;
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
}

interface LoopContext {
  head: number;
  breaks: number[];
  isFor: boolean;
}

class CodeCompiler {
  private code: number[] = [];
  private lines: number[] = [];
  private line = 1;
  private locals = new Map<string, number>();
  private localNames: string[] = [];
  private globals = new Set<string>();
  private loops: LoopContext[] = [];
  /** Comprehension variables, renamed to hidden locals while their comprehension compiles. */
  private renames = new Map<string, number>();
  private readonly isModule: boolean;

  constructor(private readonly tables: Tables, private readonly name: string, private readonly params: string[], body: Stmt[] | null) {
    this.isModule = body === null;
    for (const p of params) this.addLocal(p);
    if (body !== null) this.scanScope(body);
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

  /** Finds the function's locals: assigned names not declared global. */
  private scanScope(body: Stmt[]): void {
    const assigned: string[] = [];
    const addTarget = (t: Expr) => {
      if (t.kind === 'name') assigned.push(t.id);
      else if (t.kind === 'tuple' || t.kind === 'list') t.elts.forEach(addTarget);
    };
    const visit = (stmts: Stmt[]) => {
      for (const s of stmts) {
        switch (s.kind) {
          case 'assign': s.targets.forEach(addTarget); break;
          case 'augassign': addTarget(s.target); break;
          case 'for': addTarget(s.target); visit(s.body); break;
          case 'while': visit(s.body); break;
          case 'if': visit(s.body); visit(s.orelse); break;
          case 'def': assigned.push(s.name); break;
          case 'import': assigned.push(s.alias); break;
          case 'global':
            for (const n of s.names) {
              if (this.params.includes(n)) throw new SyntaxErrorAt(`name '${n}' is parameter and global`, s.line, s.col);
              this.globals.add(n);
            }
            break;
          default: break;
        }
      }
    };
    visit(body);
    for (const n of assigned) if (!this.globals.has(n)) this.addLocal(n);
  }

  private emit(op: number, arg = 0): number {
    this.code.push(op, arg);
    this.lines.push(this.line);
    return this.lines.length - 1;
  }

  private here(): number { return this.lines.length; }
  private patch(at: number, target: number): void { this.code[2 * at + 1] = target; }

  compileBody(body: Stmt[]): void {
    for (const s of body) this.stmt(s);
  }

  finish(index: number): CodeObject {
    this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'none' }));
    this.emit(Op.RETURN_VALUE);
    const code = Int32Array.from(this.code);
    return {
      index, name: this.name, argcount: this.params.length, nlocals: this.localNames.length,
      localNames: this.localNames, code, lines: Int32Array.from(this.lines),
      maxStack: computeMaxStack(code, this.tables.program.kwCalls),
    };
  }

  private stmt(s: Stmt): void {
    this.line = s.line;
    switch (s.kind) {
      case 'expr':
        this.expr(s.value);
        this.emit(Op.POP_TOP);
        break;
      case 'assign':
        this.expr(s.value);
        for (let i = 0; i < s.targets.length; i++) {
          if (i < s.targets.length - 1) this.emit(Op.DUP_TOP);
          this.store(s.targets[i]);
        }
        break;
      case 'augassign': this.augAssign(s.target, s.op, s.value); break;
      case 'if': {
        const toElse = this.condJump(s.test);
        this.compileBody(s.body);
        if (s.orelse.length > 0) {
          const toEnd = this.emit(Op.JUMP);
          this.patch(toElse, this.here());
          this.compileBody(s.orelse);
          this.patch(toEnd, this.here());
        } else {
          this.patch(toElse, this.here());
        }
        break;
      }
      case 'while': {
        const head = this.here();
        const alwaysTrue = s.test.kind === 'const' && s.test.value === true;
        const exit = alwaysTrue ? -1 : this.condJump(s.test);
        const loop: LoopContext = { head, breaks: [], isFor: false };
        this.loops.push(loop);
        this.compileBody(s.body);
        this.loops.pop();
        this.line = s.line;
        this.emit(Op.JUMP_BACKWARD, head);
        const end = this.here();
        if (exit >= 0) this.patch(exit, end);
        for (const b of loop.breaks) this.patch(b, end);
        break;
      }
      case 'for': {
        this.expr(s.iter);
        this.emit(Op.GET_ITER);
        const head = this.emit(Op.FOR_ITER);
        this.store(s.target);
        const loop: LoopContext = { head, breaks: [], isFor: true };
        this.loops.push(loop);
        this.compileBody(s.body);
        this.loops.pop();
        this.line = s.line;
        this.emit(Op.JUMP_BACKWARD, head);
        const end = this.here();
        this.patch(head, end);
        for (const b of loop.breaks) this.patch(b, end);
        break;
      }
      case 'break': {
        const loop = this.loops[this.loops.length - 1];
        if (!loop) throw new SyntaxErrorAt("'break' outside loop", s.line, s.col);
        if (loop.isFor) this.emit(Op.POP_TOP); // the iterator
        loop.breaks.push(this.emit(Op.JUMP));
        break;
      }
      case 'continue': {
        const loop = this.loops[this.loops.length - 1];
        if (!loop) throw new SyntaxErrorAt("'continue' not properly in loop", s.line, s.col);
        this.emit(Op.JUMP_BACKWARD, loop.head);
        break;
      }
      case 'pass': break;
      case 'return':
        if (this.isModule) throw new SyntaxErrorAt("'return' outside function", s.line, s.col);
        if (s.value) this.expr(s.value);
        else this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'none' }));
        this.emit(Op.RETURN_VALUE);
        break;
      case 'def': {
        if (!this.isModule) throw new SyntaxErrorAt('nested functions are not supported', s.line, s.col);
        const program = this.tables.program;
        const index = program.codes.length;
        program.codes.push(null as unknown as CodeObject);
        const fn = new CodeCompiler(this.tables, s.name, s.params, s.body);
        fn.line = s.line;
        fn.compileBody(s.body);
        program.codes[index] = fn.finish(index);
        this.line = s.line;
        this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'function', codeIndex: index }));
        this.storeName(s.name);
        break;
      }
      case 'global':
        if (this.isModule) break;
        break;
      case 'import':
        if (!['math', 'random', 'time', 'bisect'].includes(s.module)) {
          throw new SyntaxErrorAt(`only 'import math', 'random', 'time' and 'bisect' are supported`, s.line, s.col);
        }
        this.emit(Op.IMPORT_NAME, this.tables.name(s.module));
        this.storeName(s.alias);
        break;
    }
  }

  private augAssign(target: Expr, op: number, value: Expr): void {
    if (target.kind === 'name') {
      this.loadName(target.id);
      this.expr(value);
      this.emit(Op.BINARY_OP, op);
      this.storeName(target.id);
      return;
    }
    if (target.kind !== 'subscript' || target.index.kind === 'slice') {
      throw new SyntaxErrorAt('illegal expression for augmented assignment', target.line, target.col);
    }
    if (this.isLocalName(target.value) && (this.isLocalName(target.index) || LITERALS.has(target.index.kind))) {
      // A local or a literal read twice is the same object both times: nothing in
      // `value` can rebind a local of this function (the language has no
      // closures or assignment expressions), so no hidden locals are needed,
      // and a trace reads the list straight from its local.
      this.expr(target.value);
      this.expr(target.index);
      this.emit(Op.BINARY_SUBSCR);
      this.expr(value);
      this.emit(Op.BINARY_OP, op);
      this.expr(target.value);
      this.expr(target.index);
      this.emit(Op.STORE_SUBSCR);
      return;
    }
    // container[index] op= value, evaluating container and index once.
    const container = this.temp();
    const index = this.temp();
    this.expr(target.value);
    this.emit(Op.STORE_LOCAL, container);
    this.expr(target.index);
    this.emit(Op.STORE_LOCAL, index);
    this.emit(Op.LOAD_LOCAL, container);
    this.emit(Op.LOAD_LOCAL, index);
    this.emit(Op.BINARY_SUBSCR);
    this.expr(value);
    this.emit(Op.BINARY_OP, op);
    this.emit(Op.LOAD_LOCAL, container);
    this.emit(Op.LOAD_LOCAL, index);
    this.emit(Op.STORE_SUBSCR);
  }

  /** Evaluates a condition and emits a jump taken when it is false; returns the jump to patch. */
  private condJump(test: Expr): number {
    if (test.kind === 'unary' && test.op === UnaryOp.NOT) {
      this.expr(test.operand);
      return this.emit(Op.POP_JUMP_IF_TRUE);
    }
    this.expr(test);
    return this.emit(Op.POP_JUMP_IF_FALSE);
  }

  private loadName(id: string): void {
    const renamed = this.renames.get(id);
    if (renamed !== undefined) { this.emit(Op.LOAD_LOCAL, renamed); return; }
    const local = this.isModule ? undefined : this.locals.get(id);
    if (local !== undefined) this.emit(Op.LOAD_LOCAL, local);
    else this.emit(Op.LOAD_GLOBAL, this.tables.global(id));
  }

  /** Whether `e` names a local of the function being compiled (or a comprehension's renamed variable). */
  private isLocalName(e: Expr): boolean {
    return e.kind === 'name' && (this.renames.has(e.id) || (!this.isModule && this.locals.has(e.id)));
  }

  private storeName(id: string): void {
    const renamed = this.renames.get(id);
    if (renamed !== undefined) { this.emit(Op.STORE_LOCAL, renamed); return; }
    const local = this.isModule ? undefined : this.locals.get(id);
    if (local !== undefined) this.emit(Op.STORE_LOCAL, local);
    else this.emit(Op.STORE_GLOBAL, this.tables.global(id));
  }

  private store(target: Expr): void {
    switch (target.kind) {
      case 'name': this.storeName(target.id); break;
      case 'subscript':
        if (target.index.kind === 'slice') throw new SyntaxErrorAt('slice assignment is not supported', target.line, target.col);
        this.expr(target.value);
        this.expr(target.index);
        this.emit(Op.STORE_SUBSCR);
        break;
      case 'tuple': case 'list':
        this.emit(Op.UNPACK_SEQUENCE, target.elts.length);
        for (const e of target.elts) this.store(e);
        break;
      default:
        throw new SyntaxErrorAt('cannot assign to expression', target.line, target.col);
    }
  }

  private expr(e: Expr): void {
    const line = this.line;
    if (e.line > this.line) this.line = e.line;
    this.exprInner(e);
    this.line = line;
  }

  private exprInner(e: Expr): void {
    switch (e.kind) {
      case 'int': this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'int', value: e.value })); break;
      case 'float': this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'float', value: e.value })); break;
      case 'str': this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'str', value: e.value })); break;
      case 'const':
        this.emit(Op.LOAD_CONST, this.tables.constant(e.value === null ? { kind: 'none' } : { kind: 'bool', value: e.value }));
        break;
      case 'name': this.loadName(e.id); break;
      case 'binop':
        this.expr(e.left);
        this.expr(e.right);
        this.emit(Op.BINARY_OP, e.op);
        break;
      case 'unary':
        // Fold negative literals so `-5` and `-2**63` behave as constants.
        if (e.op === UnaryOp.NEGATIVE && e.operand.kind === 'int') {
          this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'int', value: -e.operand.value }));
          break;
        }
        if (e.op === UnaryOp.NEGATIVE && e.operand.kind === 'float') {
          this.emit(Op.LOAD_CONST, this.tables.constant({ kind: 'float', value: -e.operand.value }));
          break;
        }
        this.expr(e.operand);
        this.emit(Op.UNARY, e.op);
        break;
      case 'boolop': {
        const jumps: number[] = [];
        for (let i = 0; i < e.values.length; i++) {
          this.expr(e.values[i]);
          if (i < e.values.length - 1) jumps.push(this.emit(e.op === 'and' ? Op.JUMP_IF_FALSE_OR_POP : Op.JUMP_IF_TRUE_OR_POP));
        }
        for (const j of jumps) this.patch(j, this.here());
        break;
      }
      case 'compare': {
        this.expr(e.left);
        if (e.ops.length === 1) {
          this.expr(e.comparators[0]);
          this.emit(Op.COMPARE_OP, e.ops[0]);
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
          this.emit(Op.COMPARE_OP, e.ops[i]);
          if (i < e.ops.length - 1) jumps.push(this.emit(Op.JUMP_IF_FALSE_OR_POP));
        }
        for (const j of jumps) this.patch(j, this.here());
        break;
      }
      case 'call': this.call(e); break;
      case 'attribute':
        this.expr(e.value);
        this.emit(Op.LOAD_ATTR, this.tables.name(e.attr));
        break;
      case 'subscript':
        this.expr(e.value);
        if (e.index.kind === 'slice') {
          const none = this.tables.constant({ kind: 'none' });
          for (const part of [e.index.lower, e.index.upper]) {
            if (part) this.expr(part);
            else this.emit(Op.LOAD_CONST, none);
          }
          if (e.index.step) {
            this.expr(e.index.step);
            this.emit(Op.BINARY_SLICE, 3);
          } else {
            this.emit(Op.BINARY_SLICE, 2);
          }
        } else {
          this.expr(e.index);
          this.emit(Op.BINARY_SUBSCR);
        }
        break;
      case 'slice': throw new SyntaxErrorAt('invalid syntax', e.line, e.col);
      case 'list':
        for (const x of e.elts) this.expr(x);
        this.emit(Op.BUILD_LIST, e.elts.length);
        break;
      case 'tuple':
        for (const x of e.elts) this.expr(x);
        this.emit(Op.BUILD_TUPLE, e.elts.length);
        break;
      case 'ifexp': {
        const toElse = this.condJump(e.test);
        this.expr(e.body);
        const toEnd = this.emit(Op.JUMP);
        this.patch(toElse, this.here());
        this.expr(e.orelse);
        this.patch(toEnd, this.here());
        break;
      }
      case 'listcomp': this.listComprehension(e); break;
    }
  }

  private call(e: Extract<Expr, { kind: 'call' }>): void {
    if (e.func.kind === 'attribute' && e.keywords.length === 0) {
      this.expr(e.func.value);
      for (const a of e.args) this.expr(a);
      if (e.args.length > 255) throw new SyntaxErrorAt('too many arguments', e.line, e.col);
      this.emit(Op.CALL_METHOD, (this.tables.name(e.func.attr) << 8) | e.args.length);
      return;
    }
    this.expr(e.func);
    for (const a of e.args) this.expr(a);
    if (e.keywords.length === 0) {
      this.emit(Op.CALL, e.args.length);
      return;
    }
    for (const k of e.keywords) this.expr(k.value);
    const site: KwCallSite = { nargs: e.args.length, names: e.keywords.map((k) => k.name) };
    const kwCalls = this.tables.program.kwCalls;
    kwCalls.push(site);
    this.emit(Op.CALL_KW, kwCalls.length - 1);
  }

  private listComprehension(e: Extract<Expr, { kind: 'listcomp' }>): void {
    const result = this.temp();
    this.emit(Op.BUILD_LIST, 0);
    this.emit(Op.STORE_LOCAL, result);
    this.expr(e.iter);
    this.emit(Op.GET_ITER);
    const head = this.emit(Op.FOR_ITER);
    const saved = new Map(this.renames);
    const bind = (t: Expr) => {
      if (t.kind === 'name') this.renames.set(t.id, this.temp());
      else if (t.kind === 'tuple' || t.kind === 'list') t.elts.forEach(bind);
    };
    bind(e.target);
    this.store(e.target);
    const skips: number[] = [];
    for (const c of e.conds) skips.push(this.condJump(c));
    this.emit(Op.LOAD_LOCAL, result);
    this.expr(e.elt);
    this.emit(Op.CALL_METHOD, (this.tables.name('append') << 8) | 1);
    this.emit(Op.POP_TOP);
    const back = this.emit(Op.JUMP_BACKWARD, head);
    for (const s of skips) this.patch(s, back);
    this.renames = saved;
    this.patch(head, this.here());
    this.emit(Op.LOAD_LOCAL, result);
  }
}

/** Deepest stack reachable, by walking every path (structured code keeps depths consistent). */
function computeMaxStack(code: Int32Array, kwCalls: KwCallSite[]): number {
  const n = code.length / 2;
  const depth = new Int32Array(n).fill(-1);
  const work: number[] = [0];
  depth[0] = 0;
  let max = 0;
  const visit = (pc: number, d: number) => {
    if (pc >= n) return;
    if (depth[pc] === -1) { depth[pc] = d; work.push(pc); }
  };
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
