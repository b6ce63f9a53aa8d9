#!/usr/bin/env bash
# Builds LoC Studio's native installers with jpackage: an app-image (a folder that runs as is) and the package
# of this platform (.deb on Linux, .msi on Windows from Git Bash, .dmg on macOS). Everything the first launch
# needs is inside the image, already unpacked: a trimmed Java runtime, the PyTorch, OpenCV and JavaFX native
# libraries, the bundled model and the sample pictures. Nothing is downloaded or extracted into the user's home.
#
#   installer/build.sh [--type app-image|deb|rpm|msi|exe|dmg|pkg]... [--require-model] [--skip-build]
#                      [--dest DIR] [--print-jdeps]
#
# Output: installer/target/ (the app-image folder, the package). See installer/README.md.
set -euo pipefail

installer="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$installer")"
dest="$installer/target"
types=()
require_model=false
skip_build=false
print_jdeps=false

die() {
    echo "build.sh: $*" >&2
    exit 2
}

note() {
    echo "build.sh: $*" >&2
}

usage() {
    sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --type) [[ $# -ge 2 ]] || die "--type needs a value"; types+=("$2"); shift 2 ;;
        --require-model) require_model=true; shift ;;
        --skip-build) skip_build=true; shift ;;
        --dest) [[ $# -ge 2 ]] || die "--dest needs a folder"; dest="$2"; shift 2 ;;
        --print-jdeps) print_jdeps=true; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
if [[ "$require_model" == true && ! -f "$root/samples/default-model/model.json" ]]; then
    die "--require-model: $root/samples/default-model/model.json does not exist. Put the default model there \
(see DESIGN.md) or build without --require-model."
fi

# ---- platform ------------------------------------------------------------------------------------------------
# The Maven properties that pick the platform's JavaFX and PyTorch jars, openpnp's folder for the OpenCV library,
# and the package type built by default.
arch="$(uname -m)"
case "$(uname -s)" in
    Linux)
        os=linux; fx_platform=linux; pytorch_classifier=linux-x86_64; opencv_dir=linux/x86_64; jna_dir=linux-x86-64
        package=deb
        if [[ "$arch" == aarch64 ]]; then
            fx_platform=linux-aarch64; pytorch_classifier=linux-aarch64; opencv_dir=linux/ARMv8; jna_dir=linux-aarch64
        fi
        ;;
    Darwin)
        os=mac; fx_platform=mac-aarch64; pytorch_classifier=osx-aarch64; opencv_dir=osx/ARMv8; jna_dir=darwin-aarch64
        package=dmg
        if [[ "$arch" == x86_64 ]]; then
            die "Intel Macs are not supported: PyTorch 2.5.1 (DJL 0.32) ships no osx-x86_64 library."
        fi
        ;;
    MINGW*|MSYS*|CYGWIN*)
        os=windows; fx_platform=win; pytorch_classifier=win-x86_64; opencv_dir=windows/x86_64; jna_dir=win32-x86-64
        package=msi
        ;;
    *) die "unsupported operating system $(uname -s)" ;;
esac
[[ ${#types[@]} -gt 0 ]] || types=(app-image "$package")

# ---- Java ----------------------------------------------------------------------------------------------------
java_home="${JAVA_HOME:-}"
if [[ -z "$java_home" || ! -x "$java_home/bin/jpackage" && ! -x "$java_home/bin/jpackage.exe" ]]; then
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /Library/Java/JavaVirtualMachines/*25*/Contents/Home; do
        if [[ -x "$candidate/bin/jpackage" ]]; then java_home="$candidate"; break; fi
    done
fi
[[ -n "$java_home" && ( -x "$java_home/bin/jpackage" || -x "$java_home/bin/jpackage.exe" ) ]] \
    || die "needs a JDK 25 with jpackage and jlink; set JAVA_HOME to it (looked at JAVA_HOME and /usr/lib/jvm)."
export JAVA_HOME="$java_home"
jar_tool="$java_home/bin/jar"

# ---- version and names ---------------------------------------------------------------------------------------
project_version="$(sed -n 's:.*<version>\([0-9][^<]*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)"
[[ -n "$project_version" ]] || die "cannot read the project version from $root/pom.xml"
app_version="${project_version%%-*}" # jpackage wants digits and dots: 0.1.0-SNAPSHOT -> 0.1.0
main_jar="loc-app-$project_version.jar"
main_class=studio.loc.app.LocStudio
vendor="LoC Studio"
description="Learn an image edit from one before/after example and apply it to any photo."
if [[ "$os" == linux ]]; then
    app_name=loc-studio-gui # the launcher; the menu entry says "LoC Studio" (installer/linux/*.desktop)
else
    app_name="LoC Studio"
fi
cli_name=loc-studio

stage="$dest/stage"
input="$stage/input"     # becomes <app>/lib/app (Linux), <app>/app (Windows), LoC Studio.app/Contents/app (macOS)
runtime="$stage/runtime"
natives="$input/natives"

# ---- 1. build the app and gather its jars --------------------------------------------------------------------
if [[ "$skip_build" == false || ! -d "$input" ]]; then
    rm -rf "$stage"
    mkdir -p "$input"
    note "building the app (Maven) ..."
    goals=(-B -q -DskipTests -pl app -am package dependency:copy-dependencies -DincludeScope=runtime
        "-DoutputDirectory=$input" "-Djavafx.platform=$fx_platform" "-Dpytorch.native.classifier=$pytorch_classifier")
    if ! (cd "$root" && ./mvnw -o "${goals[@]}"); then
        note "the offline build failed; trying online (fills ~/.m2) ..."
        (cd "$root" && ./mvnw "${goals[@]}") || die "the Maven build failed (see above)."
    fi
    cp "$root/app/target/$main_jar" "$input/" || die "app/target/$main_jar is missing after the build."
    # Drop JavaFX's empty platform-less jars (the classifier jars hold the code).
    find "$input" -maxdepth 1 -name 'javafx-*.jar' -size -2k -delete
else
    note "--skip-build: reusing $input"
fi

# Extracts entries of a jar into a folder, flattened (jar xf keeps folders; natives are loaded by file name).
extract_flat() { # jar, target folder, entry...
    local jar="$1" target="$2" tmp
    shift 2
    tmp="$(mktemp -d "$stage/extract.XXXXXX")"
    (cd "$tmp" && "$jar_tool" xf "$jar" "$@")
    mkdir -p "$target"
    find "$tmp" -type f -exec mv -f {} "$target/" \;
    rm -rf "$tmp"
}

jar_entries() { # jar, regex
    "$jar_tool" tf "$1" | grep -E "$2" || true
}

# Reads stdin into the array named $1, one element a line (mapfile is missing from macOS's bash 3.2).
read_lines() {
    local line
    eval "$1=()"
    while IFS= read -r line; do
        eval "$1+=(\"\$line\")"
    done
}

only_jar() { # glob pattern in $input
    local matches=("$input"/$1)
    [[ ${#matches[@]} -eq 1 && -f "${matches[0]}" ]] || die "expected one $1 in $input, found: ${matches[*]}"
    echo "${matches[0]}"
}

# ---- 2. native libraries, unpacked once here instead of on every start --------------------------------------
if [[ ! -d "$natives" ]]; then
    note "unpacking native libraries into the image ..."

    # PyTorch: libtorch from pytorch-native-*, libdjl_torch from pytorch-jni. DJL finds them through
    # PYTORCH_LIBRARY_PATH (a system property is enough in DJL 0.32) and loads libdjl_torch from the same folder,
    # so its cache (~/.djl.ai) is never used. The native jar is then replaced by one that keeps only its
    # pytorch.properties (DJL reads the version from it) to avoid shipping libtorch twice.
    native_jar="$(only_jar 'pytorch-native-*.jar')"
    jni_jar="$(only_jar 'pytorch-jni-*.jar')"
    props_dir="$stage/pytorch-props"
    rm -rf "$props_dir"; mkdir -p "$props_dir"
    (cd "$props_dir" && "$jar_tool" xf "$native_jar" native/lib/pytorch.properties)
    flavor="$(sed -n 's/^flavor=//p' "$props_dir/native/lib/pytorch.properties" | tr -d '\r')"
    classifier="$(sed -n 's/^classifier=//p' "$props_dir/native/lib/pytorch.properties" | tr -d '\r')"
    [[ -n "$flavor" && -n "$classifier" ]] || die "$native_jar has no flavor/classifier in native/lib/pytorch.properties"
    read_lines torch_entries < <(jar_entries "$native_jar" "^pytorch/$flavor/$classifier/[^/]+$")
    [[ ${#torch_entries[@]} -gt 0 ]] || die "$native_jar holds no pytorch/$flavor/$classifier/ libraries"
    extract_flat "$native_jar" "$natives/pytorch" "${torch_entries[@]}"
    read_lines jni_entries < <(jar_entries "$jni_jar" "^jnilib/$classifier/$flavor/[^/]+$")
    [[ ${#jni_entries[@]} -gt 0 ]] || die "$jni_jar holds no jnilib/$classifier/$flavor/ library"
    extract_flat "$jni_jar" "$natives/pytorch" "${jni_entries[@]}"
    thin_jar="$native_jar"
    rm -f "$native_jar"
    "$jar_tool" --create --file "$thin_jar" -C "$props_dir" native/lib/pytorch.properties

    # OpenCV: openpnp's loadLocally() copies the library to a temporary folder on every start; the app loads the
    # unpacked copy named by -Dloc.opencv.library instead. The jar keeps its classes, minus every platform's
    # library (about 300 MB) when zip is at hand.
    opencv_jar="$(only_jar 'opencv-*.jar')"
    read_lines cv_entries < <(jar_entries "$opencv_jar" "^nu/pattern/opencv/$opencv_dir/[^/]+\.(so|dylib|dll)$")
    [[ ${#cv_entries[@]} -gt 0 ]] || die "$opencv_jar holds no nu/pattern/opencv/$opencv_dir/ library"
    extract_flat "$opencv_jar" "$natives/opencv" "${cv_entries[@]}"
    if command -v zip >/dev/null; then
        zip -q -d "$opencv_jar" 'nu/pattern/opencv/linux/*' 'nu/pattern/opencv/osx/*' 'nu/pattern/opencv/windows/*' \
            || die "could not strip the native libraries from $opencv_jar"
    else
        note "zip not found: the OpenCV jar keeps its native libraries (the image is larger, still works)."
    fi

    # JNA (DJL probes for CUDA with it on every start) would unpack libjnidispatch into ~/.cache/JNA; it takes
    # the unpacked copy from -Djna.boot.library.path instead.
    jna_jar="$(only_jar 'jna-*.jar')"
    read_lines jna_entries < <(jar_entries "$jna_jar" "^com/sun/jna/$jna_dir/[^/]*jnidispatch[^/]*$")
    [[ ${#jna_entries[@]} -gt 0 ]] || die "$jna_jar holds no com/sun/jna/$jna_dir/ library"
    extract_flat "$jna_jar" "$natives/jna" "${jna_entries[@]}"

    # JavaFX loads its libraries from the folder of javafx-graphics*.jar before it would unpack them into
    # ~/.openjfx/cache; so they go next to the jars.
    fx_jar="$(only_jar 'javafx-graphics-*.jar')"
    read_lines fx_entries < <(jar_entries "$fx_jar" '^[^/]+\.(so|dll|dylib)$')
    [[ ${#fx_entries[@]} -gt 0 ]] || die "$fx_jar holds no native libraries"
    extract_flat "$fx_jar" "$input" "${fx_entries[@]}"
fi
opencv_library="$(cd "$natives/opencv" && ls | head -n 1)"
[[ -n "$opencv_library" ]] || die "no OpenCV library in $natives/opencv"

# ---- 3. bundled model and sample pictures --------------------------------------------------------------------
# ModelLocator walks up from the app jar (<app>/lib/app/loc-app.jar) and finds <app>/lib/app/samples/default-model.
rm -rf "$input/samples"
mkdir -p "$input/samples"
if [[ -f "$root/samples/default-model/model.json" ]]; then
    cp -R "$root/samples/default-model" "$input/samples/"
    note "bundled model: samples/default-model ($(du -sh "$root/samples/default-model" | cut -f1))"
else
    note "no samples/default-model/model.json: the image has no bundled model (users pick one with --model)."
fi
for extra in images CREDITS.md README.md LICENSE.md; do
    [[ -e "$root/samples/$extra" ]] && cp -R "$root/samples/$extra" "$input/samples/"
done
rmdir "$input/samples" 2>/dev/null || true

# ---- 4. trimmed runtime ---------------------------------------------------------------------------------------
if [[ "$print_jdeps" == true ]]; then
    note "JDK modules used by the class path (jdeps; modular jars are listed by jar --describe-module):"
    for jar in "$input"/*.jar; do
        printf '  %s: ' "$(basename "$jar")"
        "$java_home/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 "$jar" 2>&1 | tail -n 1
    done
fi
modules="$(sed 's/#.*//' "$installer/runtime-modules.txt" | tr -s ' \t\r\n' '\n' | grep -v '^$' | paste -sd, -)"
if [[ ! -d "$runtime" ]]; then
    note "linking the Java runtime ($modules) ..."
    # bin/java stays: the smoke test runs a native check on this very runtime.
    "$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
        --compress=zip-6 --output "$runtime"
fi

# ---- 5. jpackage ------------------------------------------------------------------------------------------------
# $APPDIR is expanded by the launcher to the folder holding the jars (input above).
java_options=(
    --java-options '-Dai.djl.offline=true'
    --java-options '-DPYTORCH_LIBRARY_PATH=$APPDIR/natives/pytorch'
    --java-options '-DPYTORCH_FLAVOR=cpu'
    --java-options '-Djna.boot.library.path=$APPDIR/natives/jna'
    --java-options '-Djna.nounpack=true'
    --java-options "-Dloc.opencv.library=\$APPDIR/natives/opencv/$opencv_library"
    --java-options '--enable-native-access=ALL-UNNAMED'
    --java-options '--sun-misc-unsafe-memory-access=allow'
)
common=(--name "$app_name" --app-version "$app_version" --vendor "$vendor" --description "$description"
    --copyright "Copyright the LoC Studio authors")

case "$os" in
    linux) icon="$installer/icons/loc-studio-256.png" ;;
    windows) icon="$installer/icons/loc-studio.ico" ;;
    mac)
        # macOS wants .icns; iconutil (part of macOS) makes it from the PNG set.
        iconset="$stage/loc-studio.iconset"
        rm -rf "$iconset"; mkdir -p "$iconset"
        for size in 16 32 128 256 512; do
            cp "$installer/icons/loc-studio-$size.png" "$iconset/icon_${size}x${size}.png"
        done
        for size in 16 64 256 512; do
            half=$((size / 2)); [[ $half -ge 16 ]] || continue
            cp "$installer/icons/loc-studio-$size.png" "$iconset/icon_${half}x${half}@2x.png"
        done
        iconutil -c icns -o "$stage/loc-studio.icns" "$iconset"
        icon="$stage/loc-studio.icns"
        ;;
esac

image="$dest/$app_name"
[[ "$os" == mac ]] && image="$dest/$app_name.app"
for type in "${types[@]}"; do
    case "$type" in
        app-image)
            note "jpackage app-image -> $image"
            rm -rf "$image"
            "$java_home/bin/jpackage" --type app-image --dest "$dest" "${common[@]}" \
                --input "$input" --main-jar "$main_jar" --main-class "$main_class" --arguments gui \
                --runtime-image "$runtime" --icon "$icon" "${java_options[@]}" \
                --add-launcher "$cli_name=$installer/launchers/loc-studio.properties"
            ;;
        deb|rpm)
            [[ -d "$image" ]] || die "--type $type needs the app-image; build it first (--type app-image)."
            # jpackage takes launcher icons for the package from the resource folder, by launcher name (--icon is
            # ignored with --app-image and the default Java icon would be installed).
            resources="$stage/linux-resources"
            rm -rf "$resources"; mkdir -p "$resources"
            cp "$installer"/linux/* "$resources/"
            cp "$icon" "$resources/$app_name.png"
            cp "$icon" "$resources/$cli_name.png"
            note "jpackage $type (compresses ~0.6 GB: minutes; DPKG_DEB_COMPRESSOR_TYPE=zstd is faster) ..."
            "$java_home/bin/jpackage" --type "$type" --dest "$dest" "${common[@]}" --app-image "$image" \
                --linux-package-name loc-studio --linux-app-release 1 --linux-app-category graphics \
                --linux-menu-group "Graphics;Photography;" --linux-shortcut \
                --linux-deb-maintainer loc-studio@users.noreply.invalid \
                --linux-package-deps "libgtk-3-0t64 | libgtk-3-0, libgl1, libx11-6, libxtst6, libxxf86vm1, libfreetype6, libfontconfig1, libpango-1.0-0" \
                --file-associations "$installer/file-associations/loc-change.properties" \
                --resource-dir "$resources"
            ;;
        msi|exe)
            [[ -d "$image" ]] || die "--type $type needs the app-image; build it first (--type app-image)."
            "$java_home/bin/jpackage" --type "$type" --dest "$dest" "${common[@]}" --app-image "$image" \
                --win-menu --win-menu-group "LoC Studio" --win-shortcut --win-dir-chooser \
                --win-upgrade-uuid 6f1c3c52-8d0e-4f7e-9a53-2b9d3a0c7e41 \
                --file-associations "$installer/file-associations/loc-change.properties"
            ;;
        dmg|pkg)
            [[ -d "$image" ]] || die "--type $type needs the app-image; build it first (--type app-image)."
            "$java_home/bin/jpackage" --type "$type" --dest "$dest" "${common[@]}" --app-image "$image" \
                --mac-package-identifier studio.loc.app \
                --file-associations "$installer/file-associations/loc-change.properties"
            ;;
        *) die "unknown --type $type (app-image, deb, rpm, msi, exe, dmg, pkg)" ;;
    esac
done
note "done: $(cd "$dest" && ls -d -- */ *.deb *.rpm *.msi *.exe *.dmg *.pkg 2>/dev/null | grep -v '^stage/$' | tr '\n' ' ')"
