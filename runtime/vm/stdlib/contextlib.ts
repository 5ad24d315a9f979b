// The contextlib module, in Python (after CPython's): contextmanager
// (generator-based with, usable as a decorator too), suppress, nullcontext,
// closing, ExitStack, ContextDecorator, AbstractContextManager and
// redirect_stdout/redirect_stderr (they rebind sys.stdout/sys.stderr).
export const CONTEXTLIB = String.raw`
import sys

class AbstractContextManager:
    __module__ = 'contextlib'

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        return None


class ContextDecorator:
    __module__ = 'contextlib'

    def _recreate_cm(self):
        return self

    def __call__(self, func):
        def inner(*args, **kwds):
            with self._recreate_cm():
                return func(*args, **kwds)
        try:
            inner.__name__ = func.__name__
            inner.__doc__ = func.__doc__
        except AttributeError:
            pass
        return inner


class _GeneratorContextManager(ContextDecorator, AbstractContextManager):
    __module__ = 'contextlib'

    def __init__(self, func, args, kwds):
        self.gen = func(*args, **kwds)
        self.func, self.args, self.kwds = func, args, kwds

    def _recreate_cm(self):
        return self.__class__(self.func, self.args, self.kwds)

    def __enter__(self):
        try:
            return next(self.gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield") from None

    def __exit__(self, typ, value, traceback):
        if typ is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            else:
                raise RuntimeError("generator didn't stop")
        if value is None:
            value = typ()
        try:
            self.gen.throw(value)
        except StopIteration as exc:
            return exc is not value
        except RuntimeError as exc:
            if exc is value:
                return False
            if isinstance(value, StopIteration) and exc.__cause__ is value:
                return False
            raise
        except BaseException as exc:
            if exc is not value:
                raise
            return False
        raise RuntimeError("generator didn't stop after throw()")


def contextmanager(func):
    def helper(*args, **kwds):
        return _GeneratorContextManager(func, args, kwds)
    try:
        helper.__name__ = func.__name__
        helper.__doc__ = func.__doc__
    except AttributeError:
        pass
    return helper


class suppress(AbstractContextManager):
    __module__ = 'contextlib'

    def __init__(self, *exceptions):
        self._exceptions = exceptions

    def __enter__(self):
        pass

    def __exit__(self, exctype, excinst, exctb):
        return exctype is not None and issubclass(exctype, self._exceptions)


class nullcontext(AbstractContextManager):
    __module__ = 'contextlib'

    def __init__(self, enter_result=None):
        self.enter_result = enter_result

    def __enter__(self):
        return self.enter_result

    def __exit__(self, *excinfo):
        pass


class closing(AbstractContextManager):
    __module__ = 'contextlib'

    def __init__(self, thing):
        self.thing = thing

    def __enter__(self):
        return self.thing

    def __exit__(self, *exc_info):
        self.thing.close()


class redirect_stdout(AbstractContextManager):
    __module__ = 'contextlib'
    _stream = 'stdout'

    def __init__(self, new_target):
        self._new_target = new_target
        self._old_targets = []

    def __enter__(self):
        self._old_targets.append(getattr(sys, self._stream))
        setattr(sys, self._stream, self._new_target)
        return self._new_target

    def __exit__(self, exctype, excinst, exctb):
        setattr(sys, self._stream, self._old_targets.pop())


class redirect_stderr(redirect_stdout):
    __module__ = 'contextlib'
    _stream = 'stderr'


class ExitStack(AbstractContextManager):
    __module__ = 'contextlib'

    def __init__(self):
        self._exit_callbacks = []

    def pop_all(self):
        new_stack = ExitStack()
        new_stack._exit_callbacks = self._exit_callbacks
        self._exit_callbacks = []
        return new_stack

    def push(self, exit):
        if hasattr(type(exit), '__exit__'):
            cm_exit = type(exit).__exit__
            self._exit_callbacks.append(lambda t, v, tb: cm_exit(exit, t, v, tb))
        else:
            self._exit_callbacks.append(exit)
        return exit

    def enter_context(self, cm):
        cls = type(cm)
        if not hasattr(cls, '__enter__') or not hasattr(cls, '__exit__'):
            raise TypeError("'" + cls.__module__ + '.' + cls.__qualname__ + "' object does not support the context manager protocol")
        result = cls.__enter__(cm)
        exit = cls.__exit__
        self._exit_callbacks.append(lambda t, v, tb: exit(cm, t, v, tb))
        return result

    def callback(self, callback, *args, **kwds):
        def _exit_wrapper(exc_type, exc, tb):
            callback(*args, **kwds)
        self._exit_callbacks.append(_exit_wrapper)
        return callback

    def close(self):
        self.__exit__(None, None, None)

    def __exit__(self, *exc_details):
        received_exc = exc_details[0] is not None
        suppressed_exc = False
        pending_raise = False
        pending = None
        while self._exit_callbacks:
            cb = self._exit_callbacks.pop()
            try:
                if cb(*exc_details):
                    suppressed_exc = True
                    pending_raise = False
                    exc_details = (None, None, None)
            except BaseException as e:
                exc_details = (type(e), e, None)
                pending_raise = True
                pending = e
        if pending_raise:
            raise pending
        return received_exc and suppressed_exc
`;
