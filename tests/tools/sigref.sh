# shellcheck shell=sh disable=SC2034
# What tests/tools/sigcheck.sh and integration/t150 both hold p0f 3.09b's
# results against (source it; POSIX sh).
#
# SIG_MODERN: the specific modern Linux labels of rules/synprint.fp, as an
#   ERE (also a Python re). Which one a kernel's SYN gets depends on its
#   window scale, i.e. its rmem sysctls.
# sig_empty_pcap FILE: writes a valid pcap (DLT_EN10MB) without packets,
#   for "p0f -r" to load a database and stop.
SIG_MODERN='Linux (4\.19-6\.15|6\.16 and newer|6\.6-6\.9|Android or large tcp_rmem)'

sig_empty_pcap() {
	printf '\324\303\262\241\002\000\004\000\000\000\000\000\000\000\000\000\377\377\000\000\001\000\000\000' >"$1"
}
