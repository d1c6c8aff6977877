#!/bin/sh
# Builds the libFuzzer targets of t/fuzz against the lib/ sources with
# clang (-fsanitize=fuzzer,address,undefined) and runs each for SECONDS
# (default 20).  Exits non-zero if any target crashed, leaked, hung or
# broke one of its checks; the reproducer is under
# $KEIYAKU_FUZZ_DIR/artifacts (default build/fuzz/artifacts): replay it
# with build/fuzz/fuzz_TARGET FILE.
#
#	t/fuzz/run.sh [SECONDS [TARGET ...]]
#
# Targets: urlencoded cookies boundary multipart search verify security
# (default: all).
# FUZZ_FLAGS adds libFuzzer flags (e.g. -seed=1); ASAN_OPTIONS=detect_leaks=0
# looks past a known leak; FUZZ_CC names the compiler (default clang).
# Inputs a run once found breaking a target are kept in
# t/fuzz/regress/TARGET-NAME and replayed before it runs.
# Needs clang and libclang-rt-14-dev (Debian 12), and script/build run
# once (for config.h).  The corpora kept in build/fuzz/corpus grow
# from run to run.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-20}
[ $# -gt 0 ] && shift
targets=${*:-urlencoded cookies boundary multipart search verify security}
b=${KEIYAKU_BUILD_DIR:-$top/build}
out=${KEIYAKU_FUZZ_DIR:-$b/fuzz}
cc=${FUZZ_CC:-clang}

case $secs in
''|*[!0-9]*) echo "usage: $0 [SECONDS [TARGET ...]]" >&2; exit 2 ;;
esac
if [ ! -f "$b/config.h" ]; then
	echo "$0: $b/config.h is missing: run script/build first" >&2
	exit 2
fi
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "$0: $cc not found: apt-get install -y --no-install-recommends" \
	    "clang libclang-rt-14-dev" >&2
	exit 2
fi

cflags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
    -fno-sanitize-recover=undefined -D_GNU_SOURCE -Wall -Wextra
    -Wno-unused-parameter -I$top/lib -I$b -I/usr/include/ClearSilver"
libs="$(pkg-config --cflags --libs libmariadb libcrypto libargon2 libqrencode) -lfcgi
    -lneo_cgi -lneo_cs -lneo_utl -lz"
mkdir -p "$out/artifacts"

# Seeds: a few valid inputs per target, written once.
seed() {	# target name printf-format
	mkdir -p "$out/corpus/$1"
	[ -f "$out/corpus/$1/$2" ] || printf "$3" > "$out/corpus/$1/$2"
}
seed urlencoded s1 'a=1&b=%%E5%%A5%%91&c=x+y&&d'
seed urlencoded s2 'name=%%41%%42&name=2&empty=&=x'
seed cookies s1 'sid=0123abcd; lang=ja; __Host-x="quoted"; junk; =v'
seed boundary s1 '\107multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW'
seed boundary s2 '\012multipart/form-data; charset=utf-8; boundary="a b:c"'
seed multipart s1 '\005\000--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nhello\r\n--XyZ\r\nContent-Disposition: form-data; name="doc"; filename="C:\\\\x\\\\a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%%PDF\r\n-\r\n--X\r\n--XyZ--\r\n'
seed multipart s2 '\001\200preamble\r\n--XyZ\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\n\r\n@@\r\n--XyZ\r\ncontent-disposition: form-data; name=t\r\n\r\n\343\201\202\r\n--XyZ--'
seed search s1 '[[[127],[["_key","UInt64"],["meta","LongText"],["body","LongText"]],[99470,"B-0099470 \344\274\232\350\250\210","\\u00e9\\n\\"x\\""]]]'
seed search s2 '\344\274\232\350\250\210 \344\277\235\345\256\210 \343\200\200"a\\b" \357\274\241\357\275\266\357\276\236 \344\274\232\350\250\210\343\201\256\344\277\235\345\256\210'
seed verify s1 '%%PDF-1.7\n1 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 120 130 60] /Contents <308203> /M (D:20261126143906+09\04700\047) /Name <FEFF4F5085E4> /Reason (a \\(b\\)) >>\nendobj\n'
seed verify s2 '%%PDF-1.7\n1 0 obj\n<< /Type /DocTimeStamp /SubFilter /ETSI.RFC3161 /ByteRange[0 90 100 40] /Contents <3080> >>\nendobj\ntrailer\n%%%%EOF\n'
seed security s1 '192.0.2.77/24, 2001:db8::1/32\n10.1.2.3 ::ffff:198.51.100.0/120'
seed security s2 'abcd-EFGH ijkl-mnop'
seed security s3 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
seed multipart s3 '\007\377--XyZ\r\nContent-Disposition: form-data; name="v"\r\n\r\n@@\r\n--XyZ--\r\n'

# Dictionaries.
cat > "$out/multipart.dict" <<'DICT'
"\x0d\x0a--XyZ"
"--XyZ\x0d\x0a"
"--XyZ--"
"\x0d\x0a\x0d\x0a"
"Content-Disposition: form-data; name=\""
"; filename=\""
"Content-Type: "
"\\"
"@@"
DICT
cat > "$out/urlencoded.dict" <<'DICT'
"%"
"%C0%AF"
"%ED%A0%80"
"%F4%90%80%80"
"%E5%A5%91"
"&"
"="
"+"
DICT
cat > "$out/search.dict" <<'DICT'
"[[["
"],["
"\\u"
"\\ud83d\\ude00"
"\""
"\\"
" --"
"\xe3\x80\x80"
DICT
cat > "$out/verify.dict" <<'DICT'
"/ByteRange ["
"/Contents <"
"/SubFilter /ETSI.CAdES.detached"
"/SubFilter /ETSI.RFC3161"
"/Name <FEFF"
"/M (D:"
" obj"
"endobj"
"%PDF-"
DICT
cat > "$out/boundary.dict" <<'DICT'
"multipart/form-data"
"; boundary="
"\""
DICT

rc=0
for t in $targets; do
	src=$top/t/fuzz/fuzz_$t.c
	if [ ! -f "$src" ]; then
		echo "$0: no target $t" >&2
		rc=1
		continue
	fi
	echo "== build fuzz_$t"
	# shellcheck disable=SC2086
	$cc $cflags -o "$out/fuzz_$t" "$src" "$top/lib/http.c" \
	    "$top/lib/search.c" "$top/lib/text.c" "$top/lib/util.c" \
	    "$top/lib/verify.c" "$top/lib/ipallow.c" "$top/lib/totp.c" $libs
	# The inputs that once broke it (t/fuzz/regress/TARGET-*) first.
	reg=$(ls "$top"/t/fuzz/regress/"$t"-* 2>/dev/null || true)
	# shellcheck disable=SC2086
	if [ -n "$reg" ] && ! "$out/fuzz_$t" $reg > "$out/$t-regress.log" 2>&1; then
		rc=1
		tail -n 40 "$out/$t-regress.log"
		echo "FAIL fuzz_$t: an input of t/fuzz/regress breaks it again"
		continue
	fi
	dict=
	[ -f "$out/$t.dict" ] && dict=-dict=$out/$t.dict
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/keiyaku-fuzz-$t.XXXXXX")
	echo "== run fuzz_$t for ${secs}s"
	if KEIYAKU_FUZZ_TMP=$tmp "$out/fuzz_$t" -max_total_time="$secs" \
	    -timeout=10 -max_len=4096 -print_final_stats=1 \
	    -artifact_prefix="$out/artifacts/$t-" $dict ${FUZZ_FLAGS:-} \
	    "$out/corpus/$t" > "$out/$t.log" 2>&1; then
		grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' \
		    "$out/$t.log" | sed "s/^/   $t /"
		echo "ok   fuzz_$t"
	else
		rc=1
		tail -n 40 "$out/$t.log"
		echo "FAIL fuzz_$t: see $out/$t.log and $out/artifacts/$t-*"
	fi
	rm -rf "$tmp"
done
exit $rc
