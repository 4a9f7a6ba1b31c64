"""The import contracts in pyproject.toml state ARCHITECTURE.md's "may import" column
edge by edge, and an import the table does not list fails the linter (`make lint`)."""

import json
import re
import tomllib
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[3]
BUSINESS = [
    "planning",
    "newsroom",
    "proofing",
    "distribution",
    "programmes",
    "outreach",
    "scoring",
    "exposure",
    "notices",
    "party",
    "integrity",
    "training",
    "broadcast_safety",
    "emergency",
]
CONSUMERS = ("reporting", "website", "ledgers", "demo")


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _documented() -> dict[str, set[str]]:
    """ARCHITECTURE.md's apps table: app → the business apps it may import."""
    rows = re.findall(
        r"^\| `(\w+)` \|.*\| ([^|]*) \|$", (ROOT / "ARCHITECTURE.md").read_text(), re.M
    )
    table = {}
    for app, may in rows:
        if "every business app" in may or may.strip() == "everything":
            table[app] = set(BUSINESS)
        else:
            table[app] = set(re.findall(r"`(\w+)`", may)) & set(BUSINESS)
    return table


def _contracted() -> dict[str, set[str]]:
    """The app-level forbidden contracts: app → the business apps it may import."""
    allowed: dict[str, set[str]] = {}
    for contract in _config()["contracts"]:
        if contract["type"] != "forbidden":
            continue
        forbidden = {m.split(".")[1] for m in contract["forbidden_modules"] if m.count(".") == 1}
        if not forbidden:
            continue  # a finer contract (no app's services), not an edge list
        (source,) = contract["source_modules"]
        app = source.removeprefix("rongmei.")
        assert app not in allowed, f"two edge contracts for {app}"
        allowed[app] = set(BUSINESS) - forbidden - {app}
    return allowed


def test_the_contracts_state_the_documented_edges():
    documented, contracted = _documented(), _contracted()
    assert set(documented) == {"core", "accounts", "security", *BUSINESS, *CONSUMERS}
    for app in [*BUSINESS, "website"]:
        assert contracted.get(app) == documented[app], app
    for app in ("reporting", "ledgers", "demo"):
        assert app not in contracted  # every business app: nothing to forbid
        assert documented[app] == set(BUSINESS)
    assert documented["core"] == documented["accounts"] == documented["security"] == set()


def test_the_layers_keep_core_and_accounts_at_the_bottom_and_the_consumers_on_top():
    (layers,) = (c["layers"] for c in _config()["contracts"] if c["type"] == "layers")
    assert layers[0] == "rongmei.demo"
    assert set(re.split(r"\s*\|\s*", layers[1])) == {
        "rongmei.reporting",
        "rongmei.website",
        "rongmei.ledgers",
    }
    assert set(re.split(r"\s*:\s*", layers[2])) == {f"rongmei.{app}" for app in BUSINESS}
    assert layers[3:] == ["rongmei.security", "rongmei.accounts", "rongmei.core"]


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value)


def _probe(tmp_path: Path, modules: dict[str, str]) -> Path:
    """A package `probe` shaped like `rongmei` (every module the contracts name, empty),
    plus `modules`; and pyproject.toml's contracts, renamed to it."""
    config = json.loads(
        json.dumps(_config()).replace('"rongmei', '"probe').replace(" rongmei.", " probe.")
    )
    named = set()
    for contract in config["contracts"]:
        for key in ("source_modules", "forbidden_modules", "modules", "layers"):
            for entry in contract.get(key, []):
                named.update(re.split(r"\s*[|:]\s*", entry))
    for name in sorted(named | set(modules)):
        parts = name.split(".")
        tmp_path.joinpath(*parts).mkdir(parents=True, exist_ok=True)
        for depth in range(1, len(parts)):
            tmp_path.joinpath(*parts[:depth], "__init__.py").touch()
    imported = {
        m for source in modules.values() for m in re.findall(r"^import (\S+)", source, re.M)
    }
    for name in imported - set(modules):
        tmp_path.joinpath(*name.split(".")).mkdir(parents=True, exist_ok=True)
        tmp_path.joinpath(*name.split("."), "__init__.py").touch()
    for name, source in modules.items():
        tmp_path.joinpath(*name.split("."), "__init__.py").write_text(source)
    for name in named:
        tmp_path.joinpath(*name.split("."), "__init__.py").touch()
    lines = ["[tool.importlinter]"]
    lines += [f"{k} = {_toml(v)}" for k, v in config.items() if k != "contracts"]
    for contract in config["contracts"]:
        contract["unmatched_ignore_imports_alerting"] = "none"  # the probe has no tests
        lines += ["", "[[tool.importlinter.contracts]]"]
        lines += [f"{k} = {_toml(v)}" for k, v in contract.items()]
    out = tmp_path / "contracts.toml"
    out.write_text("\n".join(lines) + "\n")
    return out


def _lint(tmp_path, monkeypatch, capsys, modules) -> tuple[int, str]:
    config = _probe(tmp_path, modules)
    monkeypatch.syspath_prepend(str(tmp_path))
    code = lint_imports(config_filename=str(config), no_cache=True, no_logo=True)
    return code, capsys.readouterr().out


LEAKS = {
    # module: (what it imports, the contracts that must break)
    "probe.notices.leak": (
        "probe.party.services",
        ("notices may import no other business app", "Record-keeping apps are independent"),
    ),
    "probe.newsroom.leak": ("probe.distribution.models", ("newsroom may import planning",)),
    "probe.website.leak": (
        "probe.distribution.services",
        ("website may import newsroom", "reporting and website only read"),
    ),
    "probe.scoring.leak": ("probe.programmes.models", ("scoring may import newsroom",)),
    "probe.core.leak": ("probe.accounts.models", ("Dependency direction",)),
}


def test_an_unlisted_import_fails_the_linter(tmp_path, monkeypatch, capsys):
    leaks = {module: f"import {imported}\n" for module, (imported, _c) in LEAKS.items()}
    allowed = {"probe.scoring.uses": "import probe.outreach.selectors\n"}
    code, out = _lint(tmp_path, monkeypatch, capsys, {**allowed, **leaks})
    assert code == 1, out
    broken = [line for line in out.splitlines() if line.endswith("BROKEN")]
    expected = [name for _imported, names in LEAKS.values() for name in names]
    assert len(broken) == len(expected), out
    for name in expected:
        assert any(line.startswith(name) for line in broken), name
    for module, (imported, _names) in LEAKS.items():
        assert f"{module} -> {imported}" in out
    assert "-> probe.outreach" not in out  # the listed edge is not reported


def test_the_listed_imports_pass_the_linter(tmp_path, monkeypatch, capsys):
    code, out = _lint(
        tmp_path,
        monkeypatch,
        capsys,
        {
            "probe.scoring.uses": "import probe.outreach.selectors\nimport probe.newsroom.models\n",
            "probe.programmes.uses": "import probe.distribution.publishing\n",
            "probe.website.uses": "import probe.newsroom.selectors\n",
            "probe.reporting.uses": "import probe.party.selectors\n",
            "probe.ledgers.uses": "import probe.party.services\n",
        },
    )
    assert code == 0, out
