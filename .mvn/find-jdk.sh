# Sourced by ./mvnw and ./loc-studio (POSIX sh). LoC Studio needs JDK 25; many machines default to an older java
# with a JDK 25 installed beside it. Keep JAVA_HOME when it already is ≥ 25, otherwise look in the usual places.
loc_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
loc_find_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(loc_java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
    return 0
  fi
  # The Maven wrapper runs with globbing off (set -f); the search needs it.
  case $- in *f*) loc_glob_was_off=1; set +f ;; *) loc_glob_was_off=0 ;; esac
  for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
                   "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    if [ -x "$candidate/bin/javac" ] && [ "$(loc_java_major "$candidate")" -ge 25 ] 2>/dev/null; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      [ "$loc_glob_was_off" = 1 ] && set -f
      return 0
    fi
  done
  [ "$loc_glob_was_off" = 1 ] && set -f
  echo "LoC Studio needs a JDK 25 or newer; none was found (JAVA_HOME=${JAVA_HOME-unset})." >&2
  echo "Install one (for example Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
