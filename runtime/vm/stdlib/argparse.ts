// A small argparse, in Python: ArgumentParser with add_argument (positional
// and optional arguments; type, default, choices, required, dest, metavar,
// help, nargs '?', '*', '+' or a count, const; actions store, store_const,
// store_true, store_false, append, count, help, version), parse_args and
// parse_known_args, Namespace, errors as python3's ("prog: error: ...",
// exit status 2). Help text is a plain approximation of python3's layout.
// Missing: subparsers, argument groups' own sections, mutually exclusive
// groups, prefix matching of abbreviated options, fromfile_prefix_chars.
export const ARGPARSE = String.raw`
import re as _re
import sys as _sys

SUPPRESS = '==SUPPRESS=='
OPTIONAL = '?'
ZERO_OR_MORE = '*'
ONE_OR_MORE = '+'


class Namespace:
    __module__ = 'argparse'

    def __init__(self, **kwargs):
        for k, v in kwargs.items():
            setattr(self, k, v)

    def __repr__(self):
        return 'Namespace(' + ', '.join('%s=%r' % (k, v) for k, v in self.__dict__.items()) + ')'

    def __eq__(self, other):
        if not isinstance(other, Namespace):
            return NotImplemented
        return vars(self) == vars(other)

    def __contains__(self, key):
        return key in self.__dict__


class ArgumentError(Exception):
    __module__ = 'argparse'

    def __init__(self, argument, message):
        self.argument_name = None if argument is None else argument._display()
        self.message = message
        Exception.__init__(self, str(self))

    def __str__(self):
        if self.argument_name is None:
            return self.message
        return 'argument %s: %s' % (self.argument_name, self.message)


class ArgumentTypeError(Exception):
    __module__ = 'argparse'


class _Action:
    def __init__(self, option_strings, dest, nargs=None, const=None, default=None, type=None, choices=None,
                 required=False, help=None, metavar=None, action='store', version=None):
        self.option_strings = option_strings
        self.dest = dest
        self.nargs = nargs
        self.const = const
        self.default = default
        self.type = type
        self.choices = choices
        self.required = required
        self.help = help
        self.metavar = metavar
        self.action = action
        self.version = version

    def _display(self):
        if self.option_strings:
            return '/'.join(self.option_strings)
        if self.metavar is not None:
            return self.metavar
        return self.dest

    def _metavar(self):
        if self.metavar is not None:
            return self.metavar
        if self.choices is not None:
            return '{' + ','.join(str(c) for c in self.choices) + '}'
        return self.dest.upper() if self.option_strings else self.dest

    def _format_args(self):
        m = self._metavar()
        n = self.nargs
        if n is None:
            return m
        if n == OPTIONAL:
            return '[%s]' % m
        if n == ZERO_OR_MORE:
            return '[%s ...]' % m
        if n == ONE_OR_MORE:
            return '%s [%s ...]' % (m, m)
        return ' '.join([m] * n)

    def _takes_values(self):
        return self.action in ('store', 'append')


def _nargs_pattern(n):
    if n is None:
        return 'A'
    if n == OPTIONAL:
        return 'A?'
    if n == ZERO_OR_MORE:
        return 'A*'
    if n == ONE_OR_MORE:
        return 'A+'
    return 'A' * n


class ArgumentParser:
    __module__ = 'argparse'

    def __init__(self, prog=None, usage=None, description=None, epilog=None, parents=(), formatter_class=None,
                 prefix_chars='-', fromfile_prefix_chars=None, argument_default=None, conflict_handler='error',
                 add_help=True, allow_abbrev=True, exit_on_error=True):
        if prog is None:
            arg0 = _sys.argv[0] if _sys.argv else ''
            prog = arg0[arg0.rfind('/') + 1:]
        self.prog = prog
        self.usage = usage
        self.description = description
        self.epilog = epilog
        self.argument_default = argument_default
        self.exit_on_error = exit_on_error
        self._actions = []
        self._option_map = {}
        self._defaults = {}
        if add_help:
            self.add_argument('-h', '--help', action='help', default=SUPPRESS, help='show this help message and exit')
        for parent in parents:
            for a in parent._actions:
                if a.action != 'help':
                    self._register(a)

    def _register(self, a):
        for s in a.option_strings:
            if s in self._option_map:
                raise ArgumentError(a, 'conflicting option string: ' + s)
            self._option_map[s] = a
        self._actions.append(a)

    def add_argument(self, *args, **kwargs):
        action = kwargs.pop('action', 'store')
        if not args or (len(args) == 1 and args[0][:1] != '-'):
            if not args:
                raise TypeError('add_argument() missing required argument')
            dest = args[0]
            if 'dest' in kwargs:
                raise ValueError('dest supplied twice for positional argument')
            option_strings = []
            required = kwargs.pop('required', None)
            if required is not None:
                raise TypeError("'required' is an invalid argument for positionals")
            nargs = kwargs.get('nargs')
            required = nargs not in (OPTIONAL, ZERO_OR_MORE)
        else:
            for s in args:
                if s[:1] != '-':
                    raise ValueError("invalid option string %r: must start with a character '-'" % s)
            option_strings = list(args)
            dest = kwargs.pop('dest', None)
            if dest is None:
                long = [s for s in args if s.startswith('--')]
                dest = (long[0] if long else args[0]).lstrip('-').replace('-', '_')
            required = kwargs.pop('required', False)
        if action == 'store_true':
            kwargs.setdefault('default', False)
            kwargs['const'] = True
            kwargs['nargs'] = 0
        elif action == 'store_false':
            kwargs.setdefault('default', True)
            kwargs['const'] = False
            kwargs['nargs'] = 0
        elif action in ('store_const', 'append_const'):
            kwargs['nargs'] = 0
        elif action in ('count', 'help', 'version'):
            kwargs['nargs'] = 0
        elif action not in ('store', 'append'):
            raise ValueError('unknown action "%s"' % (action,))
        if 'default' not in kwargs:
            kwargs['default'] = self._defaults.get(dest, self.argument_default)
        a = _Action(option_strings, dest, required=required, action=action, **kwargs)
        if a.type is not None and not callable(a.type):
            raise ValueError('%r is not callable' % (a.type,))
        self._register(a)
        return a

    def add_argument_group(self, title=None, description=None):
        return self

    def add_mutually_exclusive_group(self, required=False):
        return self

    def set_defaults(self, **kwargs):
        self._defaults.update(kwargs)
        for a in self._actions:
            if a.dest in kwargs:
                a.default = kwargs[a.dest]

    def get_default(self, dest):
        for a in self._actions:
            if a.dest == dest and a.default is not None:
                return a.default
        return self._defaults.get(dest)

    # ---- help and errors

    def format_usage(self):
        if self.usage is not None:
            return 'usage: ' + self.usage.replace('%(prog)s', self.prog) + '\n'
        parts = [self.prog]
        for a in self._actions:
            if a.help == SUPPRESS:
                continue
            if a.option_strings:
                text = a.option_strings[0]
                if a.nargs != 0:
                    text += ' ' + a._format_args()
                parts.append(text if a.required else '[' + text + ']')
        for a in self._actions:
            if not a.option_strings and a.help != SUPPRESS:
                parts.append(a._format_args())
        return 'usage: ' + ' '.join(parts) + '\n'

    def format_help(self):
        out = [self.format_usage()]
        if self.description:
            out.append('\n' + self.description + '\n')
        positionals = [a for a in self._actions if not a.option_strings and a.help != SUPPRESS]
        optionals = [a for a in self._actions if a.option_strings and a.help != SUPPRESS]

        def expand(a):
            h = a.help
            if h is None:
                return None
            return h.replace('%(default)s', str(a.default)).replace('%(prog)s', self.prog)

        def invocation(a):
            if not a.option_strings:
                return a._metavar()
            if a.nargs == 0:
                return ', '.join(a.option_strings)
            args = a._format_args()
            return ', '.join(s + ' ' + args for s in a.option_strings)

        widths = [len(invocation(a)) + 2 for a in positionals + optionals]
        help_position = min(max(widths) + 2 if widths else 0, 24)
        action_width = help_position - 4

        def row(inv, help):
            if help is None:
                return '  ' + inv + '\n'
            if len(inv) <= action_width:
                return '  ' + inv.ljust(action_width) + '  ' + help + '\n'
            return '  ' + inv + '\n' + ' ' * help_position + help + '\n'

        if positionals:
            out.append('\npositional arguments:\n')
            for a in positionals:
                out.append(row(invocation(a), expand(a)))
        if optionals:
            out.append('\noptions:\n')
            for a in optionals:
                out.append(row(invocation(a), expand(a)))
        if self.epilog:
            out.append('\n' + self.epilog + '\n')
        return ''.join(out)

    def print_usage(self, file=None):
        (file or _sys.stdout).write(self.format_usage())

    def print_help(self, file=None):
        (file or _sys.stdout).write(self.format_help())

    def exit(self, status=0, message=None):
        if message:
            _sys.stderr.write(message)
        _sys.exit(status)

    def error(self, message):
        _sys.stderr.write(self.format_usage())
        self.exit(2, '%s: error: %s\n' % (self.prog, message))

    # ---- parsing

    def parse_args(self, args=None, namespace=None):
        args, argv = self.parse_known_args(args, namespace)
        if argv:
            self.error('unrecognized arguments: %s' % ' '.join(argv))
        return args

    def parse_known_args(self, args=None, namespace=None):
        if args is None:
            args = _sys.argv[1:]
        else:
            args = list(args)
        ns = Namespace() if namespace is None else namespace
        try:
            return self._parse(args, ns)
        except ArgumentError as err:
            if not self.exit_on_error:
                raise
            self.error(str(err))

    def _convert(self, a, text):
        if a.type is None:
            value = text
        else:
            try:
                value = a.type(text)
            except ArgumentTypeError as e:
                raise ArgumentError(a, str(e))
            except (TypeError, ValueError):
                name = getattr(a.type, '__name__', repr(a.type))
                raise ArgumentError(a, 'invalid %s value: %r' % (name, text))
        if a.choices is not None and value not in a.choices:
            raise ArgumentError(a, 'invalid choice: %r (choose from %s)' % (value, ', '.join(repr(c) for c in a.choices)))
        return value

    def _apply(self, a, ns, values, option):
        act = a.action
        if act == 'help':
            self.print_help()
            self.exit()
        elif act == 'version':
            _sys.stdout.write(a.version.replace('%(prog)s', self.prog) + '\n')
            self.exit()
        elif act in ('store_true', 'store_false', 'store_const'):
            setattr(ns, a.dest, a.const)
        elif act == 'append_const':
            items = list(getattr(ns, a.dest, None) or [])
            items.append(a.const)
            setattr(ns, a.dest, items)
        elif act == 'count':
            setattr(ns, a.dest, (getattr(ns, a.dest, None) or 0) + 1)
        elif act == 'append':
            items = list(getattr(ns, a.dest, None) or [])
            items.append(values)
            setattr(ns, a.dest, items)
        else:
            setattr(ns, a.dest, values)

    def _values(self, a, strings, option):
        n = a.nargs
        if n is None:
            return self._convert(a, strings[0])
        if n == OPTIONAL:
            if not strings:
                return a.const if option else (self._convert(a, a.default) if isinstance(a.default, str) else a.default)
            return self._convert(a, strings[0])
        return [self._convert(a, s) for s in strings]

    def _parse(self, args, ns):
        for a in self._actions:
            if a.dest is not SUPPRESS and a.default is not SUPPRESS and not hasattr(ns, a.dest):
                setattr(ns, a.dest, a.default)
        for k, v in self._defaults.items():
            if not hasattr(ns, k):
                setattr(ns, k, v)
        extras = []
        chunks = []
        current = []
        seen = set()
        i = 0
        only_positional = False
        while i < len(args):
            s = args[i]
            if only_positional or s == '-' or not s.startswith('-') or (s[1:2].isdigit() and s not in self._option_map):
                current.append(s)
                i += 1
                continue
            if s == '--':
                only_positional = True
                i += 1
                continue
            if current:
                chunks.append(current)
                current = []
            explicit = None
            if '=' in s and s.startswith('--'):
                s, explicit = s.split('=', 1)
            elif not s.startswith('--') and len(s) > 2 and s[:2] in self._option_map:
                a0 = self._option_map[s[:2]]
                if a0.nargs == 0:
                    # -vv, -xy: flags joined together
                    for c in s[1:]:
                        a = self._option_map.get('-' + c)
                        if a is None:
                            raise ArgumentError(a0, 'ignored explicit argument %r' % s[2:])
                        self._apply(a, ns, None, '-' + c)
                        seen.add(a)
                    i += 1
                    continue
                s, explicit = s[:2], s[2:]
            a = self._option_map.get(s)
            if a is None:
                extras.append(args[i])
                i += 1
                continue
            seen.add(a)
            i += 1
            n = a.nargs
            if n == 0:
                if explicit is not None:
                    raise ArgumentError(a, 'ignored explicit argument %r' % explicit)
                self._apply(a, ns, None, s)
                continue
            if explicit is not None:
                strings = [explicit]
            else:
                strings = []
                limit = 1 if n is None or n == OPTIONAL else (len(args) if n in (ZERO_OR_MORE, ONE_OR_MORE) else n)
                while i < len(args) and len(strings) < limit and not (args[i].startswith('-') and len(args[i]) > 1 and not args[i][1:2].isdigit()):
                    strings.append(args[i])
                    i += 1
            if n is None and not strings:
                raise ArgumentError(a, 'expected one argument')
            if n == ONE_OR_MORE and not strings:
                raise ArgumentError(a, 'expected at least one argument')
            if isinstance(n, int) and len(strings) != n:
                raise ArgumentError(a, 'expected %d argument%s' % (n, '' if n == 1 else 's'))
            self._apply(a, ns, self._values(a, strings, s), s)
        chunks.append(current)
        remaining = [a for a in self._actions if not a.option_strings]
        for chunk in chunks:
            if not chunk:
                continue
            if not remaining:
                extras.extend(chunk)
                continue
            for i in range(len(remaining), 0, -1):
                m = _re.match(''.join('(' + _nargs_pattern(a.nargs) + ')' for a in remaining[:i]), 'A' * len(chunk))
                if m is not None:
                    k = 0
                    for j in range(i):
                        take = len(m.group(j + 1))
                        a = remaining[j]
                        strings = chunk[k:k + take]
                        k += take
                        if a.nargs == ZERO_OR_MORE and not strings:
                            setattr(ns, a.dest, a.default if a.default is not None else [])
                        else:
                            self._apply(a, ns, self._values(a, strings, None), None)
                    extras.extend(chunk[k:])
                    remaining = remaining[i:]
                    break
            else:
                extras.extend(chunk)
        missing = []
        for a in remaining:
            if a.nargs == OPTIONAL:
                self._apply(a, ns, self._values(a, [], None), None)
            elif a.nargs == ZERO_OR_MORE:
                setattr(ns, a.dest, a.default if a.default is not None else [])
            else:
                missing.append(a)
        required = [a._display() for a in self._actions if a.option_strings and a.required and a not in seen]
        required += [a._display() for a in missing]
        if required:
            raise ArgumentError(None, 'the following arguments are required: %s' % ', '.join(required))
        for a in self._actions:
            if a.option_strings and a not in seen and isinstance(a.default, str) and a.type is not None and getattr(ns, a.dest, None) is a.default:
                setattr(ns, a.dest, self._convert(a, a.default))
        return ns, extras


class FileType:
    __module__ = 'argparse'

    def __init__(self, mode='r', bufsize=-1, encoding=None, errors=None):
        raise NotImplementedError('argparse.FileType is not supported by this VM')


class HelpFormatter:
    __module__ = 'argparse'


RawDescriptionHelpFormatter = RawTextHelpFormatter = ArgumentDefaultsHelpFormatter = HelpFormatter
`;
