"""One partition per watched owner or package, and keeping them in step with the watch list.

The sensors (a running daemon) and ``wump build`` (in process) both call ``partition_changes``; the
sensors hand the changes to Dagster as requests, the build applies them to its instance directly.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import dagster as dg
from wump import steps
from wump.config import Settings

github_owners = dg.DynamicPartitionsDefinition(name="github_owners")
watched_packages = dg.DynamicPartitionsDefinition(name="watched_packages")

# What each partitions definition holds: the demo's owners and packages when nothing is
# configured, package specs in canonical form so `pypi/FastAPI` and `pypi/fastapi` are one partition.
WATCH_LISTS: dict[str, Callable[[Settings], Iterable[str]]] = {
    github_owners.name: steps.github_owners,
    watched_packages.name: steps.watched_packages,
}


def watched_keys(settings: Settings, partitions: dg.DynamicPartitionsDefinition) -> list[str]:
    """The partition keys the watch list asks for, in watch-list order, each once."""
    return list(dict.fromkeys(WATCH_LISTS[partitions.name](settings)))


@dataclass(frozen=True)
class PartitionChanges:
    partitions: dg.DynamicPartitionsDefinition
    new: list[str]
    gone: list[str]

    def requests(self) -> list[dg.AddDynamicPartitionsRequest | dg.DeleteDynamicPartitionsRequest]:
        """For a sensor's result: Dagster applies them when it records the tick."""
        return ([self.partitions.build_add_request(self.new)] if self.new else []) + (
            [self.partitions.build_delete_request(self.gone)] if self.gone else [])

    def apply(self, instance: dg.DagsterInstance) -> None:
        """For an in-process build, which has no tick to record them."""
        if self.new:
            instance.add_dynamic_partitions(self.partitions.name, self.new)
        for key in self.gone:
            instance.delete_dynamic_partition(self.partitions.name, key)


def partition_changes(instance: dg.DagsterInstance, partitions: dg.DynamicPartitionsDefinition,
                      wanted: list[str]) -> PartitionChanges:
    """Partitions to add for new watch-list entries and to delete for entries no longer watched."""
    existing = instance.get_dynamic_partitions(partitions.name)
    known = set(existing)
    return PartitionChanges(partitions, [key for key in dict.fromkeys(wanted) if key not in known],
                            [key for key in existing if key not in set(wanted)])
