"""The store's schema, as numbered migrations in SQL that SQLite and PostgreSQL both read.

A database records the last migration it ran in `schema_version`; `migrate` runs the newer ones
in one transaction, so processes starting together agree on one schema. Append, never edit.
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: classes, members, questions, answers, lessons
        """CREATE TABLE classes (
            code TEXT PRIMARY KEY,
            created_at DOUBLE PRECISION NOT NULL,
            touched_at DOUBLE PRECISION NOT NULL,
            follow_link TEXT NOT NULL DEFAULT '',
            follow_prompt TEXT NOT NULL DEFAULT '',
            follow_version INTEGER NOT NULL DEFAULT 0,
            question_id TEXT
        )""",
        """CREATE TABLE members (
            class_code TEXT NOT NULL REFERENCES classes(code) ON DELETE CASCADE,
            member_id TEXT NOT NULL,
            nickname TEXT NOT NULL,
            joined_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (class_code, member_id)
        )""",
        """CREATE TABLE questions (
            id TEXT PRIMARY KEY,
            class_code TEXT NOT NULL REFERENCES classes(code) ON DELETE CASCADE,
            asked_at DOUBLE PRECISION NOT NULL,
            body TEXT NOT NULL,
            revealed INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE answers (
            question_id TEXT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
            member_id TEXT NOT NULL,
            answer TEXT NOT NULL,
            correct INTEGER NOT NULL,
            answered_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (question_id, member_id)
        )""",
        "CREATE INDEX questions_by_class ON questions (class_code)",
        """CREATE TABLE lessons (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL
        )""",
        """CREATE TABLE lesson_steps (
            lesson_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            link TEXT NOT NULL,
            prompt TEXT NOT NULL,
            PRIMARY KEY (lesson_id, position)
        )""",
    ),
    (  # 2: each browser's Practice attempts, so they outlive a session and a server restart
        """CREATE TABLE practice_attempts (
            browser_id TEXT NOT NULL,
            exercise_key TEXT NOT NULL,
            answer TEXT NOT NULL,
            "right" INTEGER NOT NULL,
            tries INTEGER NOT NULL,
            revealed INTEGER NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (browser_id, exercise_key)
        )""",
        "CREATE INDEX practice_attempts_by_age ON practice_attempts (updated_at)",
    ),
)

VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
