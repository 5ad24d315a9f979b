// The built-in types as the VM knows them: every value has a class (a
// ClassObject in the arena), and a built-in class records which of these it
// is (ClassObject.builtin). A user class records the built-in type its
// instances carry as their base value (list, dict, ...) or OBJECT.
// The exception hierarchy is python3's.

export const enum BuiltinType {
  OBJECT, TYPE, INT, FLOAT, BOOL, STR, LIST, TUPLE, DICT, SET, FROZENSET, RANGE, NONE, FUNCTION,
  BUILTIN_FUNCTION, METHOD, MODULE, GENERATOR, SLICE, PROPERTY, STATICMETHOD, CLASSMETHOD, SUPER,
  CELL, LIST_ITERATOR, RANGE_ITERATOR, ITERATOR, DICT_KEYS, DICT_VALUES, DICT_ITEMS, NOT_IMPLEMENTED, ELLIPSIS,
  ZIP, MAP, FILTER, ENUMERATE, REVERSED,
  /** sys.stdout and sys.stderr (instances whose base value is the file descriptor, 1 or 2). */
  TEXT_IO,
  /** The ring buffer behind collections.deque (interpreter/deque-native.ts): a hidden type whose method table the deque class aliases. */
  DEQUE_STORAGE,
  /** What calling an `async def` gives: a generator object whose code has CodeFlags.COROUTINE. */
  COROUTINE,
  /** f.__code__ (interpreter/code-objects.ts): instances whose base value is the code's index in the program. */
  CODE,
  /** BaseException and every exception class (their instances are plain instances). */
  BASE_EXCEPTION,
}

/** Names of the non-exception built-in types, by BuiltinType. */
export const BUILTIN_TYPE_NAMES: string[] = [
  'object', 'type', 'int', 'float', 'bool', 'str', 'list', 'tuple', 'dict', 'set', 'frozenset', 'range', 'NoneType', 'function',
  'builtin_function_or_method', 'method', 'module', 'generator', 'slice', 'property', 'staticmethod', 'classmethod', 'super',
  'cell', 'list_iterator', 'range_iterator', 'iterator', 'dict_keys', 'dict_values', 'dict_items', 'NotImplementedType', 'ellipsis',
  'zip', 'map', 'filter', 'enumerate', 'reversed', 'TextIOWrapper', '_deque_storage', 'coroutine', 'code',
];

/** Built-in types a program can name (global builtins that are classes), with their bases. */
export const NAMED_TYPES: [string, BuiltinType, BuiltinType | null][] = [
  ['object', BuiltinType.OBJECT, null],
  ['type', BuiltinType.TYPE, BuiltinType.OBJECT],
  ['int', BuiltinType.INT, BuiltinType.OBJECT],
  ['bool', BuiltinType.BOOL, BuiltinType.INT],
  ['float', BuiltinType.FLOAT, BuiltinType.OBJECT],
  ['str', BuiltinType.STR, BuiltinType.OBJECT],
  ['list', BuiltinType.LIST, BuiltinType.OBJECT],
  ['tuple', BuiltinType.TUPLE, BuiltinType.OBJECT],
  ['dict', BuiltinType.DICT, BuiltinType.OBJECT],
  ['set', BuiltinType.SET, BuiltinType.OBJECT],
  ['frozenset', BuiltinType.FROZENSET, BuiltinType.OBJECT],
  ['range', BuiltinType.RANGE, BuiltinType.OBJECT],
  ['slice', BuiltinType.SLICE, BuiltinType.OBJECT],
  ['property', BuiltinType.PROPERTY, BuiltinType.OBJECT],
  ['staticmethod', BuiltinType.STATICMETHOD, BuiltinType.OBJECT],
  ['classmethod', BuiltinType.CLASSMETHOD, BuiltinType.OBJECT],
  ['super', BuiltinType.SUPER, BuiltinType.OBJECT],
  ['zip', BuiltinType.ZIP, BuiltinType.OBJECT],
  ['map', BuiltinType.MAP, BuiltinType.OBJECT],
  ['filter', BuiltinType.FILTER, BuiltinType.OBJECT],
  ['enumerate', BuiltinType.ENUMERATE, BuiltinType.OBJECT],
  ['reversed', BuiltinType.REVERSED, BuiltinType.OBJECT],
];

/** python3's built-in exception classes and their bases (parents first). */
export const EXCEPTION_TREE: [string, string | null][] = [
  ['BaseException', null],
  ['SystemExit', 'BaseException'],
  ['KeyboardInterrupt', 'BaseException'],
  ['GeneratorExit', 'BaseException'],
  ['Exception', 'BaseException'],
  ['StopIteration', 'Exception'],
  ['StopAsyncIteration', 'Exception'],
  ['ArithmeticError', 'Exception'],
  ['FloatingPointError', 'ArithmeticError'],
  ['OverflowError', 'ArithmeticError'],
  ['ZeroDivisionError', 'ArithmeticError'],
  ['AssertionError', 'Exception'],
  ['AttributeError', 'Exception'],
  ['BufferError', 'Exception'],
  ['EOFError', 'Exception'],
  ['ImportError', 'Exception'],
  ['ModuleNotFoundError', 'ImportError'],
  ['LookupError', 'Exception'],
  ['IndexError', 'LookupError'],
  ['KeyError', 'LookupError'],
  ['MemoryError', 'Exception'],
  ['NameError', 'Exception'],
  ['UnboundLocalError', 'NameError'],
  ['OSError', 'Exception'],
  ['FileNotFoundError', 'OSError'],
  ['FileExistsError', 'OSError'],
  ['PermissionError', 'OSError'],
  ['IsADirectoryError', 'OSError'],
  ['BrokenPipeError', 'OSError'],
  ['TimeoutError', 'OSError'],
  ['ReferenceError', 'Exception'],
  ['RuntimeError', 'Exception'],
  ['NotImplementedError', 'RuntimeError'],
  ['RecursionError', 'RuntimeError'],
  ['SyntaxError', 'Exception'],
  ['IndentationError', 'SyntaxError'],
  ['TabError', 'IndentationError'],
  ['SystemError', 'Exception'],
  ['TypeError', 'Exception'],
  ['ValueError', 'Exception'],
  ['UnicodeError', 'ValueError'],
  ['UnicodeDecodeError', 'UnicodeError'],
  ['UnicodeEncodeError', 'UnicodeError'],
  ['Warning', 'Exception'],
  ['UserWarning', 'Warning'],
  ['DeprecationWarning', 'Warning'],
  ['RuntimeWarning', 'Warning'],
];

/** The attributes every exception instance starts with (the root shape of BaseException). */
export const EXCEPTION_FIELDS = ['args', '__cause__', '__context__', '__suppress_context__', '__traceback__'];
export const EXC_ARGS = 0;
export const EXC_CAUSE = 1;
export const EXC_CONTEXT = 2;
export const EXC_SUPPRESS_CONTEXT = 3;
export const EXC_TRACEBACK = 4;
