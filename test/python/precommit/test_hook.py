"""This repository's `.pre-commit-hooks.yaml`, run by the real pre-commit (pinned in
requirements-precommit.txt) the way a user's project runs it: `pre-commit try-repo` against this
checkout (uncommitted changes included), which installs the hook as pre-commit's node language
does (`npm install -g git+file://…`, npm building the CLI through the prepare script) and runs
`mlmodel validate` on the staged model files, and on nothing else.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = REPO / "examples"
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    # pre-commit's own store in a temporary folder, never the user's; the node that runs the tests.
    node_dir = str(Path(os.environ.get("NODE", shutil.which("node") or "node")).parent)
    return {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")), "PATH": node_dir + os.pathsep + os.environ["PATH"]}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A project with a clean model, one with mistakes, and a YAML file that is no model file."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copy(EXAMPLES / "eta_predictions.mlmodel.yaml", tmp_path / "ok.mlmodel.yaml")
    shutil.copy(EXAMPLES / "mistakes.mlmodel.yaml", tmp_path / "bad.mlmodel.yml")
    (tmp_path / "notes.yaml").write_text("not: [a model\n")
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    return tmp_path


def test_the_manifest_is_valid_for_pre_commit(env):
    done = subprocess.run([*PRE_COMMIT, "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_try_repo_reports_the_mistakes_and_fails(project, env):
    done = subprocess.run([*PRE_COMMIT, "try-repo", str(REPO), "mlmodel-validate", "--all-files"], cwd=project, env=env, capture_output=True, text=True)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "mlmodel validate" in output and "Failed" in output
    assert "bad.mlmodel.yml:3:7 error `name` must not contain `::`" in output
    assert "13 errors, 0 warnings in 2 files" in output, "the two model files, not notes.yaml"


def test_try_repo_passes_clean_files_and_leaves_other_yaml_alone(project, env):
    done = subprocess.run([*PRE_COMMIT, "try-repo", str(REPO), "mlmodel-validate", "--files", "ok.mlmodel.yaml", "notes.yaml"], cwd=project, env=env, capture_output=True, text=True)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Passed" in output
