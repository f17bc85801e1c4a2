# shellcheck shell=sh
# Network namespaces for tests (source it; POSIX sh; needs root and ip).
#
# netns_pair SRV CLI IF_SRV IF_CLI SRV4 CLI4 SRV6 CLI6
#   Creates namespaces SRV and CLI joined by a veth pair (IF_SRV in SRV,
#   IF_CLI in CLI), brings lo and the pair up and gives the ends the
#   addresses (with /LEN; IPv6 without duplicate detection). Nothing in the
#   root namespace changes. The caller removes the namespaces ("ip netns
#   del"), which also removes the pair. Returns non-zero on the first
#   failure.
netns_pair() {
	ip netns add "$1" && ip netns add "$2" &&
	ip link add "$3" type veth peer name "$4" &&
	ip link set "$3" netns "$1" && ip link set "$4" netns "$2" &&
	ip -n "$1" link set lo up && ip -n "$2" link set lo up &&
	ip -n "$1" addr add "$5" dev "$3" &&
	ip -n "$2" addr add "$6" dev "$4" &&
	ip -n "$1" -6 addr add "$7" dev "$3" nodad &&
	ip -n "$2" -6 addr add "$8" dev "$4" nodad &&
	ip -n "$1" link set "$3" up && ip -n "$2" link set "$4" up
}
