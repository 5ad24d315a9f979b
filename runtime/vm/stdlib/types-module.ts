// The types module, in Python: SimpleNamespace, and the names of the VM's
// built-in types where they map (FunctionType, LambdaType, GeneratorType,
// MethodType, BuiltinFunctionType, ModuleType, NoneType, CoroutineType, CodeType) and coroutine
// (interpreter/coroutine-native.ts). The type objects
// are for isinstance checks; calling them to make functions or methods is not
// supported.
export const TYPES = String.raw`
import sys as _sys
from _types import coroutine

class SimpleNamespace:
    __module__ = 'types'

    def __init__(self, *args, **kwargs):
        if args:
            raise TypeError('no positional arguments expected')
        for k, v in kwargs.items():
            setattr(self, k, v)

    def __repr__(self):
        items = ('{}={!r}'.format(k, v) for k, v in self.__dict__.items())
        return '{}({})'.format('namespace' if type(self) is SimpleNamespace else type(self).__name__, ', '.join(items))

    def __eq__(self, other):
        if isinstance(self, SimpleNamespace) and isinstance(other, SimpleNamespace):
            return self.__dict__ == other.__dict__
        return NotImplemented

    __hash__ = None


def _f():
    pass

def _g():
    yield 1

async def _co():
    pass

class _C:
    def _m(self):
        pass

FunctionType = type(_f)
CodeType = type(_f.__code__)
LambdaType = type(lambda: None)
GeneratorType = type(_g())
_c = _co()
CoroutineType = type(_c)
_c.close()
MethodType = type(_C()._m)
BuiltinFunctionType = type(len)
BuiltinMethodType = type([].append)
ModuleType = type(_sys)
NoneType = type(None)
EllipsisType = type(Ellipsis)
NotImplementedType = type(NotImplemented)
`;
