classes = win,unix,other
[tcp:request]
label = s:other:Odd:a"b\c	de
sig = *:255:0:0:65535,0:::0
[mtu]
label = "q" \
sig = 1500
