# Strings: literals, escapes, operators, indexing, slicing, methods.
s = "hello"
t = 'world'
print(s + " " + t, s * 3, len(s), s[0], s[-1], s[1:3], s[:2], s[2:], s[::-1], s[::2])
print("it's", 'say "hi"', "tab\there", "new\\nline", 'a\'b', "\x41\u00e9")
print([s, t, "it's", 'q"q', "\n"], ("x",), str(12) + str(1.5) + str(None) + str(True))
print(s == "hello", s != t, s < t, "abc" * 0, "" == "", "a" in s, "ll" in s, "z" not in s)
print("a,b,c".split(","), " x  y ".split(), "-".join(["1", "2", "3"]), "abc".upper(), "ABC".lower())
print("  pad ".strip(), "xxhixx".replace("x", "y"), "hello".find("l"), "hello".find("z"), "banana".count("a"))
print("hello".startswith("he"), "hello".endswith("lo"), "123".isdigit(), "abc".isalpha(), len(""))
u = ""
for ch in "abc":
    u = ch + u
print(u, repr("x"), repr("it's"), str("x"), s[-5], s[4])
words = []
for w in "the quick brown fox".split(" "):
    words.append(w[0].upper() + w[1:])
print(" ".join(words), ord("a"), chr(98), "%")
print('''triple
quoted''', """also""" + "x", "implicit" "concat")
