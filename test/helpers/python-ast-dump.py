# Prints CPython's AST of a source file as JSON in the shape of
# runtime/vm/frontend/python-ast.ts: {"kind": ClassName, field: value, ...}.
# Ints and floats are spelled {"int": "123"} / {"float": "repr"} so that JSON
# keeps every digit; a Constant's own `kind` field is `kind_`. Used by the
# parser's differential tests: `python3 python-ast-dump.py FILE` (or - for stdin),
# or `python3 python-ast-dump.py --batch`: a JSON list of sources on stdin, a
# JSON list of results (trees or errors) on stdout, one process for them all;
# `--batch --verdict` prints {"ok": true} in place of each tree.
import ast
import json
import sys


def encode(node):
    if isinstance(node, ast.AST):
        out = {"kind": type(node).__name__}
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(node, ast.Constant) and field == "kind":
                out["kind_"] = value
            elif isinstance(node, ast.Constant) and field == "value":
                out["value"] = constant(value)
            else:
                out[field] = encode(value)
        for attr in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
            if attr in node._attributes and hasattr(node, attr):
                out[attr] = getattr(node, attr)
        if isinstance(node, (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)):
            return type(node).__name__
        return out
    if isinstance(node, list):
        return [encode(x) for x in node]
    return node


def constant(value):
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        # A huge hex literal parses; only printing it in decimal meets the digit limit.
        limit = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(0)
        try:
            return {"int": str(value)}
        finally:
            sys.set_int_max_str_digits(limit)
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, complex):
        return {"imag": repr(value.imag)}
    if isinstance(value, bytes):
        return {"bytes": list(value)}
    if value is Ellipsis:
        return {"ellipsis": True}
    raise TypeError(type(value))


def dump(source, path, verdict_only=False):
    try:
        tree = ast.parse(source, path)
    except SyntaxError as e:
        return {"error": type(e).__name__, "msg": e.msg, "lineno": e.lineno, "offset": e.offset}
    except (MemoryError, RecursionError, ValueError) as e:
        return {"error": type(e).__name__, "msg": str(e), "lineno": None, "offset": None}
    if verdict_only:
        return {"ok": True}
    try:
        return encode(tree)
    except RecursionError:
        return {"error": "RecursionError", "msg": "tree too deep to encode", "lineno": None, "offset": None}


def main():
    sys.setrecursionlimit(20000)
    if sys.argv[1] == "--batch":
        # --verdict: only whether it parses (or the error), for huge sources.
        verdict_only = sys.argv[2:] == ["--verdict"]
        sources = json.load(sys.stdin)
        json.dump([dump(s, "<batch>", verdict_only) for s in sources], sys.stdout)
        return
    path = sys.argv[1]
    source = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    json.dump(dump(source, path), sys.stdout)


main()
