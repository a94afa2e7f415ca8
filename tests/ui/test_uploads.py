"""A session holds at most its newest upload: sending file after file does not pile them up."""

from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from ui.uploads import keep_newest_upload


def test_a_session_keeps_only_its_newest_upload_and_other_sessions_keep_theirs():
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    keep_newest_upload(manager)
    keep_newest_upload(manager)  # applying it twice changes nothing
    manager.add_file("other", UploadedFileRec("o1", "o.png", "image/png", b"o" * 10))
    for n in range(50):
        manager.add_file("student", UploadedFileRec(f"f{n}", "photo.png", "image/png", b"x" * 1000))
    assert list(manager.file_storage["student"]) == ["f49"]
    assert [f.file_id for f in manager.get_files("other", ["o1"])] == ["o1"]
    assert manager._total_bytes == 1010  # what Streamlit counts as held
