"""Files of many NOTAMs: a scenario closure's ``notams: file.txt`` and ``airspace notams FILE...``.

``read_notam_files`` reads each file with :func:`airspace.notam.read_notams` (blank-line
separated, one NOTAM a line, AFTN messages, multi-part NOTAMs joined) and gives every NOTAM an
id: its number, ``number@FIR`` when two FIRs publish the same number, ``#2``... appended for
further NOTAMs under one number and FIR, ``file:line`` without a number.  It says which NOTAMs
cannot be closures and why (``left_out``): no area, a NOTAMC, a NOTAM replaced (NOTAMR) or
cancelled (NOTAMC) by another of the files, the same text again, ``C) PERM`` (no end).

Problems are located at the NOTAM's first line: ``notams.txt:123: A1234/24: item Q): ...``;
the NOTAMs' own warnings (a repaired area, a schedule read as the whole window) come back the
same way, with ``severity="warning"``.  Sizes are bounded: ``MAX_NOTAM_FILE_BYTES`` per file,
``MAX_FILED_NOTAMS`` over all the files read together.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from airspace.notam import Notam, NotamError, read_notams
from airspace.scenario.loader import Problem

MAX_NOTAM_FILE_BYTES: Final = 20_000_000
MAX_FILED_NOTAMS: Final = 20_000
_REPEAT: Final = "the same text as"
_PERM: Final = "C) PERM: no end"


@dataclass(frozen=True, slots=True, kw_only=True)
class FiledNotam:
    """One NOTAM of a file: its id, where it starts, and why it is not a closure (if so)."""

    id: str
    file: str
    line: int
    notam: Notam
    left_out: str | None = None

    @property
    def is_closure(self) -> bool:
        return self.left_out is None


@dataclass(frozen=True, slots=True, kw_only=True)
class NotamFiles:
    """Every NOTAM read from some files, in file and text order, with located problems."""

    files: tuple[str, ...]
    notams: tuple[FiledNotam, ...]
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def closures(self) -> tuple[FiledNotam, ...]:
        """The NOTAMs that close airspace: with areas, an end, and still in force."""
        return tuple(n for n in self.notams if n.is_closure)


def _read_text(path: Path, label: str) -> tuple[str | None, Problem | None]:
    def problem(message: str) -> tuple[None, Problem]:
        return None, Problem(label, None, "", message)

    try:
        size = path.stat().st_size
        if path.is_dir():
            return problem("is a folder (expected a text file of NOTAMs)")
        if size > MAX_NOTAM_FILE_BYTES:
            return problem(
                f"file of {size:,} bytes is over the {MAX_NOTAM_FILE_BYTES:,}-byte limit of a "
                "NOTAM file (split it)"
            )
        return path.read_text(encoding="utf-8-sig"), None
    except FileNotFoundError:
        return problem("NOTAM file not found")
    except UnicodeDecodeError as exc:
        return problem(f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        return problem(f"cannot read it ({exc.strerror})")


def read_notam_files(paths: Sequence[str | Path]) -> NotamFiles:
    """Read files of NOTAMs (each path shown as given); see :func:`notams_in_texts`."""
    texts: list[tuple[str, str]] = []
    errors: list[Problem] = []
    for path in paths:
        label = str(path)
        text, problem = _read_text(Path(path), label)
        if problem is not None:
            errors.append(problem)
        elif text is not None:
            texts.append((label, text))
    found = notams_in_texts(texts)
    return replace(found, files=tuple(str(p) for p in paths), errors=(*errors, *found.errors))


def notams_in_texts(texts: Sequence[tuple[str, str]]) -> NotamFiles:
    """Every NOTAM of ``(file label, text)`` pairs, with ids, left-out reasons and problems."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    read: list[tuple[str, int, Notam]] = []
    total = 0
    for label, text in texts:
        try:
            blocks = read_notams(text)
        except NotamError as exc:  # the text or NOTAM count limits of read_notams
            errors.append(Problem(label, None, "", str(exc)))
            continue
        total += len(blocks)
        if total > MAX_FILED_NOTAMS:
            errors.append(
                Problem(
                    label,
                    None,
                    "",
                    f"{total:,} NOTAMs read so far (at most {MAX_FILED_NOTAMS:,} over all the "
                    "NOTAM files read together)",
                )
            )
            break
        for block in blocks:
            if block.error is not None:
                errors.append(Problem(label, block.line, block.number or "", str(block.error)))
            elif block.notam is not None:
                read.append((label, block.line, block.notam))
    filed = _with_ids(read)
    filed = _left_out(filed)
    for entry in filed:
        if (entry.left_out or "").startswith(_REPEAT):
            continue  # said once, at the first copy
        for warning in entry.notam.warnings:
            warnings.append(Problem(entry.file, entry.line, entry.id, warning, "warning"))
        if entry.left_out == _PERM:
            message = (
                "C) PERM: a closure needs an end, so this NOTAM is left out (paste it as a "
                "'notam:' closure with an 'end')"
            )
            warnings.append(Problem(entry.file, entry.line, entry.id, message, "warning"))
    warnings.extend(_same_number_warnings(filed))
    return NotamFiles(
        files=tuple(label for label, _ in texts),
        notams=tuple(filed),
        errors=tuple(errors),
        warnings=tuple(warnings),
    )


def _with_ids(read: Sequence[tuple[str, int, Notam]]) -> list[FiledNotam]:
    """Ids: the number; ``number@FIR`` when FIRs share it; ``#k`` for the k-th under both."""
    base = [n.number or f"{Path(label).name}:{line}" for label, line, n in read]
    firs: dict[str, set[str]] = defaultdict(set)
    for key, (_, _, notam) in zip(base, read, strict=True):
        firs[key].add(notam.fir)
    keys = [
        f"{key}@{notam.fir}" if len(firs[key]) > 1 else key
        for key, (_, _, notam) in zip(base, read, strict=True)
    ]
    seen: Counter[str] = Counter()
    filed = []
    for key, (label, line, notam) in zip(keys, read, strict=True):
        seen[key] += 1
        unique = key if seen[key] == 1 else f"{key}#{seen[key]}"
        filed.append(FiledNotam(id=unique, file=label, line=line, notam=notam))
    return filed


def _left_out(filed: Sequence[FiledNotam]) -> list[FiledNotam]:
    """Why each NOTAM is not a closure: repeats, NOTAMC, replaced or cancelled, no area, PERM."""
    first_of: dict[str, str] = {}
    by_number: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, entry in enumerate(filed):
        if entry.notam.number:
            by_number[(entry.notam.fir, entry.notam.number)].append(i)
    reasons: dict[int, str] = {}
    for i, entry in enumerate(filed):
        notam = entry.notam
        text = " ".join(str(notam).split())
        if text in first_of:
            reasons[i] = f"{_REPEAT} {first_of[text]}"
            continue
        first_of[text] = entry.id
        if notam.replaces and notam.notam_type in ("NOTAMR", "NOTAMC"):
            verb = "replaced" if notam.notam_type == "NOTAMR" else "cancelled"
            for j in by_number.get((notam.fir, notam.replaces), []):
                reasons.setdefault(j, f"{verb} by {entry.id}")
        if notam.notam_type == "NOTAMC":
            reasons[i] = f"NOTAMC: cancels {notam.replaces or 'an earlier NOTAM'}"
    found = []
    for i, entry in enumerate(filed):
        reason = reasons.get(i)
        if reason is None and not entry.notam.areas:
            reason = "no area"
        if reason is None and entry.notam.end is None:
            reason = _PERM
        found.append(replace(entry, left_out=reason) if reason else entry)
    return found


def _same_number_warnings(filed: Sequence[FiledNotam]) -> list[Problem]:
    """Two different texts under one number and FIR: both are read, and the user should know."""
    first: dict[tuple[str, str], FiledNotam] = {}
    found = []
    for entry in filed:
        notam = entry.notam
        if not notam.number or (entry.left_out or "").startswith(_REPEAT):
            continue
        key = (notam.fir, notam.number)
        if key in first:
            other = first[key]
            found.append(
                Problem(
                    entry.file,
                    entry.line,
                    entry.id,
                    f"{notam.fir} published another NOTAM numbered {notam.number} "
                    f"({other.file}:{other.line}) with a different text: both are read",
                    "warning",
                )
            )
        else:
            first[key] = entry
    return found


__all__ = [
    "MAX_FILED_NOTAMS",
    "MAX_NOTAM_FILE_BYTES",
    "FiledNotam",
    "NotamFiles",
    "notams_in_texts",
    "read_notam_files",
]
