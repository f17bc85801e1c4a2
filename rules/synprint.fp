;
; synprint signature database (rules/synprint.fp)
; ================================================
;
; Format: p0f 3.09b fingerprint file; p0f itself loads it (p0f -f FILE).
; It restates every statement of the stock p0f 3.09b database and adds
; signatures for current stacks (Windows 10/11, Linux 4.19 and newer, Apple
; stacks that zero the IP ID, Android-style Linux windows, IPv6 SYNs that carry
; a flow label). Every added signature carries a comment saying where the fact
; was published or how it was observed. Source abbreviations used below:
;
;   stock      p0f 3.09b p0f.fp (Debian package 3.09b, /etc/p0f/p0f.fp)
;   peace      peace-maker/p0f3-database p0f.fp @ 7687e779
;   mat1       mat-1/p0f p0f.fp @ 46f8d7e9
;   huginn     biandratti/huginn-net huginn-net-db/config/tcp_syn.fp @ 6bafcdd8
;              ("observed additions" section)
;   satori     xnih/satori tcp.xml @ 73fa88fe (SYN tests, p0f-v2 style)
;   foxio      FoxIO-LLC/ja4 JA4T mapping (ja4plus-mapping.csv) @ 0e54bc83
;   osfooler   segofensiva/OSfooler-ng issue #1 (a user's iPhone raw_sig, 2019)
;   corpus:F   SYNs in the public capture file F (see docs/FINGERPRINTS.md;
;              zeek/zeek @ a13de64f, OISF/suricata-verify @ 10a45e4b, ...)
;   t150       observed on this project's test machine (Linux 6.18, default
;              sysctls: tcp_rmem "4096 131072 33554432") through a veth pair
;              between two network namespaces, tests/tools/sigcheck-capture.sh
;              and tests/integration/t150-sigdb-p0f.sh
;
; Kernel facts used for the Linux labels (public kernel commits):
;   a337531b942b "tcp: up initial rmem to 128KB and SYN rwin to around 64KB"
;       (mainline 4.20, also in 4.19.y stable): the SYN window becomes the
;       largest multiple of the MSS below 64 KiB, i.e. mss*floor(65536/mss):
;       64240 = mss*44 at MSS 1460, mss*45 at 1440, mss*46 at 1420, mss*49 at
;       1320, mss*7 at 8961. Earlier 3.x/4.x kernels send mss*20 (29200).
;   dfa2f0483360 "tcp: get rid of sysctl_tcp_adv_win_scale" (6.6) halved it to
;       32120 = mss*22; 697a6c8cec03 "tcp: increase the default TCP scaling
;       ratio" (6.10, backported to 6.6.y/6.9.y stable) restored mss*44.
;   572be9bf9d0d "tcp: increase tcp_rmem[2] to 32 MB" (6.16): the SYN window
;       scale follows max(tcp_rmem[2], rmem_max) and goes from 7 (6 MB) to 10.
;   Window scale is therefore a sysctl-dependent heuristic, not a version
;   number: a tuned 5.x box with 32 MB buffers also sends scale 10, and a
;   6.16+ box with lowered buffers sends 7. Labels name the kernel range in
;   which the default settings produce the signature.
;
; Matching reminders (p0f 3.09b): within one option layout the first
; specific exact match in file order wins; generic (g:) labels only apply
; when no specific one matches; a specific signature exactly covered by an
; earlier specific one is a fatal load error. The ip version field only masks
; quirks: a "6:" signature with "flow" matches IPv6 SYNs with a flow label.
;

classes = win,unix,other

; ==========================================================================
; Link types by MTU (MSS+40 for IPv4, MSS+60 for IPv6). published: stock
; ==========================================================================

[mtu]

label = Ethernet or modem
sig   = 576
sig   = 1500

label = DSL
sig   = 1452
sig   = 1454
sig   = 1492

label = GIF
sig   = 1240
sig   = 1280

label = generic tunnel or VPN
sig   = 1300
sig   = 1400
sig   = 1420
sig   = 1440
sig   = 1450
sig   = 1460

label = IPSec or GRE
sig   = 1476

label = IPIP or SIT
sig   = 1480

label = PPTP
sig   = 1490

label = AX.25 radio modem
sig   = 256

label = SLIP
sig   = 552

label = Google
sig   = 1470

label = VLAN
sig   = 1496

label = Ericsson HIS modem
sig   = 1656

label = jumbo Ethernet
sig   = 9000

label = loopback
sig   = 3924
sig   = 16384
sig   = 16436

; --- synprint additions ---

; Linux loopback (MTU 65536, MSS 65495 over IPv4, raw_mtu = MSS+40 = 65535).
; observed: t150 (lo in the server namespace); corpus: zeek, suricata-verify
label = loopback
sig   = 65535

; AWS-style 9001-byte jumbo frames (MSS 8961).
; published: foxio (AWS Linux 2, MSS 8961); observed: corpus suricata-verify
label = jumbo Ethernet
sig   = 9001

; ==========================================================================
; TCP SYN signatures. Stock statements below are restated from p0f 3.09b
; (published: stock) unless a comment says otherwise.
; ==========================================================================

[tcp:request]

; --- Linux (stock) ---

label = s:unix:Linux:3.11 and newer
sig   = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0
; IPv6 SYN of the same kernels (3.11-4.18) with an automatic flow label.
; observed: corpus suricata-verify (6:64:0:1440:mss*20,7 with flow, 2019)
sig   = 6:64:0:*:mss*20,7:mss,sok,ts,nop,ws:flow:0

label = s:unix:Linux:3.1-3.10
sig   = *:64:0:*:mss*10,4:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*10,5:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*10,6:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*10,7:mss,sok,ts,nop,ws:df,id+:0

label = s:unix:Linux:2.6.x
sig   = *:64:0:*:mss*4,6:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*4,7:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*4,8:mss,sok,ts,nop,ws:df,id+:0

label = s:unix:Linux:2.4.x
sig   = *:64:0:*:mss*4,0:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*4,1:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*4,2:mss,sok,ts,nop,ws:df,id+:0

label = s:unix:Linux:2.2.x
sig   = *:64:0:*:mss*11,0:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*20,0:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*22,0:mss,sok,ts,nop,ws:df,id+:0

label = s:unix:Linux:2.0
sig   = *:64:0:*:mss*12,0:mss::0
sig   = *:64:0:*:16384,0:mss::0

label = s:unix:Linux:3.x (loopback)
sig   = *:64:0:16396:mss*2,4:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:16376:mss*2,4:mss,sok,ts,nop,ws:df,id+:0

label = s:unix:Linux:2.6.x (loopback)
sig   = *:64:0:16396:mss*2,2:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:16376:mss*2,2:mss,sok,ts,nop,ws:df,id+:0

label = s:unix:Linux:2.4.x (loopback)
sig   = *:64:0:16396:mss*2,0:mss,sok,ts,nop,ws:df,id+:0

label = s:unix:Linux:2.2.x (loopback)
sig   = *:64:0:3884:mss*8,0:mss,sok,ts,nop,ws:df,id+:0

label = s:unix:Linux:2.6.x (Google crawler)
sig   = 4:64:0:1430:mss*4,6:mss,sok,ts,nop,ws::0

label = s:unix:Linux:(Android)
sig   = *:64:0:*:mss*44,1:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*44,3:mss,sok,ts,nop,ws:df,id+:0

; ---------------------------------------------------------------------------
; synprint: Linux 4.19 and newer
; ---------------------------------------------------------------------------
; SYN window = mss*floor(65536/mss) (kernel commit a337531b942b, see header),
; layout and quirks unchanged since 3.x. Scale 7 = tcp_rmem[2] 6 MB, the
; default up to 6.15. The "6:...:flow" lines are the IPv6 SYNs of the same
; kernels: Linux puts an automatic flow label on every IPv6 SYN
; (net.ipv6.auto_flowlabels), which no stock signature allows.
; Label wording: peace calls mss*44,7 "4.x and newer" and mat1 "5.x"; the
; window change is 4.19/4.20 and scale 7 stops being the default in 6.16,
; hence "4.19-6.15".
;   mss*44,7   published: peace, mat1 (MSS 1460), huginn; satori (Debian 12.5,
;              Ubuntu 20.x/22.x: 64240, W7); foxio (WSL Ubuntu 22.04)
;   mss*49,7   published: mat1 (MSS 1320, "5.x (WSL)")
;   mss*45,7 / mss*46,7 with flow: observed: corpus zeek/suricata-verify
;              (6:64:0:1440:mss*45,7 and 6:64:0:1420:mss*46,7, flow)
;   mss*7,7    published: foxio (AWS Linux 2, MSS 8961), mat1 (MSS 8960,
;              "Oracle Cloud"); observed: corpus suricata-verify
;   other N    derived from the same kernel rule for MSS 1213-1489 (VPN,
;              PPPoE, tunnels), not individually observed
label = s:unix:Linux:4.19-6.15
sig   = *:64:0:*:mss*44,7:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*45,7:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*46,7:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*47,7:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*48,7:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*49,7:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*50,7:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*51,7:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*52,7:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*53,7:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*7,7:mss,sok,ts,nop,ws:df,id+:0
sig   = 6:64:0:*:mss*44,7:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*45,7:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*46,7:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*47,7:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*48,7:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*49,7:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*50,7:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*51,7:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*52,7:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*53,7:mss,sok,ts,nop,ws:flow:0
; Same stack, scale 10: tcp_rmem[2] = 32 MB, the default since 6.16.
;   mss*44,10 (IPv4) and mss*45,10 with flow (IPv6, MSS 1440): observed: t150
;              (Linux 6.18); corpus suricata-verify/zeek (66 SYNs, all but one
;              captured 2026; one 2020 capture shows a tuned older kernel);
;              published: huginn (mss*44,10, "Linux")
;   other N    derived from the kernel rule, as above
label = s:unix:Linux:6.16 and newer
sig   = *:64:0:*:mss*44,10:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*45,10:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*46,10:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*47,10:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*48,10:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*49,10:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*50,10:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*51,10:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*52,10:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*53,10:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*7,10:mss,sok,ts,nop,ws:df,id+:0
sig   = 6:64:0:*:mss*44,10:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*45,10:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*46,10:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*47,10:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*48,10:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*49,10:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*50,10:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*51,10:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*52,10:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*53,10:mss,sok,ts,nop,ws:flow:0
; 32120 = mss*22 at MSS 1460: kernels with commit dfa2f0483360 but without
; 697a6c8cec03 (6.6 to 6.9, e.g. Ubuntu 24.04's 6.8).
; published: satori (Ubuntu 24.x: 32120, W7); observed: corpus zeek and
; suricata-verify (15 SYNs, all captured 2024)
label = s:unix:Linux:6.6-6.9
sig   = *:64:0:*:mss*22,7:mss,sok,ts,nop,ws:df,id+:0

; Loopback: lo has MTU 65536, so MSS 65495 (IPv4) / 65476 (IPv6) and the
; window is that MSS once (mss*1) on 4.19+. Scale left open (7 or 10 with
; default sysctls).
; observed: t150 (lo, mss*1,10 on IPv4 and mss*1,10 + flow on IPv6);
; corpus zeek/suricata-verify (580 IPv4 and 35 IPv6 SYNs, mss*1,7)
label = s:unix:Linux:4.19 and newer (loopback)
sig   = *:64:0:65495:mss*1,*:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:65476:mss*1,*:mss,sok,ts,nop,ws:df,id+:0
sig   = 6:64:0:65476:mss*1,*:mss,sok,ts,nop,ws:flow:0

; Older loopback: 43690 = half of the pre-4.19 tcp_rmem[1] default (87380).
; observed: corpus zeek/suricata-verify (26 IPv4 SYNs 2013-2019; IPv6 with
; and without flow label)
label = s:unix:Linux:3.x-4.18 (loopback)
sig   = *:64:0:65495:43690,*:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:65476:43690,*:mss,sok,ts,nop,ws:df,id+:0
sig   = 6:64:0:65476:43690,*:mss,sok,ts,nop,ws:flow:0

; A Linux layout with the window pinned at 65535: tcp_rmem[1] raised far
; above the default, so the SYN window hits the 16-bit cap. Android sets such
; buffers from its network stack settings, so this is mostly Android, but a
; hand-tuned Linux server looks identical (foxio lists an Ubuntu 22.04 with
; 65535,8) -- hence the label says both.
;   published: satori (Android 5.1-10: scales 6, 7, 8, 9; Fire TV: 6);
;   huginn (Android: 7, 8, 9, 10); huginn config/p0f.fp (Android: 6, 8)
label = s:unix:Linux:Android or large tcp_rmem
sig   = *:64:0:*:65535,6:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:65535,7:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:65535,8:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:65535,9:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:65535,10:mss,sok,ts,nop,ws:df,id+:0

; Catch-all for the 4.19+ window with other (tuned) scales, e.g. mss*44,5 or
; mss*44,9. Placed before the stock catch-alls so that it is the first
; generic match. published: huginn (mss*44,9); observed: corpus (mss*44,5)
label = g:unix:Linux:4.19 and newer
sig   = *:64:0:*:mss*44,*:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*45,*:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*46,*:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*47,*:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*48,*:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*49,*:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*50,*:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*51,*:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*52,*:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*53,*:mss,sok,ts,nop,ws:df,id+:0
sig   = 6:64:0:*:mss*44,*:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*45,*:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*46,*:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*47,*:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*48,*:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*49,*:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*50,*:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*51,*:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*52,*:mss,sok,ts,nop,ws:flow:0
sig   = 6:64:0:*:mss*53,*:mss,sok,ts,nop,ws:flow:0

label = g:unix:Linux:3.x
sig   = *:64:0:*:mss*10,*:mss,sok,ts,nop,ws:df,id+:0

label = g:unix:Linux:2.4.x-2.6.x
sig   = *:64:0:*:mss*4,*:mss,sok,ts,nop,ws:df,id+:0

label = g:unix:Linux:2.2.x-3.x
sig   = *:64:0:*:*,*:mss,sok,ts,nop,ws:df,id+:0

label = g:unix:Linux:2.2.x-3.x (no timestamps)
sig   = *:64:0:*:*,*:mss,nop,nop,sok,nop,ws:df,id+:0

label = g:unix:Linux:2.2.x-3.x (barebone)
sig   = *:64:0:*:*,0:mss:df,id+:0

; --- Windows (stock) ---

label = s:win:Windows:XP
sig   = *:128:0:*:16384,0:mss,nop,nop,sok:df,id+:0
sig   = *:128:0:*:65535,0:mss,nop,nop,sok:df,id+:0
sig   = *:128:0:*:65535,0:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:128:0:*:65535,1:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:128:0:*:65535,2:mss,nop,ws,nop,nop,sok:df,id+:0

label = s:win:Windows:7 or 8
sig   = *:128:0:*:8192,0:mss,nop,nop,sok:df,id+:0
sig   = *:128:0:*:8192,2:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:128:0:*:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:128:0:*:8192,2:mss,nop,ws,sok,ts:df,id+:0

label = s:win:Windows:7 (Websense crawler)
sig   = *:64:0:1380:mss*4,6:mss,nop,nop,ts,nop,ws:df,id+:0
sig   = *:64:0:1380:mss*4,7:mss,nop,nop,ts,nop,ws:df,id+:0

; ---------------------------------------------------------------------------
; synprint: Windows 10 / 11
; ---------------------------------------------------------------------------
; Since Windows 10 the SYN window is 64240 rounded to a multiple of the MSS
; (mss*44 at MSS 1460, mss*47 at 1366/1378, mss*52 at 1240), scale 8, IP ID
; counting, DF set. Windows 11 uses the same stack; so do Server 2016-2022.
; satori also lists 64240 for some updated Windows 7 SP1 hosts: the label
; cannot exclude them.
;   mss*44,8   published: peace ("10 or 11"), mat1, foxio (Windows 10 JA4T
;              64240_2-1-3-1-1-4_1460_8), huginn, satori (Windows 10 1703-1909)
;   mss*47,8 / mss*52,8  published: satori (Windows 10, MSS 1366/1378/1240),
;              huginn
;   mss*45,8 / mss*46,8 / mss*48,8  published: huginn (TTL 128 entries)
;   mss*44,8 with timestamps (mss,nop,ws,sok,ts): published: satori (Windows
;              10 1703-1909 "64240:128:1:60:M1460,N,W8,S,T")
label = s:win:Windows:10 or 11
sig   = *:128:0:*:mss*44,8:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:128:0:*:mss*45,8:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:128:0:*:mss*46,8:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:128:0:*:mss*47,8:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:128:0:*:mss*48,8:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:128:0:*:mss*52,8:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:128:0:*:mss*44,8:mss,nop,ws,sok,ts:df,id+:0

; 65535 with scale 8 (an application asked for a large receive buffer).
; published: satori (Windows 8; Windows 10 1703, 1709, 1803), huginn
; (Windows 10 and observed); observed: corpus suricata-verify/zeek (11 SYNs,
; all captured 2020 or later)
label = s:win:Windows:8 or newer
sig   = *:128:0:*:65535,8:mss,nop,ws,nop,nop,sok:df,id+:0

label = g:win:Windows:NT kernel 5.x
sig   = *:128:0:*:16384,*:mss,nop,nop,sok:df,id+:0
sig   = *:128:0:*:65535,*:mss,nop,nop,sok:df,id+:0
sig   = *:128:0:*:16384,*:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:128:0:*:65535,*:mss,nop,ws,nop,nop,sok:df,id+:0

label = g:win:Windows:NT kernel 6.x
sig   = *:128:0:*:8192,*:mss,nop,nop,sok:df,id+:0
sig   = *:128:0:*:8192,*:mss,nop,ws,nop,nop,sok:df,id+:0

label = g:win:Windows:NT kernel
sig   = *:128:0:*:*,*:mss,nop,nop,sok:df,id+:0
sig   = *:128:0:*:*,*:mss,nop,ws,nop,nop,sok:df,id+:0

; --- Apple (stock) ---

label = s:unix:Mac OS X:10.x
sig   = *:64:0:*:65535,1:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0
sig   = *:64:0:*:65535,3:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0

label = s:unix:MacOS X:10.9 or newer (sometimes iPhone or iPad)
sig   = *:64:0:*:65535,4:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0

label = s:unix:iOS:iPhone or iPad
sig   = *:64:0:*:65535,2:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0

; ---------------------------------------------------------------------------
; synprint: Apple (macOS, iOS, iPadOS)
; ---------------------------------------------------------------------------
; Layout unchanged since 10.x; from 10.13 / iOS 12 the IP ID of the SYN is 0
; (quirk "df" without "id+"; satori marks these "Z"). macOS and iOS/iPadOS
; share the stack and cannot be told apart reliably from a SYN.

; 10.10-10.12: scale 5, IP ID still counting.
; published: satori (10.10.x, 10.11.x, 10.12.x: W5 without Z);
; observed: corpus zeek/chrissanders/suricata-verify (110 SYNs, 2014-2018)
label = s:unix:Mac OS X:10.10-10.12
sig   = *:64:0:*:65535,5:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0

; scale 5 with IP ID 0.
; published: satori (10.13.x, 10.14.x, iOS 13.x: W5 with Z), huginn
; (iOS/macOS); observed: corpus (8 IPv4 SYNs 2017-2021, one IPv6 with flow)
label = s:unix:macOS:10.13-10.14 or iOS
sig   = *:64:0:*:65535,5:mss,nop,ws,nop,nop,ts,sok,eol+1:df:0
sig   = 6:64:0:*:65535,5:mss,nop,ws,nop,nop,ts,sok,eol+1:flow:0

; scale 6 with IP ID 0: current macOS (11 and later included) and iOS.
; published: satori (10.14.x, 10.15.x, iOS 13.x: W6 with Z), foxio ("Mac
; OSX/iPhone" 65535_2-1-3-1-1-8-4-0-0_1460_6), huginn (iOS/macOS);
; observed: corpus (73 IPv4 SYNs 2018-2025; IPv6 ones carry a flow label)
label = s:unix:macOS:10.14 or newer or iOS
sig   = *:64:0:*:65535,6:mss,nop,ws,nop,nop,ts,sok,eol+1:df:0
sig   = 6:64:0:*:65535,6:mss,nop,ws,nop,nop,ts,sok,eol+1:flow:0

; scale 7 with IP ID 0: iPhone / iPad.
; published: satori (iOS 12.x, iOS 13.x: W7 with Z), osfooler (iPhone
; 4:57+7:0:1460:65535,7:...:df:0), huginn (iOS/macOS); observed: corpus (2)
label = s:unix:iOS:12 or newer (iPhone, iPad)
sig   = *:64:0:*:65535,7:mss,nop,ws,nop,nop,ts,sok,eol+1:df:0

label = g:unix:Mac OS X:
sig   = *:64:0:*:65535,*:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0

; --- FreeBSD (stock; no published FreeBSD 13/14 SYN differs from these) ---

label = s:unix:FreeBSD:9.x or newer
sig   = *:64:0:*:65535,6:mss,nop,ws,sok,ts:df,id+:0
; IPv6 SYN of the same stack: FreeBSD labels IPv6 flows by default
; (net.inet6.ip6.auto_flowlabel=1). observed: corpus zeek (3 SYNs)
sig   = 6:64:0:*:65535,6:mss,nop,ws,sok,ts:flow:0

label = s:unix:FreeBSD:8.x
sig   = *:64:0:*:65535,3:mss,nop,ws,sok,ts:df,id+:0

label = g:unix:FreeBSD:
sig   = *:64:0:*:65535,*:mss,nop,ws,sok,ts:df,id+:0

; --- OpenBSD (stock; no published OpenBSD 6/7 SYN found) ---

label = s:unix:OpenBSD:3.x
sig   = *:64:0:*:16384,0:mss,nop,nop,sok,nop,ws,nop,nop,ts:df,id+:0

label = s:unix:OpenBSD:4.x-5.x
sig   = *:64:0:*:16384,3:mss,nop,nop,sok,nop,ws,nop,nop,ts:df,id+:0

; --- other systems, scanners, tools (stock) ---

label = s:unix:Solaris:8
sig   = *:64:0:*:32850,1:nop,ws,nop,nop,ts,nop,nop,sok,mss:df,id+:0

label = s:unix:Solaris:10
sig   = *:64:0:*:mss*34,0:mss,nop,ws,nop,nop,sok:df,id+:0

label = s:unix:OpenVMS:8.x
sig   = 4:128:0:1460:mtu*2,0:mss,nop,ws::0

label = s:unix:OpenVMS:7.x
sig   = 4:64:0:1460:61440,0:mss,nop,ws::0

label = s:other:NeXTSTEP:
sig   = 4:64:0:1024:mss*4,0:mss::0

label = s:unix:Tru64:4.x
sig   = 4:64:0:1460:32768,0:mss,nop,ws:df,id+:0

label = s:!:NMap:SYN scan
sys   = @unix,@win
sig   = *:64-:0:1460:1024,0:mss::0
sig   = *:64-:0:1460:2048,0:mss::0
sig   = *:64-:0:1460:3072,0:mss::0
sig   = *:64-:0:1460:4096,0:mss::0

label = s:!:NMap:OS detection
sys   = @unix,@win
sig   = *:64-:0:265:512,0:mss,sok,ts:ack+:0
sig   = *:64-:0:0:4,10:sok,ts,ws,eol+0:ack+:0
sig   = *:64-:0:1460:1,10:ws,nop,mss,ts,sok:ack+:0
sig   = *:64-:0:536:16,10:mss,sok,ts,ws,eol+0:ack+:0
sig   = *:64-:0:640:4,5:ts,nop,nop,ws,nop,mss:ack+:0
sig   = *:64-:0:1400:63,0:mss,ws,sok,ts,eol+0:ack+:0
sig   = *:64-:0:265:31337,10:ws,nop,mss,ts,sok:ack+:0
sig   = *:64-:0:1460:3,10:ws,nop,mss,sok,nop,nop:ecn,uptr+:0

; synprint: packet tools (class "!" = application, never sets the host OS).
; Scapy's default TCP() SYN: no options, window 8192, sequence number 0.
; published: mat1 ("Scapy: Default TCP() packet"); observed: corpus zeek,
; suricata-verify, tcpdump (IPv4 and IPv6)
label = s:!:Scapy:default TCP() packet
sys   = @unix,@win
sig   = *:64:0:0:8192,0::seq-:0

; ZMap's TCP SYN scan probe: TTL 255, window 65535, no options.
; published: mat1 ("ZMap: TCP scan")
label = s:!:ZMap:TCP scan
sys   = @unix,@win
sig   = *:255:0:0:65535,0:::0

label = s:unix:p0f:sendsyn utility
sig   = *:192:0:1331:1337,0:mss,nop,eol+18::0
sig   = *:192:0:1331:1337,0:mss,ts,nop,eol+8::0
sig   = *:192:0:1331:1337,5:mss,ws,nop,eol+15::0
sig   = *:192:0:1331:1337,0:mss,sok,nop,eol+16::0
sig   = *:192:0:1331:1337,5:mss,ws,ts,nop,eol+5::0
sig   = *:192:0:1331:1337,0:mss,sok,ts,nop,eol+6::0
sig   = *:192:0:1331:1337,5:mss,ws,sok,nop,eol+13::0
sig   = *:192:0:1331:1337,5:mss,ws,sok,ts,nop,eol+3::0

label = s:other:Blackberry:
sig   = *:128:0:1452:65535,0:mss,nop,nop,sok,nop,nop,ts::0

label = s:other:Nintendo:3DS
sig   = *:64:0:1360:32768,0:mss,nop,nop,sok:df,id+:0

label = s:other:Nintendo:Wii
sig   = 4:64:0:1460:32768,0:mss,nop,nop,sok:df,id+:0

label = s:unix:BaiduSpider:
sig   = *:64:0:1460:mss*4,7:mss,sok,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,ws:df,id+:0
sig   = *:64:0:1460:mss*4,2:mss,sok,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,ws:df,id+:0

; ==========================================================================
; TCP SYN+ACK signatures. published: stock, unless a comment says otherwise.
; ==========================================================================

[tcp:response]

; --- Linux (stock) ---

label = s:unix:Linux:3.x
sig   = *:64:0:*:mss*10,0:mss:df:0
sig   = *:64:0:*:mss*10,0:mss,sok,ts:df:0
sig   = *:64:0:*:mss*10,0:mss,nop,nop,ts:df:0
sig   = *:64:0:*:mss*10,0:mss,nop,nop,sok:df:0
sig   = *:64:0:*:mss*10,*:mss,nop,ws:df:0
sig   = *:64:0:*:mss*10,*:mss,sok,ts,nop,ws:df:0
sig   = *:64:0:*:mss*10,*:mss,nop,nop,ts,nop,ws:df:0
sig   = *:64:0:*:mss*10,*:mss,nop,nop,sok,nop,ws:df:0

label = s:unix:Linux:2.4-2.6
sig   = *:64:0:*:mss*4,0:mss:df:0
sig   = *:64:0:*:mss*4,0:mss,sok,ts:df:0
sig   = *:64:0:*:mss*4,0:mss,nop,nop,ts:df:0
sig   = *:64:0:*:mss*4,0:mss,nop,nop,sok:df:0

label = s:unix:Linux:2.4.x
sig   = *:64:0:*:mss*4,0:mss,nop,ws:df:0
sig   = *:64:0:*:mss*4,0:mss,sok,ts,nop,ws:df:0
sig   = *:64:0:*:mss*4,0:mss,nop,nop,ts,nop,ws:df:0
sig   = *:64:0:*:mss*4,0:mss,nop,nop,sok,nop,ws:df:0

label = s:unix:Linux:2.6.x
sig   = *:64:0:*:mss*4,*:mss,nop,ws:df:0
sig   = *:64:0:*:mss*4,*:mss,sok,ts,nop,ws:df:0
sig   = *:64:0:*:mss*4,*:mss,nop,nop,ts,nop,ws:df:0
sig   = *:64:0:*:mss*4,*:mss,nop,nop,sok,nop,ws:df:0

; ---------------------------------------------------------------------------
; synprint: Linux 4.19 and newer, SYN+ACK
; ---------------------------------------------------------------------------
; The listener's window is the largest MSS multiple below 64 KiB, counted on
; MSS-12 when timestamps are on: 64240 (mss*44) or 65160 (mss*45 via
; 1448); IP ID 0 with DF (quirk "df" only). One line per option set a client
; can offer (the server drops what the client did not offer).
; Scale 7: published: peace (all 8 variants, "5.x").
label = s:unix:Linux:4.19-6.15
sig   = *:64:0:*:mss*44,7:mss,nop,ws:df:0
sig   = *:64:0:*:mss*44,7:mss,nop,nop,sok,nop,ws:df:0
sig   = *:64:0:*:mss*45,7:mss,nop,nop,ts,nop,ws:df:0
sig   = *:64:0:*:mss*45,7:mss,sok,ts,nop,ws:df:0

; Scale 10: observed: t150 (Linux 6.18; the reduced option sets were
; provoked with hand-made SYNs, tests/tools/sigcheck-capture.sh --probes;
; IPv6 SYN+ACK with flow label from a normal client).
label = s:unix:Linux:6.16 and newer
sig   = *:64:0:*:mss*44,10:mss,nop,ws:df:0
sig   = *:64:0:*:mss*44,10:mss,nop,nop,sok,nop,ws:df:0
sig   = *:64:0:*:mss*45,10:mss,nop,nop,ts,nop,ws:df:0
sig   = *:64:0:*:mss*45,10:mss,sok,ts,nop,ws:df:0
sig   = 6:64:0:*:mss*45,10:mss,sok,ts,nop,ws:flow:0

; Without a window scale option the version cannot be narrowed.
; published: peace (4 variants); observed: t150 (same 4 variants)
label = s:unix:Linux:4.19 and newer
sig   = *:64:0:*:mss*44,0:mss:df:0
sig   = *:64:0:*:mss*44,0:mss,nop,nop,sok:df:0
sig   = *:64:0:*:mss*45,0:mss,nop,nop,ts:df:0
sig   = *:64:0:*:mss*45,0:mss,sok,ts:df:0

; Loopback listener (MSS 65495 / 65476, window = one MSS).
; observed: t150 (lo; IPv4 and IPv6 with flow label, scale 10)
label = s:unix:Linux:4.19 and newer (loopback)
sig   = *:64:0:65495:mss*1,*:mss,sok,ts,nop,ws:df:0
sig   = *:64:0:65476:mss*1,*:mss,sok,ts,nop,ws:df:0
sig   = 6:64:0:65476:mss*1,*:mss,sok,ts,nop,ws:flow:0

; --- Windows (stock) ---

label = s:win:Windows:XP
sig   = *:128:0:*:65535,0:mss:df,id+:0
sig   = *:128:0:*:65535,0:mss,nop,ws:df,id+:0
sig   = *:128:0:*:65535,0:mss,nop,nop,sok:df,id+:0
sig   = *:128:0:*:65535,0:mss,nop,nop,ts:df,id+,ts1-:0
sig   = *:128:0:*:65535,0:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:128:0:*:65535,0:mss,nop,ws,nop,nop,ts:df,id+,ts1-:0
sig   = *:128:0:*:65535,0:mss,nop,nop,ts,nop,nop,sok:df,id+,ts1-:0
sig   = *:128:0:*:65535,0:mss,nop,ws,nop,nop,ts,nop,nop,sok:df,id+,ts1-:0
sig   = *:128:0:*:16384,0:mss:df,id+:0
sig   = *:128:0:*:16384,0:mss,nop,ws:df,id+:0
sig   = *:128:0:*:16384,0:mss,nop,nop,sok:df,id+:0
sig   = *:128:0:*:16384,0:mss,nop,nop,ts:df,id+,ts1-:0
sig   = *:128:0:*:16384,0:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:128:0:*:16384,0:mss,nop,ws,nop,nop,ts:df,id+,ts1-:0
sig   = *:128:0:*:16384,0:mss,nop,nop,ts,nop,nop,sok:df,id+,ts1-:0
sig   = *:128:0:*:16384,0:mss,nop,ws,nop,nop,ts,nop,nop,sok:df,id+,ts1-:0

label = s:win:Windows:7 or 8
sig   = *:128:0:*:8192,0:mss:df,id+:0
sig   = *:128:0:*:8192,0:mss,sok,ts:df,id+:0
sig   = *:128:0:*:8192,8:mss,nop,ws:df,id+:0
sig   = *:128:0:*:8192,0:mss,nop,nop,ts:df,id+:0
sig   = *:128:0:*:8192,0:mss,nop,nop,sok:df,id+:0
sig   = *:128:0:*:8192,8:mss,nop,ws,sok,ts:df,id+:0
sig   = *:128:0:*:8192,8:mss,nop,ws,nop,nop,ts:df,id+:0
sig   = *:128:0:*:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0

label = s:unix:FreeBSD:9.x
sig   = *:64:0:*:65535,6:mss,nop,ws:df,id+:0
sig   = *:64:0:*:65535,6:mss,nop,ws,sok,ts:df,id+:0
sig   = *:64:0:*:65535,6:mss,nop,ws,sok,eol+1:df,id+:0
sig   = *:64:0:*:65535,6:mss,nop,ws,nop,nop,ts:df,id+:0

label = s:unix:FreeBSD:8.x
sig   = *:64:0:*:65535,3:mss,nop,ws:df,id+:0
sig   = *:64:0:*:65535,3:mss,nop,ws,sok,ts:df,id+:0
sig   = *:64:0:*:65535,3:mss,nop,ws,sok,eol+1:df,id+:0
sig   = *:64:0:*:65535,3:mss,nop,ws,nop,nop,ts:df,id+:0

label = s:unix:FreeBSD:8.x-9.x
sig   = *:64:0:*:65535,0:mss,sok,ts:df,id+:0
sig   = *:64:0:*:65535,0:mss,sok,eol+1:df,id+:0
sig   = *:64:0:*:65535,0:mss,nop,nop,ts:df,id+:0

label = s:unix:OpenBSD:5.x
sig   = *:64:0:1460:16384,0:mss,nop,nop,sok:df,id+:0
sig   = *:64:0:1460:16384,3:mss,nop,ws:df,id+:0
sig   = *:64:0:1460:16384,3:mss,nop,nop,sok,nop,ws:df,id+:0
sig   = *:64:0:1460:16384,0:mss,nop,nop,ts:df,id+:0
sig   = *:64:0:1460:16384,0:mss,nop,nop,sok,nop,nop,ts:df,id+:0
sig   = *:64:0:1460:16384,3:mss,nop,ws,nop,nop,ts:df,id+:0
sig   = *:64:0:1460:16384,3:mss,nop,nop,sok,nop,ws,nop,nop,ts:df,id+:0

label = s:unix:Mac OS X:10.x
sig   = *:64:0:*:65535,0:mss,nop,ws:df,id+:0
sig   = *:64:0:*:65535,0:mss,sok,eol+1:df,id+:0
sig   = *:64:0:*:65535,0:mss,nop,nop,ts:df,id+:0
sig   = *:64:0:*:65535,0:mss,nop,ws,sok,eol+1:df,id+:0
sig   = *:64:0:*:65535,0:mss,nop,ws,nop,nop,ts:df,id+:0
sig   = *:64:0:*:65535,0:mss,nop,nop,ts,sok,eol+1:df,id+:0
sig   = *:64:0:*:65535,0:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0

label = s:unix:Solaris:6
sig   = 4:255:0:*:mss*7,0:mss:df,id+:0
sig   = 4:255:0:*:mss*7,0:nop,ws,mss:df,id+:0
sig   = 4:255:0:*:mss*7,0:nop,nop,ts,mss:df,id+:0
sig   = 4:255:0:*:mss*7,0:nop,nop,ts,nop,ws,mss:df,id+:0

label = s:unix:Solaris:8
sig   = *:64:0:*:mss*19,0:mss:df,id+:0
sig   = *:64:0:*:mss*19,0:nop,ws,mss:df,id+:0
sig   = *:64:0:*:mss*19,0:nop,nop,ts,mss:df,id+:0
sig   = *:64:0:*:mss*19,0:nop,nop,sok,mss:df,id+:0
sig   = *:64:0:*:mss*19,0:nop,nop,ts,nop,ws,mss:df,id+:0
sig   = *:64:0:*:mss*19,0:nop,ws,nop,nop,sok,mss:df,id+:0
sig   = *:64:0:*:mss*19,0:nop,nop,ts,nop,nop,sok,mss:df,id+:0
sig   = *:64:0:*:mss*19,0:nop,nop,ts,nop,ws,nop,nop,sok,mss:df,id+:0

label = s:unix:Solaris:10
sig   = *:64:0:*:mss*37,0:mss:df,id+:0
sig   = *:64:0:*:mss*37,0:mss,nop,ws:df,id+:0
sig   = *:64:0:*:mss*37,0:nop,nop,ts,mss:df,id+:0
sig   = *:64:0:*:mss*37,0:mss,nop,nop,sok:df,id+:0
sig   = *:64:0:*:mss*37,0:nop,nop,ts,mss,nop,ws:df,id+:0
sig   = *:64:0:*:mss*37,0:mss,nop,ws,nop,nop,sok:df,id+:0
sig   = *:64:0:*:mss*37,0:nop,nop,ts,mss,nop,nop,sok:df,id+:0
sig   = *:64:0:*:mss*37,0:nop,nop,ts,mss,nop,ws,nop,nop,sok:df,id+:0

label = s:unix:HP-UX:11.x
sig   = *:64:0:*:32768,0:mss:df,id+:0
sig   = *:64:0:*:32768,0:mss,ws,nop:df,id+:0
sig   = *:64:0:*:32768,0:mss,nop,nop,ts:df,id+:0
sig   = *:64:0:*:32768,0:mss,nop,nop,sok:df,id+:0
sig   = *:64:0:*:32768,0:mss,ws,nop,nop,nop,ts:df,id+:0
sig   = *:64:0:*:32768,0:mss,nop,nop,sok,ws,nop:df,id+:0
sig   = *:64:0:*:32768,0:mss,nop,nop,sok,nop,nop,ts:df,id+:0
sig   = *:64:0:*:32768,0:mss,nop,nop,sok,ws,nop,nop,nop,ts:df,id+:0

label = s:other:OpenVMS:7.x
sig   = 4:64:0:1460:3993,0:mss::0
sig   = 4:64:0:1460:3993,0:mss,nop,ws::0

label = s:unix:Tru64:4.x
sig   = 4:64:0:1460:mss*25,0:mss,nop,ws:df,id+:0
sig   = 4:64:0:1460:mss*25,0:mss:df,id+:0

; ==========================================================================
; HTTP client signatures, restated unchanged. published: stock
; (synprint only fingerprints TCP; kept so the file is a complete p0f DB).
; ==========================================================================

[http:request]

ua_os = Linux,Windows,iOS=[iPad],iOS=[iPhone],Mac OS X,FreeBSD,OpenBSD,NetBSD,Solaris=[SunOS]

label = s:!:Firefox:2.x
sys   = Windows,@unix
sig   = *:Host,User-Agent,Accept=[,*/*;q=],?Accept-Language,Accept-Encoding=[gzip,deflate],Accept-Charset=[utf-8;q=0.7,*;q=0.7],Keep-Alive=[300],Connection=[keep-alive]::Firefox/

label = s:!:Firefox:3.x
sys   = Windows,@unix
sig   = *:Host,User-Agent,Accept=[,*/*;q=],?Accept-Language,Accept-Encoding=[gzip,deflate],Accept-Charset=[utf-8;q=0.7,*;q=0.7],Keep-Alive=[115],Connection=[keep-alive],?Referer::Firefox/

label = s:!:Firefox:4.x
sys   = Windows,@unix
sig   = *:Host,User-Agent,Accept=[,*/*;q=],?Accept-Language,Accept-Encoding=[gzip, deflate],Accept-Charset=[utf-8;q=0.7,*;q=0.7],Keep-Alive=[115],Connection=[keep-alive],?Referer::Firefox/

label = s:!:Firefox:5.x-9.x
sys   = Windows,@unix
sig   = *:Host,User-Agent,Accept=[,*/*;q=],?Accept-Language,Accept-Encoding=[gzip, deflate],Accept-Charset=[utf-8;q=0.7,*;q=0.7],?DNT=[1],Connection=[keep-alive],?Referer:Keep-Alive:Firefox/
sig   = *:Host,User-Agent,Accept=[,*/*;q=],?Accept-Language,Accept-Encoding=[gzip, deflate],Accept-Charset=[UTF-8,*],?DNT=[1],Connection=[keep-alive],?Referer:Keep-Alive:Firefox/
sig   = *:Host,User-Agent,Accept=[,*/*;q=],?Accept-Language,Accept-Encoding=[gzip, deflate],Accept-Charset=[UTF-8,*],?DNT=[1],?Referer,Connection=[keep-alive]:Keep-Alive:Firefox/
sig   = *:Host,User-Agent,Accept=[,*/*;q=],?Accept-Language,Accept-Encoding=[gzip, deflate],Accept-Charset=[utf-8;q=0.7,*;q=0.7],?DNT=[1],?Referer,Connection=[keep-alive]:Keep-Alive:Firefox/
sig   = *:Host,User-Agent,Accept=[,*/*;q=],?Accept-Language,Accept-Encoding=[gzip, deflate],Accept-Charset=[utf-8;q=0.7,*;q=0.7],?Referer,?DNT=[1],Connection=[keep-alive]:Keep-Alive:Firefox/

label = s:!:Firefox:10.x or newer
sys   = Windows,@unix
sig   = *:Host,User-Agent,Accept=[,*/*;q=],?Accept-Language=[;q=],Accept-Encoding=[gzip, deflate],?DNT=[1],Connection=[keep-alive],?Referer:Accept-Charset,Keep-Alive:Firefox/
sig   = *:Host,User-Agent,Accept=[,*/*;q=],?Accept-Language=[;q=],Accept-Encoding=[gzip, deflate],?DNT=[1],?Referer,Connection=[keep-alive]:Accept-Charset,Keep-Alive:Firefox/

label = s:!:Firefox:10.x or Safari 5.x
sys   = Windows,@unix
sig   = *:Host,User-Agent,Accept=[xml;q=0.9,*/*;q=0.8],Accept-Language,Accept-Encoding=[gzip, deflate],Connection=[keep-alive]:Keep-Alive,Accept-Charset,DNT,Referer:Gecko

label = s:!:MSIE:8 or newer
sys   = Windows
sig   = 1:Accept=[*/*],?Referer,?Accept-Language,User-Agent,Accept-Encoding=[gzip, deflate],Host,Connection=[Keep-Alive]:Keep-Alive,Accept-Charset,UA-CPU:Trident/
sig   = 1:Accept=[*/*],?Referer,?Accept-Language,Accept-Encoding=[gzip, deflate],User-Agent,Host,Connection=[Keep-Alive]:Keep-Alive,Accept-Charset:(compatible; MSIE

label = s:!:MSIE:7
sys   = Windows
sig   = 1:Accept=[*/*],?Referer,?Accept-Language,UA-CPU,User-Agent,Accept-Encoding=[gzip, deflate],Host,Connection=[Keep-Alive]:Keep-Alive,Accept-Charset:(compatible; MSIE

label = s:!:MSIE:6
sys   = Windows
sig   = 0:Accept=[*/*],?Referer,User-Agent,Host:Keep-Alive,Connection,Accept-Encoding,Accept-Language,Accept-Charset:(compatible; MSIE
sig   = 1:Accept=[*/*],Connection=[Keep-Alive],Host,?Pragma=[no-cache],?Range,?Referer,User-Agent:Keep-Alive,Accept-Encoding,Accept-Language,Accept-Charset:(compatible; MSIE

label = s:!:Chrome:11.x to 26.x
sys   = Windows,@unix
sig   = 1:Host,Connection=[keep-alive],User-Agent,Accept=[*/*],?Referer,Accept-Encoding=[gzip,deflate,sdch],Accept-Language,Accept-Charset=[utf-8;q=0.7,*;q=0.3]:: Chrom
sig   = 1:Host,Connection=[keep-alive],User-Agent,Accept=[*/*],?Referer,Accept-Encoding=[gzip,deflate,sdch],Accept-Language,Accept-Charset=[UTF-8,*;q=0.5]:: Chrom
sig   = 1:Host,User-Agent,Accept=[*/*],?Referer,Accept-Encoding=[gzip,deflate,sdch],Accept-Language,Accept-Charset=[utf-8;q=0.7,*;q=0.3],Connection=[keep-alive]::Chrom

label = s:!:Chrome:27.x to 42.x
sys   = Windows,@unix
sig   = 1:Host,Connection=[keep-alive],Accept=[*/*],User-Agent,?Referer,Accept-Encoding=[gzip,deflate,sdch],Accept-Language:Accept-Charset,Keep-Alive: Chrom

label = s:!:Chrome:43.x or 50.x
sys   = Windows,@unix
sig   = 1:Host,Connection=[keep-alive],Accept=[*/*],User-Agent,?Referer,Accept-Encoding=[gzip, deflate, sdch],Accept-Language:Accept-Charset,Keep-Alive: Chrom

label = s:!:Chrome:51.x or newer
sys   = Windows,@unix
sig   = 1:Host,Connection=[keep-alive],Upgrade-Insecure-Requests=[1],User-Agent,Accept=[*/*],Accept-Encoding=[gzip, deflate, sdch],Accept-Language:Accept-Charset,Keep-Alive: Chrom

label = s:!:Opera:19.x or newer
sys   = Windows,@unix
sig   = 1:Host,Connection=[keep-alive],Accept=[*/*;q=0.8],User-Agent,Accept-Encoding=[gzip,deflate,lzma,sdch],Accept-Language=[;q=0.]:Accept-Charset,Keep-Alive:OPR/

label = s:!:Opera:15.x-18.x
sys   = Windows,@unix
sig   = 1:Host,Connection=[keep-alive],Accept=[*/*;q=0.8],User-Agent,Accept-Encoding=[gzip, deflate],Accept-Language=[;q=0.]:Accept-Charset,Keep-Alive:OPR/

label = s:!:Opera:11.x-14.x
sys   = Windows,@unix
sig   = 1:User-Agent,Host,Accept=[*/*;q=0.1],?Accept-Language=[;q=0.],Accept-Encoding=[gzip, deflate],Connection=[Keep-Alive]:Accept-Charset,X-OperaMini-Phone-UA:) Presto/

label = s:!:Opera:10.x
sys   = Windows,@unix
sig   = 1:User-Agent,Host,Accept=[*/*;q=0.1],Accept-Language=[;q=0.],Accept-Charset=[utf-8, utf-16, *;q=0.1],Accept-Encoding=[deflate, gzip, x-gzip, identity, *;q=0],Connection=[Keep-Alive]::Presto/
sig   = 1:User-Agent,Host,Accept=[*/*;q=0.1],Accept-Language=[en],Accept-Encoding=[gzip, deflate],Connection=[Keep-Alive]:Accept-Charset:Opera/

label = s:!:Opera:Mini
sys   = Linux
sig   = 1:User-Agent,Host,Accept=[*/*;q=0.1],Accept-Language=[;q=0.],Accept-Encoding=[gzip, deflate],Connection=[Keep-Alive],X-OperaMini-Phone-UA,X-OperaMini-Features,X-OperaMini-Phone,x-forwarded-for:Accept-Charset:Opera Mini/

label = s:!:Opera:on Nintendo Wii
sys   = Nintendo
sig   = 1:User-Agent,Host,Accept=[*/*;q=0.1],Accept-Language=[en],Accept-Charset=[iso-8859-1, utf-8, utf-16, *;q=0.1],Accept-Encoding=[deflate, gzip, x-gzip, identity, *;q=0],Connection=[Keep-Alive]::Nintendo

label = s:!:Android:2.x
sys   = Linux
sig   = 1:Host,Accept-Encoding=[gzip],Accept-Language,User-Agent,Accept=[,*/*;q=0.5],Accept-Charset=[utf-16, *;q=0.7]:Connection:Android
sig   = 1:Host,Connection=[keep-alive],Accept-Encoding=[gzip],Accept-Language,User-Agent,Accept=[,*/*;q=0.5],Accept-Charset=[utf-16, *;q=0.7]::Android
sig   = 1:Host,Accept-Encoding=[gzip],Accept-Language=[en-US],Accept=[*/*;q=0.5],User-Agent,Accept-Charset=[utf-16, *;q=0.7]:Connection:Android

label = s:!:Android:4.x
sys   = Linux
sig   = 1:Host,Connection=[keep-alive],Accept=[,*/*;q=0.8],User-Agent,Accept-Encoding=[gzip,deflate],Accept-Language,Accept-Charset=[utf-16, *;q=0.7]::Android

label = s:!:Safari:7 or newer
sys   = @unix
sig   = *:Host,Accept-Encoding=[gzip, deflate],Connection=[keep-alive],Accept=[*/*],User-Agent,Accept-Language,?Referer,?DNT:Accept-Charset,Keep-Alive:KHTML, like Gecko)

label = s:!:Safari:5.1-6
sys   = Windows,@unix
sig   = *:Host,User-Agent,Accept=[*/*],?Referer,Accept-Language,Accept-Encoding=[gzip, deflate],Connection=[keep-alive]:Accept-Charset:KHTML, like Gecko)
sig   = *:Host,User-Agent,Accept=[*/*],?Referer,Accept-Encoding=[gzip, deflate],Accept-Language,Connection=[keep-alive]:Accept-Charset:KHTML, like Gecko)

label = s:!:Safari:5.0 or earlier
sys   = Mac OS X
sig   = 0:Host,User-Agent,Connection=[close]:Accept,Accept-Encoding,Accept-Language,Accept-Charset:CFNetwork/

label = s:!:Konqueror:4.6 or earlier
sys   = Linux,FreeBSD,OpenBSD
sig   = 1:Host,Connection=[Keep-Alive],User-Agent,?Pragma,?Cache-control,Accept=[*/*],Accept-Encoding=[x-gzip, x-deflate, gzip, deflate],Accept-Charset=[;q=0.5, *;q=0.5],Accept-Language::Konqueror/

label = s:!:Konqueror:4.7 or newer
sys   = Linux,FreeBSD,OpenBSD
sig   = 1:Host,Connection=[keep-alive],User-Agent,Accept=[*/*],Accept-Encoding=[gzip, deflate, x-gzip, x-deflate],Accept-Charset=[,*;q=0.5],Accept-Language::Konqueror/

label = s:!:BaiduSpider:
sys   = BaiduSpider
sig   = 1:Host,Connection=[close],User-Agent,Accept=[*/*]:Accept-Encoding,Accept-Language,Accept-Charset:Baiduspider-image
sig   = 1:Host,Accept-Language=[zh-cn],Connection=[close],User-Agent:Accept,Accept-Encoding,Accept-Charset:Baiduspider
sig   = 1:Host,Connection=[close],User-Agent,Accept-Language=[zh-cn,zh-tw],Accept-Encoding=[gzip],Accept=[*/*]:Accept-Charset:Baiduspider
sig   = 1:Host,Connection=[close],User-Agent,Accept-Language=[tr-TR],Accept-Encoding=[gzip],Accept=[*/*]:Accept-Charset:Baiduspider
sig   = 1:Host,Connection=[close],User-Agent,Accept-Encoding=[gzip],?Accept-Language=[zh-cn,zh-tw],Accept=[*/*]:Accept-Charset:Baiduspider
sig   = 1:Host,Connection=[close],User-Agent,Accept-Encoding=[gzip],Accept-Language=[tr-TR],Accept=[*/*]:Accept-Charset:Baiduspider

label = s:!:Googlebot:
sys   = Linux
sig   = 1:Host,Connection=[Keep-alive],Accept=[*/*],From=[googlebot(at)googlebot.com],User-Agent,Accept-Encoding=[gzip,deflate],?If-Modified-Since:Accept-Language,Accept-Charset:Googlebot
sig   = 1:Host,Connection=[Keep-alive],Accept=[text/plain],Accept=[text/html],From=[googlebot(at)googlebot.com],User-Agent,Accept-Encoding=[gzip,deflate]:Accept-Language,Accept-Charset:Googlebot

label = s:!:Googlebot:feed fetcher
sys   = Linux
sig   = 1:Host,Connection=[Keep-alive],Accept=[*/*],User-Agent,Accept-Encoding=[gzip,deflate],?If-Modified-Since:Accept-Language,Accept-Charset:-Google
sig   = 1:User-Agent,?X-shindig-dos=[on],Cache-Control,Host,?X-Forwarded-For,Accept-Encoding=[gzip],?Accept-Language:Connection,Accept,Accept-Charset:Feedfetcher-Google

label = s:!:Bingbot:
sys   = Windows
sig   = 1:Cache-Control,Connection=[Keep-Alive],Pragma=[no-cache],Accept=[*/*],Accept-Encoding,Host,User-Agent:Accept-Language,Accept-Charset:bingbot/

label = s:!:MSNbot:
sys   = Windows
sig   = 1:Connection=[Close],Accept,Accept-Encoding=[gzip, deflate],From=[msnbot(at)microsoft.com],Host,User-Agent:Accept-Language,Accept-Charset:msnbot

label = s:!:Yandex:crawler
sys   = FreeBSD
sig   = 1:Host,Connection=[Keep-Alive],Accept=[*/*],Accept-Encoding=[gzip,deflate],Accept-Language=[en-us, en;q=0.7, *;q=0.01],User-Agent,From=[support@search.yandex.ru]:Accept-Charset:YandexBot/
sig   = 1:Host,Connection=[Keep-Alive],Accept=[image/jpeg, image/pjpeg, image/png, image/gif],User-Agent,From=[support@search.yandex.ru]:Accept-Encoding,Accept-Language,Accept-Charset:YandexImages/
sig   = 1:Host,Connection=[Keep-Alive],User-Agent,From=[support@search.yandex.ru]:Accept,Accept-Encoding,Accept-Language,Accept-Charset:YandexBot/

label = s:!:Yahoo:crawler
sys   = Linux
sig   = 0:Host,User-Agent,Accept=[,image/png,*/*;q=0.5],Accept-Language=[en-us,en;q=0.5],Accept-Encoding=[gzip],Accept-Charset=[,utf-8;q=0.7,*;q=0.7]:Connection:Slurp

label = s:!:Flipboard:crawler
sys   = Linux
sig   = 1:User-Agent,Accept-Language=[en-us,en;q=0.5],Accept-Charset=[;q=0.7,*;q=0.5],Accept-Encoding=[gzip],Host,Accept=[*; q=.2, */*; q=.2],Connection=[keep-alive]::FlipboardProxy
sig   = 1:Accept-language=[en-us,en;q=0.5],Accept-encoding=[gzip],Accept=[;q=0.9,*/*;q=0.8],User-agent,Host:User-Agent,Connection,Accept-Encoding,Accept-Language,Accept-Charset:FlipboardProxy

label = s:!:Spinn3r:crawler
sys   = Linux
sig   = 1:User-Agent,Accept-Encoding=[gzip],Host,Accept=[*; q=.2, */*; q=.2],Connection=[close]:Accept-Language,Accept-Charset:Spinn3r

label = s:!:Facebook:crawler
sys   = Linux
sig   = 1:User-Agent,Host,Accept=[*/*],Accept-Encoding=[deflate, gzip],Connection=[close]:Accept-Language,Accept-Charset:facebookexternalhit/
sig   = 1:User-Agent,Host,Accept=[*/*],Connection=[close]:Accept-Encoding,Accept-Language,Accept-Charset:facebookexternalhit/

label = s:!:paper.li:crawler
sys   = Linux
sig   = 1:Accept-Language=[en-us,en;q=0.5],Accept=[*/*],User-Agent,Connection=[close],Accept-Encoding=[gzip,identity],?Referer,Host,Accept-Charset=[ISO-8859-1,utf-8;q=0.7,*;q=0.7]::PaperLiBot/

label = s:!:Twitter:crawler
sys   = Linux
sig   = 1:User-Agent=[Twitterbot/],Host,Accept=[*; q=.2, */*; q=.2],Cache-Control,Connection=[keep-alive]:Accept-Encoding,Accept-Language,Accept-Charset:Twitterbot/

label = s:!:linkdex:crawler
sys   = Linux
sig   = 0:Host,Connection=[Keep-Alive],User-Agent,Accept-Encoding=[gzip,deflate]:Accept,Accept-Language,Accept-Charset:linkdex.com/

label = s:!:Yodaobot:
sys   = Linux
sig   = 1:Accept-Encoding=[identity;q=0.5, *;q=0.1],User-Agent,Host:Connection,Accept,Accept-Language,Accept-Charset:YodaoBot/

label = s:!:Tweetmeme:crawler
sys   = Linux
sig   = 1:Host,User-Agent,Accept=[,image/png,*/*;q=0.5],Accept-Language=[en-gb,en;q=0.5],Accept-Charset=[ISO-8859-1,utf-8;q=0.7,*;q=0.7]:Connection,Accept-Encoding:TweetmemeBot/

label = s:!:Archive.org:crawler
sys   = Linux
sig   = 0:User-Agent,Connection=[close],Accept=[application/xml;q=0.9,*/*;q=0.8],Host:Accept-Encoding,Accept-Language,Accept-Charset:archive.org

label = s:!:Yahoo Pipes:
sys   = Linux
sig   = 0:Client-IP,X-Forwarded-For,X-YQL-Depth,User-Agent,Host,Connection=[keep-alive],Via:Accept,Accept-Encoding,Accept-Language,Accept-Charset:Yahoo Pipes
sig   = 1:Client-IP,X-Forwarded-For,X-YQL-Depth,User-Agent,Host,Via:Connection,Accept,Accept-Encoding,Accept-Language,Accept-Charset:Yahoo Pipes

label = s:!:Google Web Preview:
sys   = Linux
sig   = 1:Referer,User-Agent,Accept-Encoding=[gzip,deflate],Host,X-Forwarded-For:Connection,Accept,Accept-Language,Accept-Charset:Web Preview

label = s:!:wget:
sys   = @unix,Windows
sig   = *:User-Agent,Accept=[*/*],Host,Connection=[Keep-Alive]:Accept-Encoding,Accept-Language,Accept-Charset:Wget/

label = s:!:Lynx:
sys   = @unix,Windows
sig   = 0:Host,Accept=[text/sgml, */*;q=0.01],Accept-Encoding=[gzip, compress],Accept-Language,User-Agent:Connection,Accept-Charset:Lynx/

label = s:!:curl:
sys   = @unix,Windows
sig   = 1:User-Agent,Host,Accept=[*/*]:Connection,Accept-Encoding,Accept-Language,Accept-Charset:curl/

label = s:!:links:
sys   = @unix,Windows
sig   = 1:Host,User-Agent,Accept=[*/*],Accept-Encoding=[gzip, deflate, bzip2],Accept-Charset=[us-ascii],Accept-Language=[;q=0.1],Connection=[Keep-Alive]::Links
sig   = 1:Host,User-Agent,Accept=[*/*],Accept-Encoding=[gzip,deflate,bzip2],Accept-Charset=[us-ascii],Accept-Language=[;q=0.1],Connection=[keep-alive]::Links

label = s:!:elinks:
sys   = @unix,Windows
sig   = 1:Host,User-Agent,Accept=[*/*],Accept-Encoding=[bzip2, deflate, gzip],Accept-Language:Connection,Accept-Charset:ELinks/

label = s:!:Java:JRE
sys   = @unix,@win
sig   = 1:User-Agent,Host,Accept=[*; q=.2, */*; q=.2],Connection=[keep-alive]:Accept-Encoding,Accept-Language,Accept-Charset:Java/

label = s:!:Python:urllib
sys   = @unix,Windows
sig   = 1:Accept-Encoding=[identity],Host,Connection=[close],User-Agent:Accept,Accept-Language,Accept-Charset:Python-urllib/

label = s:!:w3m:
sys   = @unix,Windows
sig   = 0:User-Agent,Accept=[image/*],Accept-Encoding=[gzip, compress, bzip, bzip2, deflate],Accept-Language=[;q=1.0],Host:Connection,Accept-Charset:w3m/

label = s:!:libfetch:
sys   = @unix
sig   = 1:Host,User-Agent,Connection=[close]:Accept,Accept-Encoding,Accept-Language,Accept-Charset:libfetch/

label = s:!:Google AppEngine:
sys   = Linux
sig   = 1:User-Agent,Host,Accept-Encoding=[gzip]:Connection,Accept,Accept-Language,Accept-Charset:AppEngine-Google

label = s:!:WebOS:
sys   = Linux
sig   = 1:Host,Accept-Encoding=[gzip, deflate],User-Agent,Accept=[,*/*;q=0.5],Accept-Language,Accept-Charset=[utf-8;q=0.7,*;q=0.3]:Connection:wOSBrowser

label = s:!:xxxterm:
sys   = @unix
sig   = 1:Host,User-Agent,Accept=[*/*],Accept-Encoding=[gzip]:Connection,Accept-Language,Accept-Charset:xxxterm

label = s:!:Google Desktop:
sys   = Windows
sig   = 1:Accept=[*/*],Accept-Encoding=[gzip],User-Agent,Host,Connection=[Keep-Alive]:Accept-Language,Accept-Charset:Google Desktop/

label = s:!:luakit:
sys   = @unix
sig   = 1:Host,User-Agent,Accept=[*/*],Accept-Encoding=[gzip],Connection=[Keep-Alive]:Accept-Language,Accept-Charset:luakit

label = s:!:Epiphany:
sys   = @unix
sig   = 1:Host,User-Agent,Accept=[*/*],Accept-Encoding=[gzip],Accept-Language:Connection,Accept-Charset,Keep-Alive:Epiphany/

; ==========================================================================
; HTTP server signatures, restated unchanged. published: stock
; ==========================================================================

[http:response]

label = s:!:Apache:2.x
sys   = @unix,Windows
sig   = 1:Date,Server,?Last-Modified,?Accept-Ranges=[bytes],?Content-Length,?Content-Range,Keep-Alive=[timeout],Connection=[Keep-Alive],?Transfer-Encoding=[chunked],Content-Type::Apache
sig   = 1:Date,Server,?Last-Modified,?Accept-Ranges=[bytes],?Content-Length,?Connection=[close],?Transfer-Encoding=[chunked],Content-Type:Keep-Alive:Apache
sig   = 1:Date,Server,Connection=[Keep-Alive],Keep-Alive=[timeout]:Content-Type,Accept-Ranges:Apache
sig   = 1:Date,Server,?Last-Modified,?Accept-Ranges=[bytes],?Content-Length,Content-Type,Keep-Alive=[timeout],Connection=[Keep-Alive]::Apache

label = s:!:Apache:1.x
sys   = @unix,Windows
sig   = 1:Server,Content-Type,?Content-Length,Date,Connection=[keep-alive]:Keep-Alive,Accept-Ranges:Apache
sig   = 1:Server,Content-Type,?Content-Length,Date,Connection=[close]:Keep-Alive,Accept-Ranges:Apache

label = s:!:IIS:7.x
sys   = Windows
sig   = 1:?Content-Length,Content-Type,?Etag,Server,Date:Connection,Keep-Alive,Accept-Ranges:Microsoft-IIS/
sig   = 1:?Content-Length,Content-Type,?Etag,Server,Date,Connection=[close]:Keep-Alive,Accept-Ranges:Microsoft-IIS/

label = s:!:lighttpd:2.x
sys   = @unix
sig   = 1:?ETag,?Last-Modified,Accept-Ranges=[bytes],Content-Type,?Vary,?Content-Length,Date,Server:Connection,Keep-Alive:lighttpd/
sig   = 1:?ETag,?Last-Modified,Transfer-Encoding=[chunked],Content-Type,?Vary,?Content-Length,Date,Server:Connection,Keep-Alive:lighttpd/

label = s:!:lighttpd:1.x
sys   = @unix
sig   = 1:Content-Type,Accept-Ranges=[bytes],?ETag,?Last-Modified,Date,Server:Connection,Keep-Alive:lighttpd/
sig   = 1:Content-Type,Transfer-Encoding=[chunked],?ETag,?Last-Modified,Date,Server:Connection,Keep-Alive:lighttpd/
sig   = 0:Content-Type,Content-Length,Connection=[close],Date,Server:Keep-Alive,Accept-Ranges:lighttpd/

label = s:!:nginx:1.x
sys   = @unix
sig   = 1:Server,Date,Content-Type,?Content-Length,?Last-Modified,Connection=[keep-alive],Keep-Alive=[timeout],Accept-Ranges=[bytes]::nginx/
sig   = 1:Server,Date,Content-Type,?Content-Length,?Last-Modified,Connection=[close]:Keep-Alive,Accept-Ranges:nginx/

label = s:!:nginx:0.x
sys   = @unix
sig   = 1:Server,Date,Content-Type,?Content-Length,Connection=[keep-alive],?Last-Modified:Keep-Alive,Accept-Ranges:nginx/
sig   = 1:Server,Date,Content-Type,?Content-Length,Connection=[close],?Last-Modified:Keep-Alive,Accept-Ranges:nginx/

label = s:!:Google Web Server:
sys   = Linux
sig   = *:Content-Type,X-Content-Type-Options=[nosniff],Date,Server=[sffe]:Connection,Accept-Ranges,Keep-Alive,Connection:
sig   = *:Date,Content-Type,Server=[gws]:Connection,Accept-Ranges,Keep-Alive:
sig   = *:Content-Type,X-Content-Type-Options=[nosniff],Server=[GSE]:Connection,Accept-Ranges,Keep-Alive:
