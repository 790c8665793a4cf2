# Sourced by ./mvnw, ./lore and .ci/run: exports JAVA_HOME pointing to a JDK 21 or newer.
# Order: $JAVA_HOME if it is 21+, else the newest JDK under /usr/lib/jvm, else a clear error.
lore_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}
lore_find_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    local v; v=$(lore_java_major "$JAVA_HOME")
    if [ "${v:-0}" -ge 21 ] 2>/dev/null; then return 0; fi
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [ -x "$d/bin/javac" ] || continue
    v=$(lore_java_major "$d")
    if [ "${v:-0}" -gt "$best_v" ] 2>/dev/null; then best=$d; best_v=$v; fi
  done
  if [ "$best_v" -ge 21 ]; then export JAVA_HOME=$best; return 0; fi
  echo "Lore needs a JDK 21 or newer: set JAVA_HOME to one or install one under /usr/lib/jvm (found: ${best:-none}, version ${best_v})." >&2
  return 1
}
lore_find_java || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
