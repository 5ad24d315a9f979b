# The re module: module functions, compiled patterns, match objects, templates, flags, errors.
import re

text = "The quick brown fox jumps over the lazy dog; 42 apples, 7 pears and 1000 plums."

print(re.findall(r"\d+", text))
print(re.findall(r"(\d+) (\w+)", text))
print(re.findall(r"\b\w{5}\b", text))
print(re.search(r"o(\w)", text).group(0, 1))
print(re.match(r"the", text), re.match(r"the", text, re.I))
print(re.fullmatch(r"[a-z]+", "hello"), re.fullmatch(r"[a-z]+", "hello!"))
print(re.fullmatch(r"a|ab", "ab"))

m = re.match(r"(?P<first>\w+)\s+(?P<second>\w+)(x)?", "Hello World again")
print(m)
print(bool(m), m.group(), m.group(1), m.group("second"), m[2], m["first"])
print(m.groups(), m.groups("-"), m.groupdict(), m.groupdict(0))
print(m.start(), m.end(), m.span(), m.start(2), m.end("second"), m.span(3))
print(m.lastindex, m.lastgroup, m.pos, m.endpos, m.re.pattern, m.string)
print(m.expand(r"\2, \g<first>!"))
try:
    m.group(7)
except IndexError as e:
    print("IndexError:", e)
try:
    m.group("nope")
except IndexError as e:
    print("IndexError:", e)

p = re.compile(r"(\w+)@(\w+)\.com")
print(p, p.pattern, p.groups, p.groupindex)
print(p.search("mail alice@example.com now"))
print(p.sub(r"\2 -> \1", "alice@example.com, bob@test.com"))
print(p.sub(r"<\g<0>>", "alice@example.com, bob@test.com", count=1))
print(p.subn(lambda m: m.group(1).upper(), "alice@example.com, bob@test.com"))
print([m.span() for m in p.finditer("x a@b.com y c@d.com")])
print(p.findall("x a@b.com y c@d.com"))
print(p.search("a@b.com", 1), p.match("xa@b.com", 1), p.match("a@b.com", 0, 5))

# empty matches
print(re.sub("x*", "-", "abxd"))
print(re.split(r"\s*", "a b  c"))
print(re.findall(r"\b", "ab cd"))
print([m.span() for m in re.finditer(r"\w*", "ab cd")])

# split
print(re.split(r"[,;]\s*", "a, b;c,  d"))
print(re.split(r"(,)", "a,b,c"))
print(re.split(r"(a)|(b)", "xaybz"))
print(re.split(r",", "a,b,c,d", maxsplit=2))
print(re.split("x", "axbxc", 1))

# flags
print(re.findall(r"^\w", "one\ntwo\nthree", re.M))
print(re.findall(r"\w$", "one\ntwo\nthree", re.MULTILINE))
print(re.search(r"c$", "abc\n"), re.search(r"c\Z", "abc\n"))
print(re.search(r"a.b", "a\nb"), re.search(r"a.b", "a\nb", re.S))
print(re.findall(r"[A-Z]+", "abcDEF", re.IGNORECASE))
print(re.findall(r"\w+", "naïve café", re.A), re.findall(r"\w+", "naïve café"))
print(re.findall(r"""
    (\d+)   # digits
    \s*     # gap
    ([a-z]) # a letter
""", "12 a 34b", re.X))
print(re.search(r"(?i)HELLO", "say hello"), re.search(r"(?s:.)x", "\nx"))
print(re.compile("a", re.I | re.M), re.compile(r"(?x) a b").flags == re.X | re.U)
print(re.I, re.IGNORECASE == 2, re.M | re.S)

# escapes and classes
print(re.escape("1+1=2? (yes) [a-z] a.b"))
print(re.findall(r"[\d.]+", "v1.2.3 and 4.5"))
print(re.findall(r"[^\w\s]", "a-b c!d?"))
print(re.findall(r"[]a]", "a]b"), re.findall(r"[\]]", "x]"))
print(re.sub(r"\s+", " ", "a \t\n b"), re.findall(r"\x41\u0042\101", "ABA"))
print(re.search(r"(\w)\1", "abccd").group(), re.search(r"(?P<c>\w)(?P=c)", "xyzzy").group())
print(re.match(r"a{2,3}", "aaaa").group(), re.match(r"a{,2}", "aaa").group(), re.match(r"a{2}?", "aaa").group())
print(re.match(r"x{a}", "x{a}").group(), re.match(r"a+?", "aaa").group())
print(re.search(r"(?<=\$)\d+", "cost: $42").group(), re.findall(r"\w+(?=!)", "hi! yo ok!"))
print(re.findall(r"(?<!\d)\d{2}(?!\d)", "1 22 333 44"))
print(re.search("é(.)", "café😀x"), re.search("😀(.)", "ab😀cd").span(1))
print(re.sub(r"(?P<w>\w+)", r"[\g<w>]", "ab cd"), re.sub("a", r"\n", "bab") == "b\nb")
print(re.sub(r"(a)|b", r"<\1>", "ab"))

# errors
for bad in ["(abc", "abc)", "a**", "*a", "[a-", r"\q", r"(\1)", "(?P<n>a)(?P<n>b)", "(?P=zz)", "a{3,2}", "x(?i)y", "[z-a]"]:
    try:
        re.compile(bad)
        print("compiled", bad)
    except re.error as e:
        print("re.error:", e.msg, "|", e, "|", e.pos)
try:
    re.sub("a", r"\9", "a")
except re.error as e:
    print("re.error:", e)
try:
    re.search("a", 5)
except TypeError as e:
    print("TypeError:", e)
print(isinstance(re.error("x"), Exception), re.compile("ab") == re.compile("ab"))
