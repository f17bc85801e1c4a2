classes = win,unix,other
[tcp:request]
label = s:unix:Linux:3.x
sig = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0
