"""Every key this app keeps in `st.session_state`, declared once with its type and default.

Pages and the other ui modules read and write the session only through these `Key`s (and the
widget-key functions below); nothing else indexes `st.session_state`. A widget bound to a
key takes `key=KEY.name`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, TypeVar

import streamlit as st

from modules.text.i18n import DEFAULT_LANGUAGE

T = TypeVar("T")

NO_REFERENCE = "-"  # the reference picker's "none"


@dataclass(frozen=True)
class Key(Generic[T]):
    """One session key: its name and a factory for its default (called on each read of an
    absent key, so a mutable default is never shared between sessions)."""

    name: str
    default: Callable[[], T]

    def get(self) -> T:
        """The stored value, or the default (not stored) when the key is absent."""
        return st.session_state[self.name] if self.name in st.session_state else self.default()

    def set(self, value: T) -> None:
        """Store `value` under the key in the session."""
        st.session_state[self.name] = value

    def setdefault(self) -> T:
        """The stored value, storing the default first when absent (for values changed in place)."""
        if self.name not in st.session_state:
            st.session_state[self.name] = self.default()
        return st.session_state[self.name]

    def pop(self) -> T:
        """The stored value (or the default), removing it from the session."""
        return st.session_state.pop(self.name) if self.is_set() else self.default()

    def is_set(self) -> bool:
        """Whether the session holds a value for the key."""
        return self.name in st.session_state


def _const(value: Any) -> Callable[[], Any]:
    return lambda: value


# --- the sidebar's choices (widget keys, also in the URL) -------------------------------
LANG: Key[str] = Key("lang", _const(DEFAULT_LANGUAGE))
DATASET: Key[str | None] = Key("dataset", _const(None))            # picker key, see selection
MODEL: Key[str] = Key("model", _const("auto"))
REFERENCE: Key[str] = Key("reference", _const(NO_REFERENCE))      # built-in id or NO_REFERENCE
OPENED_FROM_LINK: Key[str | None] = Key("opened_from_link", _const(None))  # ?scenario= handled
LINK_OPENED: Key[str | None] = Key("link_opened", _const(None))  # the name it truly opened

# --- what the planner works on ----------------------------------------------------------
TARGET_YEAR: Key[int | None] = Key("target_year", _const(None))   # see selection.target_year
TARGET_TABLES: Key[dict] = Key("targets", dict)                   # table_key → target table
ONE_OFFS: Key[list[dict]] = Key("one_offs", list)                 # [{"indicator","year","reason"}]
USER_DATASETS: Key[dict] = Key("user_datasets", dict)             # name → Dataset (this session)

# --- messages carried over a rerun --------------------------------------------------------
TARGET_MESSAGES: Key[dict[str, str]] = Key("target_messages", dict)  # indicator → refusal
TARGET_REDRAW: Key[set] = Key("target_redraw", set)  # rows whose boxes show the table again
SCENARIO_FEEDBACK: Key[tuple[str, str, bool] | None] = Key(  # (st fn, text, link to targets)
    "scen_feedback", _const(None))
DATA_PROBLEMS: Key[list] = Key("data_problems", list)             # [Problem] of the last apply
DATA_SHEET: Key[str | None] = Key("data_sheet_chosen", _const(None))  # workbook sheet picked

# --- saved items: what the user saw (identity + version), never re-read on a click ---------
# A storage Ref (kind, id, version) is kept from the moment the user picked or opened the
# item; every action sends it, and storage refuses it (StaleEdit) if the item changed since.
SCENARIO_PICKED: Key[Any] = Key("scenario_picked", _const(None))  # Ref | None
SCENARIO_PICKER: Key[str | None] = Key("scenario_selected", _const(None))  # widget: an item id
CONFIRM_DELETE: Key[bool] = Key("confirm_delete", _const(False))  # widget; for one Ref, once
COPY_NAME: Key[str] = Key("copy_name", _const(""))                # widget: duplicate's name
RENAME_NAME: Key[str] = Key("rename_name", _const(""))            # widget: rename's new name
LAST_DELETED: Key[Any] = Key("last_deleted", _const(None))      # (Ref, name) to undo, or None
SCENARIO_EXPORT: Key[Any] = Key("scenario_export", _const(None))  # (what, Ref/names, files)
OPENED_DATASETS: Key[dict] = Key("opened_datasets", dict)         # saved dataset id → Ref opened
DATASET_ORIGINS: Key[dict] = Key("dataset_origins", dict)         # picker key → Ref it came from

# --- widget keys read elsewhere than at their widget ----------------------------------------
SCENARIO_AUTHOR: Key[str] = Key("scenario_author", _const(""))
ONE_OFF_EDITOR: Key[dict] = Key("oneoff_editor", dict)            # st.data_editor's edits


# --- sidebar pickers: one widget per language ------------------------------------------------
# A selectbox keeps showing its selected option in the language it was drawn in; a widget key
# per language makes a language switch draw fresh pickers. The value itself lives in the
# Key (DATASET, MODEL, REFERENCE), which seeds the widget and is updated by it.


def picker(key: Key, lang: str) -> str:
    """The widget key of the sidebar picker for `key` in `lang`, seeded with key's value
    (call just before drawing the widget, with on_change=keep_picker, args=(key, name))."""
    name = f"{key.name}@{lang}"
    st.session_state[name] = key.get()
    return name


def keep_picker(key: Key, name: str) -> None:
    """on_change of a picker: store the picked value in its Key."""
    key.set(st.session_state[name])


# --- target boxes: a new version number draws every box afresh from the table --------------

def table_key(dataset_id: str, year: int) -> str:
    """The key of one target table: one per (dataset, target year)."""
    return f"{dataset_id}:{year}"


def input_key(table: str, version: int, indicator_id: str, field: str, lang: str) -> str:
    """The widget key of one box of the target page: `field` of `indicator_id`'s row in target
    table `table` (a table_key) at `version`, drawn in `lang` (another language draws the boxes
    afresh: their numbers and labels are written in it)."""
    return f"target:{table}:{version}:{lang}:{indicator_id}:{field}"


def _version_key(table: str) -> str:
    return f"editor_version:{table}"


def editor_version(table: str) -> int:
    """The target boxes' current version for `table` (0 at first), stored once read."""
    return st.session_state.setdefault(_version_key(table), 0)


def bump_editor(table: str) -> None:
    """Next version: the target boxes for `table` are drawn afresh from the table."""
    st.session_state[_version_key(table)] = st.session_state.get(_version_key(table), 0) + 1


def widget_value(key: str) -> Any:
    """The value of the widget with key `key` (None before it exists). For on_change callbacks."""
    return st.session_state.get(key)


def show_in_widget(key: str, value: Any, always: bool) -> None:
    """Put `value` in the widget with key `key` before the run draws it: when it has no value
    yet, or `always` (the widget keeps its key, so a focused box keeps the focus)."""
    if always or key not in st.session_state:
        st.session_state[key] = value


def data_editor_key(fingerprint: str) -> str:
    """The st.data_editor key of the data page's editor for the dataset with `fingerprint`."""
    return f"data_editor:{fingerprint}"


def pending_edits(editor_key: str) -> int:
    """How many rows of the data editor `editor_key` the user changed, added or deleted
    and has not applied yet (its edits since it was drawn for its dataset)."""
    state = st.session_state.get(editor_key) or {}
    return sum(len(state.get(part) or ()) for part in ("edited_rows", "added_rows",
                                                       "deleted_rows"))
