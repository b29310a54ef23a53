#!/usr/bin/env bash
# scripts/install end to end, into scratch prefixes: what it installs (the binary with this
# commit in --version, every command's manual page, three completions, the MCP server that
# `handoff init --mcp` registers, started from that entry as a client starts it), that bash-completion
# finds the completion where it put it, that it refuses to replace a file it did not install, and
# that --uninstall removes exactly what it installed: the folders it made go, a folder that was
# there before (with someone else's file in it) stays, byte for byte.
#   Tests/Integration/install.sh   (reuses scripts/test's release build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
fail() {
  echo "install: FAILED: $*" >&2
  exit 1
}

prefix="$scratch/fresh/prefix"
"$root/scripts/install" --prefix "$prefix" > "$scratch/out" 2> "$scratch/err" || { cat "$scratch/err" >&2; fail "scripts/install failed"; }
commit="$(git -C "$root" rev-parse --short=12 HEAD)"
version="$("$prefix/bin/handoff" --version)"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+\ \(commit\ $commit(-dirty)?\)$ ]] || fail "--version says '$version', not this commit ($commit)"
# One page per command: the commands the binary's own help lists, at every level.
expected="$("$prefix/bin/handoff" --experimental-dump-help | python3 -c '
import json, sys
def walk(command, names):
    names = names + [command["commandName"]]
    yield "-".join(names) + ".1.gz"
    for sub in command.get("subcommands", []):
        yield from walk(sub, names)
print("\n".join(sorted(walk(json.load(sys.stdin)["command"], []))))')"
actual="$(ls "$prefix/share/man/man1" | sort)"
[ "$actual" = "$expected" ] || fail "manual pages: $(diff <(echo "$expected") <(echo "$actual") | tr '\n' ' ')"
for page in "$prefix"/share/man/man1/*.1.gz; do
  warnings="$(MANPAGER=cat man -l "$page" 2>&1 > /dev/null)"
  [ -z "$warnings" ] || fail "man $(basename "$page"): $warnings"
done
MANPAGER=cat MANPATH="$prefix/share/man" man handoff-hook-install | grep -q -- '--strict' || fail "man handoff-hook-install lacks --strict"
for file in share/bash-completion/completions/handoff share/zsh/site-functions/_handoff share/fish/vendor_completions.d/handoff.fish; do
  [ -s "$prefix/$file" ] || fail "no $file"
done
grep -q '^#compdef handoff' "$prefix/share/zsh/site-functions/_handoff" || fail "the zsh completion is not a #compdef file"
grep -q "complete -c 'handoff'" "$prefix/share/fish/vendor_completions.d/handoff.fish" || fail "the fish completion completes nothing"
"$root/scripts/check-bash-completion" "$prefix/share"
# The MCP server beside handoff, started as a client starts it from what `handoff init --mcp`
# wrote to .mcp.json: by that command, in PATH (the installed bin/ first), in the repository.
[ -x "$prefix/bin/handoff-mcp" ] || fail "no bin/handoff-mcp"
repo="$scratch/repo"
git init -q "$repo"
(cd "$repo" && PATH="$prefix/bin:$PATH" handoff init --mcp > /dev/null) || fail "handoff init --mcp failed"
command="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["mcpServers"]["handoff"]["command"])' "$repo/.mcp.json")"
[ "$(PATH="$prefix/bin:$PATH" command -v "$command")" = "$prefix/bin/handoff-mcp" ] || fail ".mcp.json's command $command is not the installed bin/handoff-mcp"
PATH="$prefix/bin:$PATH" "$root/scripts/check-mcp-server" "$command" "$repo" | sed 's/^check: /install: /'
echo "install: $(grep -c '^file ' "$prefix/share/handoff/install-manifest") files into a new prefix, $(ls "$prefix/share/man/man1" | wc -l) manual pages, --version: $version"

"$root/scripts/install" --prefix "$prefix" > /dev/null 2>&1 || fail "installing twice failed"
"$root/scripts/install" --prefix "$prefix" --uninstall > /dev/null || fail "--uninstall failed"
[ ! -e "$scratch/fresh/prefix" ] || fail "--uninstall left $(find "$prefix" | head -3 | tr '\n' ' ')"
echo "install: --uninstall removed every file and every folder it made"

# A prefix that exists, with files of its own: kept exactly.
shared="$scratch/shared"
mkdir -p "$shared/bin" "$shared/share/man/man1"
echo "someone else's" > "$shared/bin/other-tool"
echo "a page" > "$shared/share/man/man1/other.1"
before="$(cd "$shared" && find . | sort; cat bin/other-tool share/man/man1/other.1)"
"$root/scripts/install" --prefix "$shared" > /dev/null 2>&1 || fail "install into an existing prefix failed"
"$root/scripts/install" --prefix "$shared" --uninstall > /dev/null || fail "--uninstall of an existing prefix failed"
after="$(cd "$shared" && find . | sort; cat bin/other-tool share/man/man1/other.1)"
[ "$before" = "$after" ] || fail "--uninstall changed what was there before: $(diff <(echo "$before") <(echo "$after") | tr '\n' ' ')"
echo "install: an existing prefix is left as it was, byte for byte"

# A handoff that scripts/install did not put there is never replaced.
foreign="$scratch/foreign"
mkdir -p "$foreign/bin"
echo "#!/bin/sh" > "$foreign/bin/handoff"
if "$root/scripts/install" --prefix "$foreign" > /dev/null 2> "$scratch/err"; then fail "install replaced a foreign bin/handoff"; fi
grep -q "exists and was not installed by scripts/install" "$scratch/err" || fail "unexpected refusal: $(cat "$scratch/err")"
[ "$(cat "$foreign/bin/handoff")" = "#!/bin/sh" ] || fail "the foreign bin/handoff changed"
[ ! -e "$foreign/share" ] || fail "a refused install still wrote files"
echo "install: a bin/handoff it did not install is refused, untouched"
