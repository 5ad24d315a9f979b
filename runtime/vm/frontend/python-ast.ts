// The abstract syntax tree of Python 3.11, node for node and field for field
// as CPython's `ast` module has it (https://docs.python.org/3.11/library/ast.html),
// so that the parser can be checked against `python3 -c "import ast"` by a
// plain structural comparison (test/helpers/python-ast-dump.py prints CPython's
// tree in this shape). `kind` is the CPython class name; operators, contexts and
// the other enum-like singletons are their class names as strings.
//
// Positions are CPython's: `lineno`/`end_lineno` 1-based, `col_offset`/
// `end_col_offset` 0-based UTF-8 byte offsets into the line.

export interface Located {
  lineno: number;
  col_offset: number;
  end_lineno: number;
  end_col_offset: number;
}

/** The value of a Constant: int is a bigint, float a number. */
export type ConstantValue =
  | bigint
  | number
  | string
  | boolean
  | null
  | { ellipsis: true }
  | { bytes: Uint8Array }
  | { imag: number };

export type ExprContext = 'Load' | 'Store' | 'Del';
export type BoolOperator = 'And' | 'Or';
export type Operator =
  | 'Add' | 'Sub' | 'Mult' | 'MatMult' | 'Div' | 'Mod' | 'Pow'
  | 'LShift' | 'RShift' | 'BitOr' | 'BitXor' | 'BitAnd' | 'FloorDiv';
export type UnaryOperator = 'Invert' | 'Not' | 'UAdd' | 'USub';
export type CmpOperator = 'Eq' | 'NotEq' | 'Lt' | 'LtE' | 'Gt' | 'GtE' | 'Is' | 'IsNot' | 'In' | 'NotIn';

export interface Module { kind: 'Module'; body: Stmt[]; type_ignores: [] }

export type Stmt = Located & (
  | { kind: 'FunctionDef'; name: string; args: Arguments; body: Stmt[]; decorator_list: Expr[]; returns: Expr | null; type_comment: null }
  | { kind: 'AsyncFunctionDef'; name: string; args: Arguments; body: Stmt[]; decorator_list: Expr[]; returns: Expr | null; type_comment: null }
  | { kind: 'ClassDef'; name: string; bases: Expr[]; keywords: Keyword[]; body: Stmt[]; decorator_list: Expr[] }
  | { kind: 'Return'; value: Expr | null }
  | { kind: 'Delete'; targets: Expr[] }
  | { kind: 'Assign'; targets: Expr[]; value: Expr; type_comment: null }
  | { kind: 'AugAssign'; target: Expr; op: Operator; value: Expr }
  | { kind: 'AnnAssign'; target: Expr; annotation: Expr; value: Expr | null; simple: number }
  | { kind: 'For'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; type_comment: null }
  | { kind: 'AsyncFor'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; type_comment: null }
  | { kind: 'While'; test: Expr; body: Stmt[]; orelse: Stmt[] }
  | { kind: 'If'; test: Expr; body: Stmt[]; orelse: Stmt[] }
  | { kind: 'With'; items: WithItem[]; body: Stmt[]; type_comment: null }
  | { kind: 'AsyncWith'; items: WithItem[]; body: Stmt[]; type_comment: null }
  | { kind: 'Match'; subject: Expr; cases: MatchCase[] }
  | { kind: 'Raise'; exc: Expr | null; cause: Expr | null }
  | { kind: 'Try'; body: Stmt[]; handlers: ExceptHandler[]; orelse: Stmt[]; finalbody: Stmt[] }
  | { kind: 'TryStar'; body: Stmt[]; handlers: ExceptHandler[]; orelse: Stmt[]; finalbody: Stmt[] }
  | { kind: 'Assert'; test: Expr; msg: Expr | null }
  | { kind: 'Import'; names: Alias[] }
  | { kind: 'ImportFrom'; module: string | null; names: Alias[]; level: number }
  | { kind: 'Global'; names: string[] }
  | { kind: 'Nonlocal'; names: string[] }
  | { kind: 'Expr'; value: Expr }
  | { kind: 'Pass' }
  | { kind: 'Break' }
  | { kind: 'Continue' }
);

export type Expr = Located & (
  | { kind: 'BoolOp'; op: BoolOperator; values: Expr[] }
  | { kind: 'NamedExpr'; target: Expr; value: Expr }
  | { kind: 'BinOp'; left: Expr; op: Operator; right: Expr }
  | { kind: 'UnaryOp'; op: UnaryOperator; operand: Expr }
  | { kind: 'Lambda'; args: Arguments; body: Expr }
  | { kind: 'IfExp'; test: Expr; body: Expr; orelse: Expr }
  | { kind: 'Dict'; keys: (Expr | null)[]; values: Expr[] }
  | { kind: 'Set'; elts: Expr[] }
  | { kind: 'ListComp'; elt: Expr; generators: Comprehension[] }
  | { kind: 'SetComp'; elt: Expr; generators: Comprehension[] }
  | { kind: 'DictComp'; key: Expr; value: Expr; generators: Comprehension[] }
  | { kind: 'GeneratorExp'; elt: Expr; generators: Comprehension[] }
  | { kind: 'Await'; value: Expr }
  | { kind: 'Yield'; value: Expr | null }
  | { kind: 'YieldFrom'; value: Expr }
  | { kind: 'Compare'; left: Expr; ops: CmpOperator[]; comparators: Expr[] }
  | { kind: 'Call'; func: Expr; args: Expr[]; keywords: Keyword[] }
  /** conversion: -1 none, 115 's', 114 'r', 97 'a' (CPython's numbers). */
  | { kind: 'FormattedValue'; value: Expr; conversion: number; format_spec: Expr | null }
  | { kind: 'JoinedStr'; values: Expr[] }
  /** kind_: CPython's Constant.kind ('u' for a u-prefixed string, else null). */
  | { kind: 'Constant'; value: ConstantValue; kind_: string | null }
  | { kind: 'Attribute'; value: Expr; attr: string; ctx: ExprContext }
  | { kind: 'Subscript'; value: Expr; slice: Expr; ctx: ExprContext }
  | { kind: 'Starred'; value: Expr; ctx: ExprContext }
  | { kind: 'Name'; id: string; ctx: ExprContext }
  | { kind: 'List'; elts: Expr[]; ctx: ExprContext }
  | { kind: 'Tuple'; elts: Expr[]; ctx: ExprContext }
  | { kind: 'Slice'; lower: Expr | null; upper: Expr | null; step: Expr | null }
);

export interface Comprehension { kind: 'comprehension'; target: Expr; iter: Expr; ifs: Expr[]; is_async: number }

export type ExceptHandler = Located & { kind: 'ExceptHandler'; type: Expr | null; name: string | null; body: Stmt[] };

export interface Arguments {
  kind: 'arguments';
  posonlyargs: Arg[];
  args: Arg[];
  vararg: Arg | null;
  kwonlyargs: Arg[];
  /** One per kwonlyarg: its default, or null when it has none. */
  kw_defaults: (Expr | null)[];
  kwarg: Arg | null;
  /** Defaults of the last len(defaults) positional parameters (posonlyargs then args). */
  defaults: Expr[];
}

export type Arg = Located & { kind: 'arg'; arg: string; annotation: Expr | null; type_comment: null };

/** A keyword argument; arg is null for `**mapping`. */
export type Keyword = Located & { kind: 'keyword'; arg: string | null; value: Expr };

export type Alias = Located & { kind: 'alias'; name: string; asname: string | null };

export interface WithItem { kind: 'withitem'; context_expr: Expr; optional_vars: Expr | null }

export interface MatchCase { kind: 'match_case'; pattern: Pattern; guard: Expr | null; body: Stmt[] }

export type Pattern = Located & (
  | { kind: 'MatchValue'; value: Expr }
  /** value: None, True or False. */
  | { kind: 'MatchSingleton'; value: null | boolean }
  | { kind: 'MatchSequence'; patterns: Pattern[] }
  | { kind: 'MatchMapping'; keys: Expr[]; patterns: Pattern[]; rest: string | null }
  | { kind: 'MatchClass'; cls: Expr; patterns: Pattern[]; kwd_attrs: string[]; kwd_patterns: Pattern[] }
  | { kind: 'MatchStar'; name: string | null }
  | { kind: 'MatchAs'; pattern: Pattern | null; name: string | null }
  | { kind: 'MatchOr'; patterns: Pattern[] }
);

export type Node = Module | Stmt | Expr | Comprehension | ExceptHandler | Arguments | Arg | Keyword | Alias | WithItem | MatchCase | Pattern;
