#!/usr/bin/env bash
# The proof that no secret leaks: scripts/test.sh runs the whole suite with secrets it made up
# for the run (plant_secrets in scripts/lib/common.sh) and everything the suite writes inside one
# directory, then this searches every byte there for them. Any hit fails the run.
#
#   scripts/checks/secrets.sh DIRECTORY
#
# What it looks for, all of it known only to this run:
#   - STACKRUN_EMULATOR_PASSWORD, the password of every emulator's seeded admin, which the tests
#     sign in with (as OS_PASSWORD, in clouds.yaml, as keystone.auth's password);
#   - STACKRUN_EMULATOR_SECRET_PREFIX, which starts every token and every application-credential
#     secret the emulators issue;
#   - the PEM header of the private key of every key pair an emulator generates (but on a
#     run's stdout, where a script that returns the key it created puts it).
# What it searches: the suite's own output (the logs scripts/test.sh keeps in DIRECTORY/logs),
# and every file the tests and the programs they ran wrote: scripts, journals, state and cache
# directories, clouds.yaml files, temporary files (TMPDIR is DIRECTORY/t, and the tests keep
# their files: STACKRUN_KEEP_TEST_FILES=1), what each stackrun the tests ran printed included.
# Skipped: token caches (.../stackrun/tokens/), whose job is to keep the token (TokenCacheTests
# checks they hold no password), clouds.yaml and secure.yaml, where a password is given, and
# ServiceScriptTests' password file (sr-service-*/password), which auth.lua is given to sign in
# to a second cloud with (scripts never read OS_PASSWORD), and what the emulator tests'
# stackrun-emulator printed (sr-emulator-*/stdout-*): its OS_* exports, the admin password
# among them, for whoever evals them, as `stackrun emulator` documents.
# A hit is reported by file and by which secret, never with the secret or the line around it.
set -euo pipefail

root=${1:?usage: secrets.sh DIRECTORY}
: "${STACKRUN_EMULATOR_PASSWORD:?the run's secrets are not set: see plant_secrets in scripts/lib/common.sh}"
: "${STACKRUN_EMULATOR_SECRET_PREFIX:?the run's secrets are not set: see plant_secrets in scripts/lib/common.sh}"

names=("the emulator's admin password" "a token or application-credential secret" "a generated private key")
secrets=("$STACKRUN_EMULATOR_PASSWORD" "$STACKRUN_EMULATOR_SECRET_PREFIX" "-----BEGIN OPENSSH PRIVATE KEY-----")
# A private key goes to the script that created it, which may return it: what a run printed on
# stdout (sr-output-*/stdout, stdout-*) is the one place it may be.
skips=("" "" "stdout*")

# Every file but those whose job is to hold a secret, and those named in $@ (find's -name).
candidates() {
  local skipped=()
  for name in "$@"; do skipped+=(-not -name "$name"); done
  find "$root" -type f -not -path '*/stackrun/tokens/*' -not -name clouds.yaml -not -name secure.yaml \
    -not -path '*/sr-service-*/password' -not -path '*/sr-emulator-*/stdout-*' "${skipped[@]}" -print0
}
files=$(candidates | tr -cd '\0' | wc -c)
bytes=$(du -sb "$root" | cut -f1)
hits=0
for index in "${!secrets[@]}"; do
  # -F: the secret as it is; -a: binary files too; -l: the file, not the line holding it.
  while IFS= read -r -d '' file; do
    echo "secrets: ${names[$index]} found in ${file#"$root"/}" >&2
    hits=$((hits + 1))
  # shellcheck disable=SC2086 # the skip is one pattern or none, for find: not expanded here
  done < <(set -f; candidates ${skips[$index]} | xargs -0 -r grep -alF --null -e "${secrets[$index]}" || true)
done

if [ "$hits" -gt 0 ]; then
  echo "secrets: $hits leak(s) in what the suite wrote (kept in $root)" >&2
  exit 1
fi
echo "secrets: none of the run's secrets in the $files files ($bytes bytes) the suite wrote"
