#!/usr/bin/env python3
"""Runs the GitHub Action (action.yml) and the GitLab CI template (docs/ci/handoff.gitlab-ci.yml)
here, as their runners would, on a shallow detached checkout of a scratch repository.

GitHub: each step of the composite action in order, its `if:` evaluated, its `env:` and `with:`
expressions filled in from the inputs and the github/steps contexts, each `run:` executed by
`bash --noprofile --norc -eo pipefail` (the runner's `shell: bash`), and GITHUB_PATH, GITHUB_ENV and
GITHUB_OUTPUT read back between steps as the runner does. The upload step (a `uses:`) is not run:
its evaluated inputs are returned and checked. GitLab: the `.handoff` job's script, with the
variables GitLab would set. Two installs are exercised: from source (`scripts/install`, reusing the
release build scripts/test made) and from the release tarball (`scripts/package`'s, served from a
file:// URL in place of the releases page).

  Tests/Integration/ci_templates.py REPOSITORY_ROOT   (needs PyYAML and dist/handoff_*.tar.gz)
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
FAILURES = []


def check(condition, what):
    if condition:
        print(f"  ok: {what}")
    else:
        print(f"  FAILED: {what}")
        FAILURES.append(what)


class Expressions:
    """The part of GitHub's expression language the action uses; anything else is an error, so
    the simulation cannot silently skip a construct it does not understand."""

    PATH = re.compile(r"\b(inputs|github|steps|runner|env)((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)")

    def __init__(self, contexts):
        self.contexts = contexts

    def lookup(self, match):
        value = self.contexts[match.group(1)]
        for key in match.group(2).split(".")[1:]:
            value = value.get(key, "") if isinstance(value, dict) else ""
        return repr(value)

    def evaluate(self, expression):
        python = self.PATH.sub(self.lookup, expression.strip())
        python = python.replace("always()", "True").replace("success()", "__success")
        python = python.replace("failure()", "__failure").replace("&&", " and ").replace("||", " or ")
        python = re.sub(r"!(?!=)", " not ", python)
        if re.search(r"[A-Za-z_]+\(", python):
            raise ValueError(f"unsupported expression: {expression}")
        return eval(python, {"__builtins__": {}}, {"True": True, "False": False, **self.flags()})

    def flags(self):
        failed = any(step["outcome"] == "failure" for step in self.contexts["steps"].values())
        return {"__success": not failed, "__failure": failed}

    def fill(self, text):
        if not isinstance(text, str):
            return text
        return re.sub(r"\$\{\{(.*?)\}\}", lambda match: str(self.evaluate(match.group(1))), text)


def read_file_commands(path):
    """GITHUB_OUTPUT/GITHUB_ENV lines: NAME=value, or NAME<<DELIMITER ... DELIMITER."""
    values = {}
    lines = open(path).read().splitlines() if os.path.exists(path) else []
    index = 0
    while index < len(lines):
        line = lines[index]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            index += 1
            while lines[index] != delimiter:
                body.append(lines[index])
                index += 1
            values[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        index += 1
    open(path, "w").close()
    return values


def run_action(workspace, runner, inputs, github, extra_env):
    """Runs action.yml; returns (steps context, uploads, step summary, job environment)."""
    action = yaml.safe_load(open(os.path.join(ROOT, "action.yml")))
    assert action["runs"]["using"] == "composite"
    for name in inputs:
        assert name in action["inputs"], f"the test passes {name}, which action.yml does not declare"
    contexts = {"inputs": {}, "github": github, "steps": {}, "runner": {"temp": runner}, "env": {}}
    expressions = Expressions(contexts)
    for name, spec in action["inputs"].items():
        contexts["inputs"][name] = inputs.get(name, expressions.fill(spec.get("default", "")))
    files = {name: os.path.join(runner, name.lower()) for name in ["GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH"]}
    files["GITHUB_STEP_SUMMARY"] = os.path.join(runner, "summary.md")
    for path in files.values():
        open(path, "w").close()
    environment = {
        **extra_env,
        **files,
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "RUNNER_TEMP": runner,
        "GITHUB_WORKSPACE": workspace,
        "GITHUB_ACTION_PATH": github["action_path"],
        "GITHUB_RUN_ID": github["run_id"],
        "GITHUB_RUN_ATTEMPT": github["run_attempt"],
        "GITHUB_JOB": github["job"],
        "GITHUB_SERVER_URL": github["server_url"],
        "GITHUB_ACTION_REPOSITORY": github["action_repository"],
        "GITHUB_REF_NAME": github["ref_name"],
        "GITHUB_HEAD_REF": github.get("head_ref", ""),
    }
    uploads = []
    for index, step in enumerate(action["runs"]["steps"]):
        identifier = step.get("id", f"__step{index}")
        condition = step.get("if", "success()")
        condition = condition[3:-2] if condition.startswith("${{") else condition
        if not expressions.evaluate(condition):
            contexts["steps"][identifier] = {"outcome": "skipped", "outputs": {}}
            continue
        if "uses" in step:
            uploads.append({"uses": step["uses"], **{k: expressions.fill(v) for k, v in step.get("with", {}).items()}})
            contexts["steps"][identifier] = {"outcome": "success", "outputs": {}}
            continue
        assert step.get("shell") == "bash", f"step {step.get('name')}: a composite run step names its shell"
        script = os.path.join(runner, f"step{index}.sh")
        with open(script, "w") as handle:
            handle.write(step["run"])
        step_env = {**environment, **{k: str(expressions.fill(v)) for k, v in step.get("env", {}).items()}}
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
            cwd=workspace, env=step_env, capture_output=True, text=True)
        print(f"  step '{step.get('name')}': exit {result.returncode}")
        if result.returncode != 0:
            print(result.stdout + result.stderr)
        outputs = read_file_commands(files["GITHUB_OUTPUT"])
        environment.update(read_file_commands(files["GITHUB_ENV"]))
        added = [line for line in open(files["GITHUB_PATH"]).read().splitlines() if line]
        open(files["GITHUB_PATH"], "w").close()
        for directory in added:
            environment["PATH"] = directory + os.pathsep + environment["PATH"]
        contexts["steps"][identifier] = {
            "outcome": "success" if result.returncode == 0 else "failure", "outputs": outputs,
            "stdout": result.stdout, "stderr": result.stderr}
    summary = open(files["GITHUB_STEP_SUMMARY"]).read()
    return contexts["steps"], uploads, summary, environment


def git(*arguments, cwd):
    return subprocess.run(["git", *arguments], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def scratch_checkout(base, name):
    """A repository with two commits, checked out as CI does: shallow, detached, no branch."""
    origin = os.path.join(base, name + "-origin")
    os.makedirs(origin)
    git("init", "-q", "-b", "main", cwd=origin)
    for number in (1, 2):
        open(os.path.join(origin, "file.txt"), "w").write(f"{number}\n")
        git("add", ".", cwd=origin)
        git("commit", "-q", "-m", f"Commit {number}", cwd=origin)
    checkout = os.path.join(base, name)
    git("clone", "-q", "--depth", "1", "file://" + origin, checkout, cwd=base)
    git("checkout", "-q", "--detach", cwd=checkout)
    return checkout, git("rev-parse", "HEAD", cwd=checkout)


def clean_environment(base):
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("GIT_", "GITHUB_", "CI_", "RUNNER_", "HANDOFF_")) and key != "CI"}
    home = os.path.join(base, "home")
    os.makedirs(home, exist_ok=True)
    environment.update({
        "HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.path.join(home, ".gitconfig"),
        "GIT_AUTHOR_NAME": "Ada Lovelace", "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": "Ada Lovelace", "GIT_COMMITTER_EMAIL": "ada@example.com", "LC_ALL": "C"})
    return environment


def release_server(base):
    """dist/'s tarball where the action looks for a release: SERVER/OWNER/REPO/releases/download/vV/."""
    tarballs = sorted(glob.glob(os.path.join(ROOT, "dist", "handoff_*_amd64.tar.gz")))
    assert tarballs, "no dist/handoff_*_amd64.tar.gz: run scripts/package first"
    version = re.match(r"handoff_(.+)_amd64\.tar\.gz", os.path.basename(tarballs[-1])).group(1)
    folder = os.path.join(base, "server", "team", "handoff", "releases", "download", "v" + version)
    os.makedirs(folder)
    shutil.copy(tarballs[-1], folder)
    return "file://" + os.path.join(base, "server"), version


def github_context(checkout, **overrides):
    return {"action_path": ROOT, "run_id": "4242", "run_attempt": "1", "job": "handoff",
            "server_url": "https://github.com", "action_repository": "team/handoff",
            "ref_name": "feature/login", "workspace": checkout, **overrides}


def from_source(base, environment):
    print("GitHub Action, installed from source, with notes and a JUnit report:")
    checkout, head = scratch_checkout(base, "source")
    runner = os.path.join(base, "runner-source")
    os.makedirs(runner)
    open(os.path.join(checkout, "notes.md"), "w").write("## What's Done\n- Built in CI\n")
    open(os.path.join(checkout, "report.xml"), "w").write(
        '<testsuites><testsuite name="s" tests="4" failures="1">'
        '<testcase name="a"/><testcase name="b"/><testcase name="c"/>'
        '<testcase name="d"><failure message="boom"/></testcase></testsuite></testsuites>\n')
    steps, uploads, summary, job = run_action(
        checkout, runner, {"notes": "notes.md", "junit": "report.xml", "archive-dir": "out/archive"},
        github_context(checkout), environment)
    check(all(step["outcome"] == "success" for step in steps.values()), "every step succeeds")
    installed = os.path.join(runner, "handoff", "bin", "handoff")
    check(job["PATH"].split(os.pathsep)[0] == os.path.dirname(installed), "the install step adds bin/ to GITHUB_PATH")
    stamp = git("rev-parse", "--short=12", "HEAD", cwd=ROOT)
    check(stamp in steps["__step0"]["stdout"], f"the installed handoff --version names this commit ({stamp})")
    check(os.path.exists(os.path.join(runner, "handoff", "share", "man", "man1", "handoff.1.gz")),
          "scripts/install put the manual pages in")
    archive = os.path.join(checkout, "out", "archive")
    rows = [json.loads(line) for line in open(os.path.join(archive, "index.jsonl"))]
    check(len(rows) == 1 and rows[0]["build_id"] == "4242" and rows[0]["head"] == head,
          "index.jsonl has one row, for this build and HEAD")
    check(rows[0]["branch"] == "feature/login" and rows[0]["branch_source"] == "GITHUB_REF_NAME",
          "the branch of the detached checkout comes from GITHUB_REF_NAME")
    markdown = open(os.path.join(archive, rows[0]["markdown"])).read()
    check("Built in CI" in markdown, "the notes file reached the handoff")
    check("- **Tests**: ❌ 1 failing, 3 passing" in markdown, "the JUnit report's counts reached the handoff")
    check(steps["handoff"]["outputs"].get("markdown") == "out/archive/" + rows[0]["markdown"],
          "the step's markdown output names the archived file")
    check(summary.rstrip("\n") == markdown.rstrip("\n"), "the handoff went to the step summary")
    check(len(uploads) == 1 and uploads[0]["uses"].startswith("actions/upload-artifact@"), "one upload step")
    upload = uploads[0] if uploads else {}
    check(upload.get("path") == "out/archive", "the upload step uploads the archive folder")
    check(upload.get("name") == "handoff-4242-1-handoff", "the artifact is named per run, attempt and job")


def from_release(base, environment):
    print("GitHub Action, installed from the release tarball, with fail-on-secret:")
    server, version = release_server(base)
    checkout, _ = scratch_checkout(base, "release")
    runner = os.path.join(base, "runner-release")
    os.makedirs(runner)
    open(os.path.join(checkout, "notes.md"), "w").write(
        "## What's Done\n- Deployed with token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n")
    github = github_context(checkout, server_url=server, action_path=os.path.join(base, "no-checkout"))
    steps, uploads, _, _ = run_action(
        checkout, runner, {"version": version, "notes": "notes.md", "fail-on-secret": "true"}, github, environment)
    check(steps["__step0"]["outcome"] == "success", f"handoff {version} installs from the release tarball")
    check(f"{version} (commit" in steps["__step0"]["stdout"], "the released binary says its version and commit")
    check(steps["handoff"]["outcome"] == "failure", "a secret in the notes fails the step (fail-on-secret)")
    check(not os.path.exists(os.path.join(checkout, "handoff-archive", "index.jsonl")), "and nothing is archived")
    check(len(uploads) == 1 and uploads[0].get("path") == "handoff-archive",
          "the upload step still runs after the failure (if: always())")
    steps, _, _, _ = run_action(
        checkout, os.path.join(base, "runner-release"), {"version": version, "fail-on-secret": "false", "junit": "missing.xml"},
        github, environment)
    check(steps["handoff"]["outcome"] == "success", "a missing JUnit report does not fail the step")
    check("tests recorded as not run" in steps["handoff"]["stdout"], "it says the report is missing")


def gitlab(base, environment):
    print("GitLab CI template, installed from the release tarball:")
    server, version = release_server(os.path.join(base, "gitlab-server"))
    template = yaml.safe_load(open(os.path.join(ROOT, "docs", "ci", "handoff.gitlab-ci.yml")))
    job = template[".handoff"]
    checkout, head = scratch_checkout(base, "gitlab")
    variables = {**environment, **{k: str(v) for k, v in job["variables"].items()},
                 "CI": "true", "GITLAB_CI": "true", "CI_COMMIT_REF_NAME": "feature/login",
                 "CI_PIPELINE_ID": "777", "CI_JOB_ID": "31", "CI_JOB_NAME": "handoff", "CI_BUILDS_DIR": base,
                 "HANDOFF_VERSION": version, "HANDOFF_RELEASES": server + "/team/handoff/releases/download",
                 "HANDOFF_ARCHIVE": "archive"}
    for line in job["script"]:
        result = subprocess.run(["bash", "-c", line], cwd=checkout, env=variables, capture_output=True, text=True)
        check(result.returncode == 0, "the job's script succeeds" + ("" if result.returncode == 0 else ": " + result.stderr))
    paths = [os.path.expandvars(path.replace("$HANDOFF_ARCHIVE", variables["HANDOFF_ARCHIVE"])) for path in job["artifacts"]["paths"]]
    check(job["artifacts"]["when"] == "always" and paths == ["archive/"], "the artifact is the archive, kept always")
    rows = [json.loads(line) for line in open(os.path.join(checkout, "archive", "index.jsonl"))]
    check(rows[0]["build_id"] == "777" and rows[0]["provider"] == "GitLab CI" and rows[0]["head"] == head,
          "the archive's row names the GitLab pipeline")
    check(rows[0]["branch"] == "feature/login", "the branch comes from CI_COMMIT_REF_NAME")


def main():
    base = tempfile.mkdtemp(prefix="handoff-ci-")
    try:
        environment = clean_environment(base)
        from_source(base, environment)
        from_release(base, environment)
        gitlab(base, environment)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    if FAILURES:
        print(f"ci templates: {len(FAILURES)} checks failed")
        sys.exit(1)
    print("ci templates: every check passed")


main()
