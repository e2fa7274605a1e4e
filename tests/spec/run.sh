#!/usr/bin/env bash
# tests/spec/run.sh - converts spec tests with wast2json and runs them with fayasm_spec.
#
# Usage: tests/spec/run.sh [--check] [-v] [PATH...]
#   PATH     a .wast file or a directory, relative to the testsuite
#            (core/i32.wast, core/i32, core/, proposals/memory64/).
#            Default: the patterns in tests/spec/default-suites.txt.
#   --check  exit non-zero if a file listed in expected-failures.txt passes
#            (take it off the list) or an unlisted file fails.
#   -v       passed to fayasm_spec (all failures, rejection-message mismatches).
#
# Environment:
#   FAYASM_TESTSUITE  testsuite dir (default <repo>/../shared/testsuite)
#   FAYASM_BUILD      build dir (default <repo>/build); JSON goes to $FAYASM_BUILD/spec/
#   FAYASM_SPEC       runner command, may carry an emulator prefix
#                     (default $FAYASM_BUILD/bin/fayasm_spec)
#
# Each selected file is converted once with the wast2json flags from the
# testsuite's MANIFEST.tsv (in_tree=yes rows only); the JSON is reused while it
# is newer than both the .wast and the manifest. All files then run in one
# fayasm_spec invocation, each with the features its flags enable; if the
# runner dies, the file it was on is reported as crashed and the run resumes
# with the next file.
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
ts=${FAYASM_TESTSUITE:-$repo/../shared/testsuite}
build=${FAYASM_BUILD:-$repo/build}
case $build in /*) ;; *) build=$PWD/$build ;; esac
spec_cmd=${FAYASM_SPEC:-$build/bin/fayasm_spec}
skips=$here/skips.txt
xfail_file=$here/expected-failures.txt
defaults_file=$here/default-suites.txt

check=0
runner_flags=()
args=()
while [ $# -gt 0 ]; do
    case $1 in
    --check) check=1 ;;
    -v) runner_flags+=(-v) ;;
    -h | --help)
        sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    --) shift; args+=("$@"); break ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) args+=("$1") ;;
    esac
    shift
done

die() { echo "run.sh: $*" >&2; exit 2; }

command -v wast2json >/dev/null 2>&1 ||
    die "wast2json not found; install Debian package wabt (apt-get install wabt)"
[ -d "$ts" ] || die "testsuite not found at $ts (set FAYASM_TESTSUITE)"
manifest=$ts/MANIFEST.tsv
[ -f "$manifest" ] || die "no MANIFEST.tsv in $ts"
read -r -a spec <<<"$spec_cmd"
[ ${#spec[@]} -gt 0 ] || die "FAYASM_SPEC is empty"
if [ ${#spec[@]} -eq 1 ] && [ ! -x "${spec[0]}" ]; then
    die "runner ${spec[0]} not found; build it (cmake --build $build) or set FAYASM_SPEC"
fi

# ---- the manifest: path -> wast2json flags, in manifest order
declare -A flags_of=()
all_paths=()
while IFS=$'\t' read -r path _commit flags _converts in_tree _rest; do
    [ "$in_tree" = yes ] || continue
    [ "$flags" = - ] && flags=
    flags_of[$path]=$flags
    all_paths+=("$path")
done < <(tail -n +2 "$manifest")

# ---- selection
declare -A chosen=()
selected=()
choose() {
    if [ -z "${chosen[$1]+x}" ]; then
        chosen[$1]=1
        selected+=("$1")
    fi
}

if [ ${#args[@]} -eq 0 ]; then
    [ -f "$defaults_file" ] || die "missing $defaults_file"
    includes=()
    excludes=()
    while read -r pat _; do
        case $pat in '' | '#'*) continue ;; esac
        case $pat in
        '!'*) pat=${pat#!}; [ "${pat%/}" != "$pat" ] && pat="$pat*"; excludes+=("$pat") ;;
        *) [ "${pat%/}" != "$pat" ] && pat="$pat*"; includes+=("$pat") ;;
        esac
    done <"$defaults_file"
    # shellcheck disable=SC2053 # the patterns are globs on purpose
    for p in "${all_paths[@]}"; do
        keep=0
        for pat in "${includes[@]}"; do [[ $p == $pat ]] && keep=1; done
        for pat in "${excludes[@]+"${excludes[@]}"}"; do [[ $p == $pat ]] && keep=0; done
        [ $keep = 1 ] && choose "$p"
    done
else
    for a in "${args[@]}"; do
        a=${a#./}
        case $a in "$ts"/*) a=${a#"$ts"/} ;; esac
        if [ -n "${flags_of[$a]+x}" ]; then
            choose "$a"
        elif [ -n "${flags_of[$a.wast]+x}" ]; then
            choose "$a.wast"
        else
            dir=${a%/}/
            found=0
            for p in "${all_paths[@]}"; do
                case $p in "$dir"*) choose "$p"; found=1 ;; esac
            done
            [ $found = 1 ] || die "$a: no such file or directory among the in-tree rows of MANIFEST.tsv"
        fi
    done
fi
[ ${#selected[@]} -gt 0 ] || die "nothing selected"

# ---- conversion
out=$build/spec
declare -A result=()   # path -> "P F S"
declare -A note=()     # path -> why it has no runner result
to_run=()
for p in "${selected[@]}"; do
    json=$out/${p%.wast}.json
    if [ ! -f "$json" ] || [ ! "$json" -nt "$ts/$p" ] || [ ! "$json" -nt "$manifest" ]; then
        mkdir -p "$(dirname "$json")" || die "cannot create $(dirname "$json")"
        rm -f "$json"
        # Run from the testsuite dir so the JSON's source_filename is $p.
        # shellcheck disable=SC2086 # flags are words
        if ! (cd "$ts" && wast2json ${flags_of[$p]} "$p" -o "$json") >"$json.log" 2>&1 ||
            [ ! -s "$json" ]; then
            rm -f "$json"
            note[$p]="wast2json failed (see $json.log)"
            continue
        fi
    fi
    to_run+=("$p")
done

# Each file runs with the runtime features its conversion enabled: SIMD (on
# in wast2json 1.0.32 by default) plus the proposal its --enable flag names,
# so core tests see Wasm 2.0 rules (e.g. "multiple memories" is invalid).
features_of() {
    local f=simd flag
    for flag in $1; do
        case $flag in
        --enable-memory64) f+=,memory64 ;;
        --enable-multi-memory) f+=,multi-memory ;;
        --enable-tail-call) f+=,tail-call ;;
        --enable-extended-const) f+=,extended-const ;;
        --enable-relaxed-simd) f+=,relaxed-simd ;;
        esac
    done
    printf '%s' "$f"
}

# ---- run (resuming after a runner crash)
file_line_re='^([^[:space:]].*\.wast): ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped(; ([0-9]+) rejections)?'
total_p=0 total_f=0 total_s=0 total_mm=0
pending=("${to_run[@]+"${to_run[@]}"}")
while [ ${#pending[@]} -gt 0 ]; do
    argv=()
    last_features=
    for p in "${pending[@]}"; do
        f=$(features_of "${flags_of[$p]}")
        [ "$f" != "$last_features" ] && argv+=(--features "$f")
        last_features=$f
        argv+=(--name "$p" "$out/${p%.wast}.json")
    done
    status=
    while IFS= read -r line; do
        case $line in
        '@@fayasm_spec_status '*) status=${line#@@fayasm_spec_status } ;;
        [0-9]*' rejections with a different message'*) ;;
        [0-9]*' passed, '[0-9]*' failed, '[0-9]*' skipped') ;;
        *)
            printf '%s\n' "$line"
            if [[ $line =~ $file_line_re ]]; then
                result[${BASH_REMATCH[1]}]="${BASH_REMATCH[2]} ${BASH_REMATCH[3]} ${BASH_REMATCH[4]}"
                total_mm=$((total_mm + ${BASH_REMATCH[6]:-0}))
            fi
            ;;
        esac
    done < <("${spec[@]}" --skips "$skips" "${runner_flags[@]+"${runner_flags[@]}"}" "${argv[@]}" 2>&1
        echo "@@fayasm_spec_status $?")
    got_any=0
    for p in "${pending[@]}"; do [ -n "${result[$p]+x}" ] && got_any=1; done
    if [ "$status" = 2 ] && [ $got_any = 0 ]; then
        die "fayasm_spec refused to run (exit status 2; see its message above)"
    fi
    # A file without a result line is where the runner died (a crash, an
    # abort, or a sanitizer report, which also exits with status 1): report
    # it and resume with the files after it.
    rest=()
    crashed=
    for p in "${pending[@]}"; do
        [ -n "${result[$p]+x}" ] && continue
        if [ -z "$crashed" ]; then
            crashed=$p
            note[$p]="fayasm_spec stopped (exit status $status) while running this file"
            printf '%s: 0 passed, 1 failed, 0 skipped\n  %s\n' "$p" "${note[$p]}"
        else
            rest+=("$p")
        fi
    done
    pending=("${rest[@]+"${rest[@]}"}")
done

# ---- totals and expectations
declare -A xfail=()
if [ -f "$xfail_file" ]; then
    while read -r p _; do
        case $p in '' | '#'*) continue ;; esac
        xfail[$p]=1
    done <"$xfail_file"
fi
unexpected=()
now_pass=()
n_failed_files=0
for p in "${selected[@]}"; do
    if [ -n "${result[$p]+x}" ]; then
        read -r rp rf rs <<<"${result[$p]}"
    else
        if [ -n "${note[$p]+x}" ] && [[ ${note[$p]} == wast2json* ]]; then
            printf '%s: 0 passed, 1 failed, 0 skipped\n  %s\n' "$p" "${note[$p]}"
        fi
        rp=0 rf=1 rs=0
    fi
    total_p=$((total_p + rp)) total_f=$((total_f + rf)) total_s=$((total_s + rs))
    if [ "$rf" -gt 0 ]; then
        n_failed_files=$((n_failed_files + 1))
        [ -n "${xfail[$p]+x}" ] || unexpected+=("$p")
    elif [ -n "${xfail[$p]+x}" ]; then
        now_pass+=("$p")
    fi
done

echo
echo "files: ${#selected[@]} run, $n_failed_files with failures (${#unexpected[@]} not in expected-failures.txt)"
for p in "${unexpected[@]+"${unexpected[@]}"}"; do echo "unexpected failure: $p"; done
for p in "${now_pass[@]+"${now_pass[@]}"}"; do echo "now passes (remove from expected-failures.txt): $p"; done
[ "$total_mm" -gt 0 ] && echo "$total_mm rejections with a different message (-v lists them)"
echo "$total_p passed, $total_f failed, $total_s skipped"

if [ $check = 1 ]; then
    [ ${#unexpected[@]} -eq 0 ] && [ ${#now_pass[@]} -eq 0 ]
    exit $?
fi
[ "$total_f" -eq 0 ]
