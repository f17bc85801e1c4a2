#!/bin/sh
# t402: golden files for synprint-scorer with the shipped rules/p0f.cf:
# every OS label the analyzer produces (both headers), an mbox in text,
# JSON and --add-header form, and the lint report of a broken rule file.
# UPDATE=1 rewrites the expected files instead of comparing.
. "$(dirname "$0")/lib.sh"
[ -x "$SCORER" ] || fail "$SCORER not built (make -C scorer)"
G=$TOP/tests/golden/scorer
R=$TOP/rules/p0f.cf
cd "$G" || exit 1

run() { # name, command...
	name=$1
	shift
	"$@" >"$TMP/$name" 2>&1 || true
	if [ -n "${UPDATE:-}" ]; then
		cp "$TMP/$name" "$G/$name.expected"
		note "updated $name.expected"
	elif ! cmp -s "$TMP/$name" "$G/$name.expected"; then
		diff -u "$G/$name.expected" "$TMP/$name" | head -n 40
		fail "$name differs from $name.expected"
	fi
}

values_args() { # header suffix
	while IFS= read -r v; do
		printf '%s\n' "-H" "$v$2"
	done <values.txt
}

# shellcheck disable=SC2046
IFS='
'
# shellcheck disable=SC2046 # one argument per line (IFS)
run values-p0f-os $SCORER -r "$R" $(values_args X-p0f-OS "")
# shellcheck disable=SC2046
run values-amavis $SCORER -r "$R" --header X-Amavis-OS-Fingerprint \
    $(values_args X-Amavis-OS-Fingerprint "; dist: 8; link: Ethernet or modem")
unset IFS
run mixed-text $SCORER -r "$R" mixed.mbox
run mixed-json $SCORER -r "$R" -f json mixed.mbox
run mixed-add-header $SCORER -r "$R" -A mixed.mbox
run bad-rules-lint $SCORER -r bad-rules.cf --lint
note "golden files match"
