#!/usr/bin/env bash
# Smoke test of the installers (Linux): builds the app-image and the .deb with installer/build.sh, then for the
# app-image and for the .deb unpacked into a scratch root (dpkg-deb -x, no root needed, the system is untouched):
#   - loc-studio --version and --help work, with a fresh empty home and temp folder;
#   - PyTorch and OpenCV load from the image with the image's own runtime and JVM options (installer/smoke/NativeCheck);
#   - with a bundled model (samples/default-model): loc-studio edit on the sample pictures writes its output;
#   - nothing was written into the home or the temp folder (no ~/.djl.ai, no ~/.openjfx, no unpacked OpenCV).
# Takes several minutes (about 1 GB of natives are copied and the .deb compressed): a release check, not a CI step.
#
#   installer/smoke-test.sh [--skip-build] [--no-deb]
set -euo pipefail

installer="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$installer")"
dest="$installer/target"
skip_build=false
with_deb=true
for arg in "$@"; do
    case "$arg" in
        --skip-build) skip_build=true ;;
        --no-deb) with_deb=false ;;
        *) echo "smoke-test.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
# The package behaves the same whatever compresses it: zstd takes a minute where dpkg's default xz takes about ten
# on a busy machine. build.sh alone makes the release package with the default.
export DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-zstd}"

failures=0
scratch="$(mktemp -d "${TMPDIR:-/tmp}/loc-smoke.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

say() { echo "smoke: $*"; }
fail() { echo "smoke: FAIL: $*" >&2; failures=$((failures + 1)); }
seconds_since() { echo "$(( $(date +%s%N) / 1000000 - $1 ))" | awk '{printf "%.2f", $1 / 1000}'; }
now_ms() { echo "$(( $(date +%s%N) / 1000000 ))"; }

started="$(now_ms)"
if [[ "$skip_build" == false ]]; then
    types=(--type app-image)
    [[ "$with_deb" == true ]] && types+=(--type deb)
    build_started="$(now_ms)"
    "$installer/build.sh" "${types[@]}"
    say "build.sh took $(seconds_since "$build_started") s"
fi

# Runs one installed copy. $1 = label, $2 = the folder holding bin/ and lib/ (the app-image or <root>/opt/...).
check_installation() {
    local label="$1" app="$2" home tmp out rc t
    local cli="$app/bin/loc-studio" appdir="$app/lib/app"
    say "[$label] $app ($(du -sh "$app" | cut -f1))"
    [[ -x "$cli" ]] || { fail "[$label] no launcher $cli"; return; }
    [[ -x "$app/bin/loc-studio-gui" ]] || fail "[$label] no window launcher $app/bin/loc-studio-gui"

    home="$scratch/$label-home"; tmp="$scratch/$label-tmp"
    mkdir -p "$home" "$tmp"
    # Java takes user.home from the password database, not $HOME: set both, and the temp folder. The jpackage
    # launchers ignore JDK_JAVA_OPTIONS; JAVA_TOOL_OPTIONS is read by the JVM itself.
    local env_vars=(HOME="$home" TMPDIR="$tmp" JAVA_TOOL_OPTIONS="-Duser.home=$home -Djava.io.tmpdir=$tmp")

    t="$(now_ms)"
    if out="$(env "${env_vars[@]}" "$cli" --version 2>&1)" && [[ "$out" == *"LoC Studio"* ]]; then
        say "[$label] --version (first launch) in $(seconds_since "$t") s: $(echo "$out" | grep -v JAVA_TOOL_OPTIONS | head -n 1)"
    else
        fail "[$label] --version: $out"
    fi
    if out="$(env "${env_vars[@]}" "$cli" --help 2>&1)" && [[ "$out" == *"edit"* && "$out" == *"apply"* ]]; then
        say "[$label] --help lists the commands"
    else
        fail "[$label] --help: $out"
    fi

    # The natives, through the image's runtime and the exact JVM options of its launcher.
    local classes="$scratch/native-check" options=()
    if [[ ! -d "$classes" ]]; then
        "$JAVA_HOME/bin/javac" -d "$classes" -cp "$appdir/*" "$installer/smoke/NativeCheck.java" \
            || { fail "[$label] NativeCheck does not compile"; return; }
    fi
    while IFS= read -r option; do
        options+=("${option//\$APPDIR/$appdir}")
    done < <(sed -n 's/^java-options=//p' "$appdir/loc-studio.cfg")
    t="$(now_ms)"
    if out="$(env "${env_vars[@]}" "$app/lib/runtime/bin/java" "${options[@]}" -cp "$classes:$appdir/*" NativeCheck 2>&1)"; then
        say "[$label] natives in $(seconds_since "$t") s: $(echo "$out" | grep -E '^(PyTorch|OpenCV)' | tr '\n' ';')"
    else
        fail "[$label] NativeCheck: $out"
    fi

    # The window, on a virtual display: JavaFX must start with its libraries from the image (no ~/.openjfx).
    if command -v xvfb-run >/dev/null; then
        t="$(now_ms)"
        out="$(env "${env_vars[@]}" timeout 30 xvfb-run -a "$app/bin/loc-studio-gui" 2>&1)" && rc=0 || rc=$?
        if [[ $rc -eq 124 ]] && ! grep -qiE 'exception|error' <<<"$out"; then
            say "[$label] the window ran for 30 s on Xvfb without errors (closed by timeout)"
        else
            fail "[$label] loc-studio-gui on Xvfb exited $rc: $(grep -v JAVA_TOOL_OPTIONS <<<"$out" | head -n 15)"
        fi
    else
        say "[$label] xvfb-run missing: window not tried"
    fi

    # A real edit when there is a model to edit with.
    if [[ -f "$appdir/samples/default-model/model.json" ]]; then
        local pictures=()
        while IFS= read -r picture; do pictures+=("$picture"); done < <(find "$appdir/samples/images" -maxdepth 1 \
            -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' \) | sort | head -n 3)
        if [[ ${#pictures[@]} -lt 3 ]]; then
            fail "[$label] a model is bundled but samples/images has fewer than 3 pictures"
        else
            local edited="$scratch/$label-edited.png"
            t="$(now_ms)"
            env "${env_vars[@]}" "$cli" edit --before "${pictures[0]}" --after "${pictures[1]}" \
                --query "${pictures[2]}" -o "$edited" && rc=0 || rc=$?
            if [[ $rc -eq 0 && -s "$edited" ]]; then
                say "[$label] edit wrote $edited in $(seconds_since "$t") s"
            else
                fail "[$label] edit exited $rc, output ${edited} $( [[ -s "$edited" ]] && echo exists || echo missing)"
            fi
        fi
    else
        say "[$label] no bundled model: edit not tried"
    fi

    # Nothing unpacked or cached in the home or the temp folder. Allowed: the app's settings (java.util.prefs),
    # GTK's dconf cache, the JVM's hsperfdata and xvfb-run's own folder; not allowed: ~/.djl.ai, ~/.openjfx, ~/.cache/JNA, OpenCV copies.
    local written
    written="$(find "$home" "$tmp" -mindepth 1 -not -path "$home/.java" -not -path "$home/.java/.userPrefs*" \
        -not -path "$home/.cache" -not -path "$home/.cache/dconf*" -not -path "$tmp/hsperfdata*" \
        -not -path "$tmp/xvfb-run.*" 2>/dev/null | head -n 20)"
    if [[ -n "$written" ]]; then
        fail "[$label] files were written into the home/temp folder:"$'\n'"$written"
    else
        say "[$label] nothing unpacked into the home or the temp folder (settings: $(find "$home" -type f | wc -l) file(s))"
    fi
}

image="$dest/loc-studio-gui"
[[ -d "$image" ]] || { echo "smoke: no app-image at $image (run without --skip-build)" >&2; exit 2; }
check_installation app-image "$image"

if [[ "$with_deb" == true ]]; then
    deb="$(ls "$dest"/loc-studio_*.deb 2>/dev/null | head -n 1 || true)"
    if [[ -z "$deb" ]]; then
        fail "no .deb in $dest"
    else
        say "[deb] $deb ($(du -h "$deb" | cut -f1))"
        dpkg-deb -f "$deb" Package Version Depends | sed 's/^/smoke: [deb]   /'
        deb_root="$scratch/deb-root"
        dpkg-deb -x "$deb" "$deb_root"
        installed="$(dirname "$(dirname "$(find "$deb_root" -path '*/bin/loc-studio' -type f | head -n 1)")")"
        desktop="$(find "$deb_root" -name '*loc-studio-gui.desktop' | head -n 1)"
        if [[ -n "$desktop" ]] && grep -q '^Name=LoC Studio' "$desktop" && grep -q 'application/x-loc-change' "$desktop"; then
            say "[deb] desktop entry $(basename "$desktop") names LoC Studio and the change-file type"
        else
            fail "[deb] desktop entry missing or incomplete: ${desktop:-none}"
        fi
        icon_file="$(sed -n 's/^Icon=//p' "${desktop:-/dev/null}")"
        if [[ -n "$icon_file" ]] && file "$deb_root$icon_file" | grep -q '256 x 256'; then
            say "[deb] menu icon is LoC Studio's 256 px icon"
        else
            fail "[deb] menu icon $icon_file is not the 256 px LoC Studio icon"
        fi
        if grep -rqs 'loc.safetensors' "$deb_root"; then
            say "[deb] MIME type for *.loc.safetensors is declared"
        else
            fail "[deb] no MIME declaration for *.loc.safetensors"
        fi
        check_installation deb "$installed"
    fi
fi

say "total $(seconds_since "$started") s, $failures failure(s)"
[[ $failures -eq 0 ]]
