; A p0f.fp-format database for tests (not for use): one sig per quirk,
; window form, option kind and field syntax that the stock p0f.fp does not
; use, so `synpcap.py fromfp` realises each of them and t110 checks that
; p0f 3.09b and synprint --compat agree on all of them. The labels name the
; property under test; they are not operating systems.

classes = win,unix,other

[mtu]

label = Ethernet or modem
sig   = 1500
label = DSL
sig   = 1492

[tcp:request]

label = s:unix:Q-id-minus:
sig   = 4:64:0:*:mss*10,7:mss,sok,ts,nop,ws:id-:0
label = s:unix:Q-zero-plus:
sig   = 4:64:0:*:mss*10,7:mss,sok,ts,nop,ws:df,id+,0+:0
label = s:unix:Q-flow:
sig   = 6:64:0:*:mss*10,7:mss,sok,ts,nop,ws:flow:0
label = s:unix:Q-seq-minus:
sig   = *:64:0:*:mss*11,7:mss,sok,ts,nop,ws:df,id+,seq-:0
label = s:unix:Q-urgf-plus:
sig   = *:64:0:*:mss*12,7:mss,sok,ts,nop,ws:df,id+,urgf+:0
label = s:unix:Q-pushf-plus:
sig   = *:64:0:*:mss*13,7:mss,sok,ts,nop,ws:df,id+,pushf+:0
label = s:unix:Q-uptr-plus:
sig   = *:64:0:*:mss*14,7:mss,sok,ts,nop,ws:df,id+,uptr+:0
label = s:unix:Q-ts1-minus:
sig   = *:64:0:*:mss*15,7:mss,sok,ts,nop,ws:df,id+,ts1-:0
label = s:unix:Q-ts2-plus:
sig   = *:64:0:*:mss*16,7:mss,sok,ts,nop,ws:df,id+,ts2+:0
label = s:unix:Q-opt-plus:
sig   = *:64:0:*:65535,6:mss,nop,ws,sok,eol+5:df,id+,opt+:0
label = s:unix:Q-eol-pad:
sig   = *:64:0:*:65535,6:mss,nop,ws,sok,eol+5:df,id+:0
label = s:unix:Q-exws:
sig   = *:64:0:*:mss*17,*:mss,sok,ts,nop,ws:df,id+,exws:0
label = s:unix:Q-bad:
sig   = *:64:0:*:mss*18,7:mss,sok,ts,nop,ws:df,id+,bad:0
label = s:unix:Q-ack-plus:
sig   = *:64:0:*:mss*19,7:mss,sok,ts,nop,ws:df,id+,ack+:0
label = s:unix:Q-ecn:
sig   = *:64:0:*:mss*21,7:mss,sok,ts,nop,ws:df,id+,ecn:0
label = s:unix:Q-payload:
sig   = *:64:0:*:mss*22,7:mss,sok,ts,nop,ws:df,id+:+
label = s:unix:Q-ip-options:
sig   = 4:64:8:*:mss*23,7:mss,sok,ts,nop,ws:df,id+:0
label = s:unix:Q-win-mod:
sig   = *:64:0:*:%512,7:mss,nop,ws:df,id+:0
label = s:unix:Q-win-mtu:
sig   = *:64:0:1460:mtu*4,7:mss,ws,nop:df,id+:0
label = s:unix:Q-unknown-option:
sig   = *:64:0:*:mss*24,7:mss,?30,ws,nop,nop,nop:df,id+:0
label = s:unix:Q-sack:
sig   = *:64:0:*:mss*25,0:mss,sack,nop,nop:df,id+:0
label = s:unix:Q-ttl-plus:
sig   = *:60+4:0:*:mss*26,7:mss,sok,ts,nop,ws:df,id+:0
label = s:unix:Q-no-options:
sig   = *:255:0:0:5840,0:::0
label = g:unix:Q-generic:
sig   = *:255:0:*:*,*:mss:df,id+:0
label = s:!:Q-app-random-ttl:
sys   = @unix
sig   = *:128-:0:1234:1024,0:mss::0

[tcp:response]

label = s:unix:QR-ack-minus:
sig   = *:64:0:*:mss*10,0:mss:df,ack-:0
label = s:unix:QR-win-mtu:
sig   = *:64:0:*:mtu*3,0:mss,nop,ws:df:0
label = s:unix:QR-payload:
sig   = *:64:0:*:mss*5,0:mss:df:+
label = s:unix:QR-ecn:
sig   = *:64:0:*:mss*6,0:mss:df,ecn:0
label = s:unix:QR-ts1-minus:
sig   = *:64:0:*:mss*7,0:mss,nop,nop,ts:df,ts1-:0
