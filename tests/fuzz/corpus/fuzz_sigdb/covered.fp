classes = win,unix,other
[tcp:request]
label = s:unix:A:1
sig = 4:64:0:1460:*,0:mss,sok:df,id+:0
label = s:unix:B:1
sig = 4:64:0:1460:65535,0:mss,sok:df,id+:0
