# textwrap: wrap, fill, shorten, dedent, indent, TextWrapper options.
import textwrap

text = ("The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs! "
        "How vexingly quick daft zebras jump; well-known state-of-the-art hyphenation tests go here.")
print(textwrap.wrap(text, 30))
print(textwrap.fill(text, width=25))
print(textwrap.fill(text, 40, initial_indent="* ", subsequent_indent="  "))
print(textwrap.wrap("supercalifragilisticexpialidocious word", 10))
print(textwrap.wrap("supercalifragilisticexpialidocious word", 10, break_long_words=False))
print(textwrap.wrap("a-very-long-hyphenated-compound", 8))
print(textwrap.wrap("a-very-long-hyphenated-compound", 8, break_on_hyphens=False))
print(textwrap.wrap("tabs\there\tand   spaces", 12), textwrap.wrap("", 10), textwrap.wrap("   ", 10))
print(textwrap.fill("One. Two.  Three.", 80, fix_sentence_endings=True))
print(textwrap.shorten("Hello  world! This is a long sentence.", width=20))
print(textwrap.shorten("Hello world", width=11), textwrap.shorten("Hello there world", 12, placeholder="..."))
print(textwrap.wrap(text, 20, max_lines=3))
w = textwrap.TextWrapper(width=15, drop_whitespace=False)
print(w.wrap("keep   the  spaces please"))
code = """
    def f(x):
        return x * 2

    print(f(3))
"""
print(repr(textwrap.dedent(code)))
print(repr(textwrap.dedent("  a\n\t b\n")), repr(textwrap.dedent("   x\n   \n   y")), repr(textwrap.dedent("no indent\n  some")))
print(textwrap.indent("line one\n\nline three\n", "> "))
print(repr(textwrap.indent("a\n\nb", "+ ", lambda line: True)))
try:
    textwrap.wrap("abc", 0)
except ValueError as e:
    print("ValueError:", e)
