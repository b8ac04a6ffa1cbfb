"""Writes the pinned requirement files `npm run test:python` installs (each with `pip install --no-deps`,
so what is installed is exactly what the file lists, nothing resolved at test time):

  python3 test/python/lock.py sdk 1.9   → requirements-sdk-1.9.txt: the newest openmetadata-ingestion 1.9.x
  python3 test/python/lock.py mlflow    → requirements-mlflow.txt: the newest mlflow and scikit-learn
  python3 test/python/lock.py precommit → requirements-precommit.txt: the newest pre-commit

Why the SDK is not a plain `pip install openmetadata-ingestion==X`: its collate-data-diff dependency
requires dbt-core, whose dbt-core-experimental-parser downloads a wheel from GitHub while it builds
(unreachable here, and nothing the SDK's REST client uses). So the SDK and collate-data-diff are
installed without their dependencies, and the SDK's declared dependencies are installed instead,
less dbt-core and less the database drivers and profilers of other connectors, which the REST
client, the generated models and their imports never load (checked below by importing them).
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import zipfile
from email.parser import Parser
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Dependencies of the SDK's connectors, never imported by `metadata.ingestion.ometa` and the models.
NOT_NEEDED = {"snowflake-connector-python", "mysql-connector-python", "pymysql", "shapely", "memory-profiler", "dbt-core"}
# Imported by the SDK's REST client without being declared, so they used to come with another
# dependency: cachetools (1.9: metadata.ingestion.lineage.masker; newer google-auth no longer brings
# it), pytz (2.0: metadata.utils.time_utils).
UNDECLARED = ["cachetools", "pytz"]
# Installed without dependencies (see above); their own dependencies are added from their metadata.
WITHOUT_DEPENDENCIES = {"collate-data-diff"}


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def run(*args: str) -> str:
    print("+", " ".join(args), file=sys.stderr)
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"failed ({done.returncode}): {' '.join(args)}\n{done.stderr[-3000:]}")
    return done.stdout


def requirements_of(wheel: Path) -> list[str]:
    """The wheel's Requires-Dist, without optional extras."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(name).decode())
    return [r for r in metadata.get_all("Requires-Dist") or [] if "extra ==" not in r]


def name_of(requirement: str) -> str:
    return normalized(re.match(r"[A-Za-z0-9_.-]+", requirement).group(0))


def download(pip: str, spec: str, into: Path) -> Path:
    """The wheel of `spec` (the newest that satisfies it), downloaded into a fresh folder."""
    run(pip, "download", "--no-deps", "--only-binary=:all:", "-d", str(into), spec)
    return next(p for p in into.glob("*.whl") if normalized(p.name.split("-")[0]) == name_of(spec))


def freeze(python: str, replacements: dict[str, str]) -> list[str]:
    lines = []
    for line in run(python, "-m", "pip", "freeze", "--all").splitlines():
        name = name_of(line)
        if name == "pip":
            continue
        lines.append(replacements.get(name, line))
    return sorted(lines, key=str.lower)


def lock_sdk(major_minor: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        venv, wheels = Path(tmp) / "venv", Path(tmp) / "wheels"
        wheels.mkdir()
        run(sys.executable, "-m", "venv", str(venv))
        pip, python = str(venv / "bin" / "pip"), str(venv / "bin" / "python")
        sdk = download(pip, f"openmetadata-ingestion~={major_minor}.0", wheels)
        version = sdk.name.split("-")[1]
        pinned = {"openmetadata-ingestion": f"openmetadata-ingestion=={version}"}
        wanted: list[str] = []
        no_deps = [sdk]
        for requirement in requirements_of(sdk):
            name = name_of(requirement)
            if name in NOT_NEEDED:
                continue
            if name in WITHOUT_DEPENDENCIES:
                wheel = download(pip, requirement.split(";")[0], wheels)
                no_deps.append(wheel)
                pinned[name] = f"{name}=={wheel.name.split('-')[1]}"
                wanted += [r for r in requirements_of(wheel) if name_of(r) not in NOT_NEEDED]
            else:
                wanted.append(requirement)
        run(pip, "install", "--no-deps", *map(str, no_deps))
        run(pip, "install", *wanted, *UNDECLARED, "pytest")
        run(python, "-c", "from metadata.ingestion.ometa.ometa_api import OpenMetadata; import metadata.generated.schema.entity.data.mlmodel")
        write(
            HERE / f"requirements-sdk-{major_minor}.txt",
            [
                f"# openmetadata-ingestion {version}: the newest {major_minor}.x, the SDK of the OpenMetadata {major_minor} the sandbox plays.",
                "# Written by `python3 test/python/lock.py sdk " + major_minor + "`; installed with `pip install --no-deps -r`.",
                "# Not a plain `pip install openmetadata-ingestion`: its collate-data-diff needs dbt-core, whose",
                "# dbt-core-experimental-parser downloads a wheel from GitHub while it builds. So the SDK and",
                "# collate-data-diff come without their dependencies, and these are the SDK's declared ones less",
                "# dbt-core and the drivers/profilers of other connectors (" + ", ".join(sorted(NOT_NEEDED - {"dbt-core"})) + "),",
                "# which its REST client and generated models never import (lock.py imports them to check).",
            ],
            freeze(python, pinned),
        )


def lock_plain(suite: str, packages: list[str], what: str) -> None:
    """The newest `packages` and pytest, with everything they depend on."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        run(sys.executable, "-m", "venv", str(venv))
        run(str(venv / "bin" / "pip"), "install", *packages, "pytest")
        write(
            HERE / f"requirements-{suite}.txt",
            [f"# {' and '.join(packages)} (the newest when written), {what}.",
             f"# Written by `python3 test/python/lock.py {suite}`; installed with `pip install --no-deps -r`."],
            freeze(str(venv / "bin" / "python"), {}),
        )


def write(path: Path, header: list[str], lines: list[str]) -> None:
    path.write_text("\n".join(header + lines) + "\n")
    print(f"wrote {path.relative_to(HERE.parents[1])} ({len(lines)} packages)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["sdk"] and len(sys.argv) == 3 and re.fullmatch(r"\d+\.\d+", sys.argv[2]):
        lock_sdk(sys.argv[2])
    elif sys.argv[1:] == ["mlflow"]:
        lock_plain("mlflow", ["mlflow", "scikit-learn"], "to log real MLmodel files for test/python/mlflow")
    elif sys.argv[1:] == ["precommit"]:
        lock_plain("precommit", ["pre-commit"], "to run this repository's .pre-commit-hooks.yaml for test/python/precommit")
    else:
        sys.exit("usage: python3 test/python/lock.py sdk MAJOR.MINOR | mlflow | precommit")
