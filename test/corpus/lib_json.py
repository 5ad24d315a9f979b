# The json module: dumps/loads options, round trips, float reprs, errors.
import json
import io

data = {"name": "Ada", "age": 36, "langs": ["en", "fr"], "score": 9.5, "ok": True, "none": None,
        "nested": {"b": [1, 2.0, {"c": []}], "a": {}}, "ratio": 1 / 3, "big": 10 ** 30, "neg": -0.0}
print(json.dumps(data))
print(json.dumps(data, sort_keys=True))
print(json.dumps(data, indent=2, sort_keys=True))
print(json.dumps(data, indent="\t"))
print(json.dumps([1, [2, [3]]], indent=0))
print(json.dumps(data, separators=(",", ":")))
print(json.dumps({"x": [1, 2]}, indent=4, separators=(",", ": ")))
print(json.dumps("héllo \"wörld\"\n\t\\ \x01 😀"))
print(json.dumps("héllo 😀", ensure_ascii=False))
print(json.dumps({1: "a", 2.5: "b", True: "c", None: "d"}))
print(json.dumps((1, 2)), json.dumps([]), json.dumps({}), json.dumps(""), json.dumps(1e100), json.dumps(1e-7), json.dumps(123456789.0))
print(json.dumps(float("inf")), json.dumps(float("nan")), json.dumps(-float("inf")))
print(json.dumps({"k": {1, 2}.__len__()}), json.dumps(3.14159), json.dumps(0.1 + 0.2))

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

print(json.dumps(Point(1, 2), default=lambda o: {"x": o.x, "y": o.y}))
print(json.dumps({"p": [Point(3, 4)]}, default=lambda o: [o.x, o.y], sort_keys=True))
for bad in [Point(1, 2), {(1, 2): 3}, {1, 2}, object]:
    try:
        json.dumps(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    json.dumps(float("nan"), allow_nan=False)
except ValueError as e:
    print("ValueError:", e)
loop = []
loop.append(loop)
try:
    json.dumps(loop)
except ValueError as e:
    print("ValueError:", e)
print(json.dumps({(1, 2): 3, "a": 1}, skipkeys=True))

text = json.dumps(data)
back = json.loads(text)
print(back == data, back)
print(json.loads('[1, 2.5, -3, 1e3, 1E-2, "x", true, false, null, {"a": {"b": []}}]'))
print(json.loads(' {"a" : 1 ,  "b":[ ] , "c" : { } } '))
print(json.loads('"\\u00e9\\ud83d\\ude00\\n\\"\\/\\\\"'))
print(json.loads("123"), json.loads("-0.5"), json.loads('"s"'), json.loads("NaN"), json.loads("-Infinity"))
print(json.loads('{"a": 1, "a": 2}'), json.loads("12345678901234567890123"))
print(json.loads('{"b": 1, "a": 2}', object_pairs_hook=lambda pairs: pairs))
print(json.loads('{"x": 1, "y": 2}', object_hook=lambda d: Point(d["x"], d["y"])).y)
print(json.loads('[1.5, 2]', parse_float=str, parse_int=float))
for bad in ["", "[1, 2", "{'a': 1}", '{"a" 1}', '{"a": 1,}', "[1,]", "tru", '"abc', "[1] x", '"a\\qb"', '"\\u12"',
            '{"a": 1 "b": 2}', "\n\n  [1,\n  oops]", '"tab\there"', "01"]:
    try:
        json.loads(bad)
        print("parsed", repr(bad))
    except json.JSONDecodeError as e:
        print("JSONDecodeError:", e, "|", e.msg, e.pos, e.lineno, e.colno)
try:
    json.loads(5)
except TypeError as e:
    print("TypeError:", e)
print(isinstance(json.JSONDecodeError("m", "d", 0), ValueError))

buf = io.StringIO()
json.dump({"z": [1, 2], "a": "b"}, buf, sort_keys=True, indent=1)
print(buf.getvalue())
print(json.load(io.StringIO('{"k": [true]}')))
print(json.JSONEncoder(sort_keys=True).encode({"b": 1, "a": 2}), json.JSONDecoder().decode("[1]"))
print(json.loads(json.dumps({"unicode": "日本語 ✓"}))["unicode"])
