"""GitHub Actions: `uses:` in .github/workflows/*.yml and in composite action.yml files."""

from __future__ import annotations

from collections.abc import Iterator

from wump.parsers._core import Dependency, any_of, dep, globs, in_dir, names, register
from wump.parsers._util import as_dict, as_list, load_yaml

ECO = "githubactions"


def uses_dep(uses: object) -> Dependency | None:
    """``owner/repo[/path]@ref`` → (owner/repo, ref). Local (./) and docker:// uses are skipped, as
    are expressions the workflow fills in at run time."""
    if not isinstance(uses, str):
        return None
    uses = uses.strip()
    if not uses or uses.startswith(("./", "../", "/", "docker://")) or "${{" in uses:
        return None
    action, _, ref = uses.partition("@")
    parts = action.split("/")
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return None
    # Sub-path actions (github/codeql-action/init) and reusable workflows
    # (owner/repo/.github/workflows/x.yml) belong to the repository owner/repo.
    return dep(ECO, f"{parts[0]}/{parts[1]}", ref or None)


@register(
    "githubactions/workflow", ECO, "manifest", in_dir((".github", "workflows"), globs("*.yml", "*.yaml"))
)
def parse_workflow(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_yaml(text))
    for job in as_dict(data.get("jobs")).values():
        job = as_dict(job)
        yield uses_dep(job.get("uses"))  # a reusable workflow called as a whole job
        for step in as_list(job.get("steps")):
            yield uses_dep(as_dict(step).get("uses"))


@register("githubactions/action.yml", ECO, "manifest", any_of(names("action.yml", "action.yaml")))
def parse_action_yml(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_yaml(text))
    runs = as_dict(data.get("runs"))
    for step in as_list(runs.get("steps")):  # composite actions
        yield uses_dep(as_dict(step).get("uses"))
