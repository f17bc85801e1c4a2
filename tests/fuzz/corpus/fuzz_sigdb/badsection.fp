classes = a
[tcp:foo]
