#!/usr/bin/env bash
# .pre-commit-hooks.yaml with the real pre-commit framework (a venv from PyPI), in scratch
# repositories pushing to a local bare remote:
#   - `pre-commit try-repo` of this repository runs the `handoff` hook for a push and it writes
#     the push's handoff;
#   - a team's config (`repo:` this repository at HEAD, `pre-commit install -t pre-push`): real
#     `git push`es of a new branch and of an update write handoffs naming the refs and commits,
#     as `handoff hook install`'s own hook does;
#   - the hook never blocks a push on its own failure: no handoff on PATH, a handoff that crashes;
#   - `args: [--strict]` does block a push of work with failing tests, in one line.
# The `handoff` hook (language: system) runs the release binary scripts/test built. The
# `handoff-build` hook (language: swift) is not run here: pre-commit's own `swift build -c release`
# of the whole package takes minutes (docs/ci.md has the figures).
#   Tests/Integration/pre-commit.sh BINARY
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
binary="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
tools="$("$root/scripts/ensure-python-tools")"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
fail() {
  echo "pre-commit: FAILED: $*" >&2
  exit 1
}

# A fixed identity, no user configuration, the framework's cache in the scratch folder, and the
# binary as `handoff` on PATH.
export HOME="$scratch/home" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$scratch/home/.gitconfig"
export GIT_AUTHOR_NAME="Ada Lovelace" GIT_AUTHOR_EMAIL=ada@example.com
export GIT_COMMITTER_NAME="Ada Lovelace" GIT_COMMITTER_EMAIL=ada@example.com
export PRE_COMMIT_HOME="$scratch/cache" LC_ALL=C.UTF-8
unset CI GITHUB_ACTIONS GITLAB_CI
mkdir -p "$HOME" "$scratch/bin"
ln -s "$binary" "$scratch/bin/handoff"
base_path="$tools:/usr/local/bin:/usr/bin:/bin"
export PATH="$scratch/bin:$base_path"
pre_commit="$tools/pre-commit"

git init -q --bare -b main "$scratch/remote.git"
git init -q -b main "$scratch/work"
cd "$scratch/work"
echo one > one.txt
git add one.txt
git commit -q -m "First"
git remote add origin "$scratch/remote.git"
git push -q origin main
handoffs() { ls .claude/handoffs/*.md 2> /dev/null | wc -l; }

# try-repo: the hook as pre-commit runs it for a push of main, one commit ahead.
echo two > two.txt
git add two.txt
git commit -q -m "Second"
"$pre_commit" try-repo "$root" handoff --hook-stage pre-push --remote-name origin \
  --remote-url "$scratch/remote.git" --local-branch refs/heads/main --remote-branch refs/heads/main \
  --from-ref "$(git rev-parse HEAD~1)" --to-ref "$(git rev-parse HEAD)" > "$scratch/try.log" 2>&1 \
  || { cat "$scratch/try.log" >&2; fail "pre-commit try-repo failed"; }
grep -q "handoff: push handoff saved to .claude/handoffs/handoff-" "$scratch/try.log" || { cat "$scratch/try.log" >&2; fail "try-repo: no handoff saved"; }
document="$(cat .claude/handoffs/*.md)"
tip="$(git rev-parse --short=7 HEAD)"
grep -qF -e "- \`main\` → \`main\` (\`$(git rev-parse --short=7 HEAD~1)..$tip\`): 1 commit" <<< "$document" \
  || fail "try-repo's handoff does not record the push: $(grep -A3 '## Push' <<< "$document")"
grep -qF -e "  - \`$tip\` Second" <<< "$document" || fail "try-repo's handoff does not list the pushed commit"
echo "pre-commit: try-repo of this repository wrote the push's handoff ($(pre_commit_version="$("$pre_commit" --version)"; echo "$pre_commit_version"))"
rm -rf .claude

# A team's config, installed as a pre-push hook: real pushes.
cat > .pre-commit-config.yaml << EOF
repos:
  - repo: $root
    rev: $(git -C "$root" rev-parse HEAD)
    hooks:
      - id: handoff
EOF
git add .pre-commit-config.yaml
git commit -q -m "Add the pre-commit config"
"$pre_commit" install -t pre-push > /dev/null
git push -q origin main > "$scratch/push.log" 2>&1 || { cat "$scratch/push.log" >&2; fail "the push of main was blocked"; }
[ "$(git -C "$scratch/remote.git" rev-parse main)" = "$(git rev-parse HEAD)" ] || fail "the push of main did not arrive"
[ "$(handoffs)" -eq 1 ] || { cat "$scratch/push.log" >&2; fail "the push of main wrote $(handoffs) handoffs, not 1"; }
git switch -q -c feature
for name in a b; do
  echo "$name" > "$name.txt"
  git add "$name.txt"
  git commit -q -m "Add $name"
done
git push -q origin feature > "$scratch/push.log" 2>&1 || { cat "$scratch/push.log" >&2; fail "the push of feature was blocked"; }
[ "$(handoffs)" -eq 2 ] || fail "the push of a new branch wrote no handoff"
newest="$(ls -t .claude/handoffs/*.md | head -1)"
grep -qF -e "- \`feature\` → \`feature\` (new): 2 commits" "$newest" || fail "new branch not recorded: $(grep -A4 '## Push' "$newest")"
grep -qF -e "  - \`$(git rev-parse --short=7 HEAD)\` Add b" "$newest" || fail "the new branch's commits are not listed"
grep -qF -e "(\`$scratch/remote.git\`)" "$newest" || fail "the remote's URL is not recorded"
echo "pre-commit: git push of main and of a new branch each wrote a handoff (refs and commits as git gives them)"

# Never blocks on its own failure: no handoff on PATH, then one that crashes.
echo c > c.txt
git add c.txt
git commit -q -m "Add c"
PATH="$base_path" git push -q origin feature > "$scratch/push.log" 2>&1 || { cat "$scratch/push.log" >&2; fail "a missing handoff blocked the push"; }
grep -q "handoff: warning: no handoff written for this push: handoff is not on PATH" "$scratch/push.log" || { cat "$scratch/push.log" >&2; fail "no warning for a missing handoff"; }
[ "$(git -C "$scratch/remote.git" rev-parse feature)" = "$(git rev-parse HEAD)" ] || fail "the push without handoff did not arrive"
mkdir -p "$scratch/crash"
printf '#!/bin/sh\nkill -SEGV $$\n' > "$scratch/crash/handoff"
chmod +x "$scratch/crash/handoff"
echo d > d.txt
git add d.txt
git commit -q -m "Add d"
PATH="$scratch/crash:$base_path" git push -q origin feature > "$scratch/push.log" 2>&1 || { cat "$scratch/push.log" >&2; fail "a crashing handoff blocked the push"; }
grep -q "handoff: warning: handoff hook run exited with status 139; the push goes on" "$scratch/push.log" || { cat "$scratch/push.log" >&2; fail "no warning for a crashing handoff"; }
[ "$(git -C "$scratch/remote.git" rev-parse feature)" = "$(git rev-parse HEAD)" ] || fail "the push with a crashing handoff did not arrive"
echo "pre-commit: a missing or crashing handoff warns in one line and the push goes on"

# --strict: failing tests recorded by the latest handoff block the push.
sed -i 's/      - id: handoff/      - id: handoff\n        args: [--strict]/' .pre-commit-config.yaml
git commit -q -am "Strict handoff"
handoff --tests "3 passed, 1 failed" --done "Half the parser" > /dev/null
if git push -q origin feature > "$scratch/push.log" 2>&1; then fail "--strict let a push with failing tests through"; fi
grep -q "handoff: push blocked (--strict): 1 of 4 tests failing" "$scratch/push.log" || { cat "$scratch/push.log" >&2; fail "--strict blocked without its reason"; }
[ "$(git -C "$scratch/remote.git" rev-parse feature)" != "$(git rev-parse HEAD)" ] || fail "the blocked push arrived"
echo "pre-commit: args: [--strict] blocks a push with failing tests, with the reason in one line"
