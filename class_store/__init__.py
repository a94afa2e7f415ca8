"""The class server's data: classes, members, questions, answers and lessons.

One schema, created and migrated by the app, in SQLite (a file in WAL mode: every process on one
machine) by default, or in PostgreSQL when `CONVLAB_DATABASE_URL` names one (several machines
behind a load balancer). Pure Python: no Streamlit here.
"""

from class_store.store import (
    Answer,
    ClassState,
    ClassStore,
    Lesson,
    LessonStep,
    NoSuchClassError,
    Question,
    open_store,
)

__all__ = [
    "Answer",
    "ClassState",
    "ClassStore",
    "Lesson",
    "LessonStep",
    "NoSuchClassError",
    "Question",
    "open_store",
]
