"""Uploads held per session: only the newest.

Streamlit keeps every file a session uploads until the session ends, and any client can send
file after file (each up to `server.maxUploadSize`) without ever showing one in a widget. The
pages have one uploader each, so a session needs only the file it sent last: adding a file drops
the session's others. (Replacing a picture also replaces it in the widget, so nothing is lost.)
"""

from __future__ import annotations

from streamlit.runtime import Runtime
from streamlit.runtime.uploaded_file_manager import UploadedFileManager, UploadedFileRec

MAX_SESSION_FILES = 1


def keep_newest_upload(manager: UploadedFileManager) -> None:
    """Make `manager` drop a session's older files whenever it adds one (once per manager)."""
    if getattr(manager, "_convlab_bounded", False) or not hasattr(manager, "file_storage"):
        return
    add_file = manager.add_file  # type: ignore[attr-defined]  # the memory manager Streamlit runs has it

    def add_newest(session_id: str, file: UploadedFileRec) -> None:
        add_file(session_id, file)
        held = list(manager.file_storage.get(session_id, {}))  # insertion order: oldest first
        for file_id in [f for f in held if f != file.file_id][: max(len(held) - MAX_SESSION_FILES, 0)]:
            manager.remove_file(session_id, file_id)  # type: ignore[attr-defined]

    manager.add_file = add_newest  # type: ignore[attr-defined]
    manager._convlab_bounded = True  # type: ignore[attr-defined]


def bound_session_uploads() -> None:
    """Apply `keep_newest_upload` to the running server's file manager (no server: nothing)."""
    if Runtime.exists():
        keep_newest_upload(Runtime.instance().uploaded_file_mgr)
