classes = win,unix,other
[tcp:request]
label = s:unix:A:1
sig = 4:64-:4:*:%512,*:?30,nop,eol+3:ecn,0+,seq-,ack+,uptr+,urgf+,pushf+,ts1-,ts2+,opt+,exws,bad:+
sig = 6:60+4:0:0:mss*1000,255:sack,mss:flow:*
