// The abstract syntax tree the parser produces and the compiler consumes.
// Every node carries the position of its first token.

export interface Pos { line: number; col: number }

export type Expr =
  | (Pos & { kind: 'int'; value: bigint })
  | (Pos & { kind: 'float'; value: number })
  | (Pos & { kind: 'str'; value: string })
  | (Pos & { kind: 'const'; value: true | false | null })
  | (Pos & { kind: 'name'; id: string })
  | (Pos & { kind: 'binop'; op: number; left: Expr; right: Expr })
  | (Pos & { kind: 'unary'; op: number; operand: Expr })
  | (Pos & { kind: 'boolop'; op: 'and' | 'or'; values: Expr[] })
  | (Pos & { kind: 'compare'; left: Expr; ops: number[]; comparators: Expr[] })
  | (Pos & { kind: 'call'; func: Expr; args: Expr[]; keywords: { name: string; value: Expr }[] })
  | (Pos & { kind: 'attribute'; value: Expr; attr: string })
  | (Pos & { kind: 'subscript'; value: Expr; index: Expr })
  | (Pos & { kind: 'slice'; lower: Expr | null; upper: Expr | null; step: Expr | null })
  | (Pos & { kind: 'list'; elts: Expr[] })
  | (Pos & { kind: 'tuple'; elts: Expr[] })
  | (Pos & { kind: 'ifexp'; test: Expr; body: Expr; orelse: Expr })
  | (Pos & { kind: 'listcomp'; elt: Expr; target: Expr; iter: Expr; conds: Expr[] });

export type Stmt =
  | (Pos & { kind: 'expr'; value: Expr })
  | (Pos & { kind: 'assign'; targets: Expr[]; value: Expr })
  | (Pos & { kind: 'augassign'; target: Expr; op: number; value: Expr })
  | (Pos & { kind: 'if'; test: Expr; body: Stmt[]; orelse: Stmt[] })
  | (Pos & { kind: 'while'; test: Expr; body: Stmt[] })
  | (Pos & { kind: 'for'; target: Expr; iter: Expr; body: Stmt[] })
  | (Pos & { kind: 'break' })
  | (Pos & { kind: 'continue' })
  | (Pos & { kind: 'pass' })
  | (Pos & { kind: 'return'; value: Expr | null })
  | (Pos & { kind: 'def'; name: string; params: string[]; body: Stmt[] })
  | (Pos & { kind: 'global'; names: string[] })
  | (Pos & { kind: 'import'; module: string; alias: string });
