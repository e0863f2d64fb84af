"""A saving is put in once, whole, and only where its checks find the code it expects."""

from __future__ import annotations

from tui.textual_compat.patching import install_patches


def make() -> type:
    class Owner:
        def first(self) -> str:
            return "original first"

        def second(self) -> str:
            return "original second"

    return Owner


def replaced_first(self: object) -> str:
    return "new first"


def replaced_second(self: object) -> str:
    return "new second"


def test_every_patch_is_set_when_nothing_is_wrong() -> None:
    owner = make()
    patches = ((owner, "first", replaced_first), (owner, "second", replaced_second))
    assert install_patches(lambda: [], *patches)
    assert (owner().first(), owner().second()) == ("new first", "new second")


def test_none_is_set_when_the_checks_find_a_problem() -> None:
    owner = make()
    patches = ((owner, "first", replaced_first), (owner, "second", replaced_second))
    assert not install_patches(lambda: ["changed"], *patches)
    assert (owner().first(), owner().second()) == ("original first", "original second")


def test_once_set_the_checks_are_not_asked_again() -> None:
    owner = make()
    asked: list[int] = []

    def problems() -> list[str]:
        asked.append(1)
        return []

    assert install_patches(problems, (owner, "first", replaced_first))
    assert install_patches(problems, (owner, "first", replaced_first))
    assert len(asked) == 1
