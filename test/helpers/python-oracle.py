# The python3 side of the library's differential tests: reads one JSON object
# {"code": source defining run(*args), "cases": [[arg, ...], ...]} on stdin and
# prints one JSON list of results, each {"ok": value} or {"error": [type, message]}.
# Values travel tagged so ints of any size, float bits, tuples and bytes survive
# (python-oracle.ts has the same encoding); ints travel in hex, which the
# 4300-digit limit of int/str conversion does not apply to.
import json, struct, sys, types

def decode(v):
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        (tag, x), = v.items()
        if tag == 'int': return int(x, 16)
        if tag == 'float': return struct.unpack('>d', bytes.fromhex(x))[0]
        if tag == 'tuple': return tuple(decode(y) for y in x)
        if tag == 'bytes': return bytes.fromhex(x)
        if tag == 'dict': return {decode(k): decode(w) for k, w in x}
        if tag == 'ns': return types.SimpleNamespace(**{k: decode(w) for k, w in x})
        raise ValueError('bad tag ' + tag)
    return v

def encode(v):
    if v is None or isinstance(v, (bool, str)): return v
    if isinstance(v, int): return {'int': hex(v)}
    if isinstance(v, float): return {'float': struct.pack('>d', v).hex()}
    if isinstance(v, list): return [encode(x) for x in v]
    if isinstance(v, tuple): return [encode(x) for x in v]  # the library returns tuples as arrays
    if isinstance(v, (bytes, bytearray)): return {'bytes': bytes(v).hex()}
    if isinstance(v, dict): return {'dict': [[encode(k), encode(w)] for k, w in v.items()]}
    raise TypeError('cannot encode ' + type(v).__name__)

def main():
    job = json.loads(sys.stdin.read())
    env = {}
    exec(job['code'], env)
    run = env['run']
    out = []
    for case in job['cases']:
        try:
            out.append({'ok': encode(run(*decode(case)))})
        except Exception as e:
            out.append({'error': [type(e).__name__, str(e) if not isinstance(e, KeyError) else repr(e.args[0]) if e.args else '']})
    sys.stdout.write(json.dumps(out))

main()
