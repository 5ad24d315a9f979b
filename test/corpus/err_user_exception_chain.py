# A user exception raised from another while handling it (traceback chain; the last line is the new one).
class ParseError(Exception):
    pass
def parse(text):
    try:
        return int(text)
    except ValueError as e:
        raise ParseError("cannot parse " + repr(text)) from e
print(parse("12"))
print(parse("x1"))
