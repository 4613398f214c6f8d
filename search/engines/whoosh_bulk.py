"""A Whoosh writer for building an index from scratch, several times faster.

Whoosh's own writer turns every posting (one term in one document) into a
tuple in a pool, spills the pool to disk with pickle when it grows, sorts and
merges it back, looks up the document's field length again for every posting,
and hands postings one by one to the codec: about 16 µs of Python a posting,
and an article has some 1,300 postings in the archive's four text views.

This writer keeps, for each term, arrays of the documents and frequencies it
was found with (documents arrive in order, so nothing needs sorting but the
terms), takes the terms of the archive's analyzers from their ``words``
method rather than token objects, and writes each term's postings a block at
a time. The files are Whoosh's own format, written by Whoosh's own codec:
``tests/test_search_bulk_writer.py`` checks that an index built this way
reads back identical, posting for posting, to one built by Whoosh's writer.

It only adds documents to a new segment (a rebuild); updates and deletions go
through Whoosh's writer as before (``search.indexing``).
"""

from array import array
from collections import Counter
from collections.abc import Callable, Iterable

from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.formats import Existence, Frequency
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from search.processes import write_in_processes

# Encoded frequencies, shared rather than one bytes object per posting.
_PACKED_FREQUENCIES = [pack_uint(number) for number in range(4096)]


def _packed(frequencies: array) -> list[bytes]:
    if max(frequencies) < len(_PACKED_FREQUENCIES):
        return list(map(_PACKED_FREQUENCIES.__getitem__, frequencies))
    return [pack_uint(frequency) for frequency in frequencies]


class _FieldPostings:
    """One field's postings so far: term -> documents and frequencies, and each document's length."""

    __slots__ = ("lengths", "terms")

    def __init__(self):
        self.terms: dict[str | bytes, tuple[array, array]] = {}  # one type of key in a field
        # By docnum, for a scored field: its length as the index stores it
        # (one byte, so rounded); 0 where the field is empty.
        self.lengths = array("I")

    def add(self, docnum: int, counts: Counter) -> None:
        terms = self.terms
        for term, frequency in counts.items():
            entry = terms.get(term)
            if entry is None:
                terms[term] = (array("I", (docnum,)), array("I", (frequency,)))
            else:
                entry[0].append(docnum)
                entry[1].append(frequency)


class BulkWriter(SegmentWriter):
    """Adds documents to a new segment of an index; see the module's docstring."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self._postings: dict[str, _FieldPostings] = {}
        self._plans = {name: self._plan(field) for name, field in self.schema.items()}

    @staticmethod
    def _plan(field):
        """How a field's terms are found, or None for a field this writer cannot write."""
        if field.separate_spelling() or field.vector:
            return None
        if not field.indexed:
            return "none"
        if isinstance(field.format, Frequency) and hasattr(field.analyzer, "words"):
            return "words"
        if type(field.format) in (Frequency, Existence):
            return "index"
        return None

    def add_document(self, **fields):
        self._check_state()
        if any(name.startswith("_") for name in fields):
            raise ValueError("BulkWriter does not take boosts or custom stored values")
        schema = self.schema
        docnum = self.docnum
        perdocwriter = self.perdocwriter
        names = sorted(fields)
        self._check_fields(schema, names)
        perdocwriter.start_doc(docnum)
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            plan = self._plans[name]
            if plan is None:
                raise ValueError(f"BulkWriter cannot write the field {name!r} ({field!r})")
            length = 0
            if plan != "none":
                if plan == "words":
                    counts = Counter(field.analyzer.words(value))  # str terms, encoded when written
                else:
                    counts = Counter()
                    for tbytes, frequency, _weight, _vbytes in field.index(value):
                        counts[tbytes] += frequency
                postings = self._postings.get(name)
                if postings is None:
                    postings = self._postings[name] = _FieldPostings()
                postings.add(docnum, counts)
                if field.scorable:
                    lengths = postings.lengths
                    while len(lengths) < docnum:
                        lengths.append(0)
                    length = sum(counts.values())
                    lbyte = length_to_byte(length)
                    lengths.append(byte_to_length(lbyte) if lbyte else 0)
            perdocwriter.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdocwriter.add_column_value(name, field.column_type, field.to_column_value(value))
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def update_document(self, **fields):
        raise NotImplementedError("BulkWriter only adds documents to a new index")

    def delete_document(self, docnum, delete=True):
        raise NotImplementedError("BulkWriter only adds documents to a new index")

    def _flush_segment(self):
        self.perdocwriter.close()
        writer = self.fieldwriter
        if not isinstance(writer, W3FieldWriter):
            raise TypeError(f"BulkWriter writes Whoosh 3 segments, not {type(writer).__name__}")
        for name in sorted(self._postings):
            self._write_field(writer, name, self._postings.pop(name))
        writer.close()

    def _write_field(self, writer: W3FieldWriter, name: str, postings: _FieldPostings) -> None:
        field = self.schema[name]
        boost = field.format.field_boost
        existence = isinstance(field.format, Existence)
        lengths = postings.lengths
        scored = field.scorable
        writer.start_field(name, field)
        block = writer._postwriter._blocklimit
        for term in sorted(postings.terms):
            documents, frequencies = postings.terms[term]
            writer.start_term(term.encode("utf-8") if isinstance(term, str) else term)
            postwriter = writer._postwriter
            for start in range(0, len(documents), block):
                ids = documents[start : start + block]
                counts = frequencies[start : start + block]
                # What Whoosh's add_posting would have gathered for this block.
                postwriter._ids = ids
                postwriter._weights = array("f", counts if boost == 1 else [count * boost for count in counts])
                postwriter._values = [] if existence else _packed(counts)
                postwriter._maxweight = max(postwriter._weights)
                # A document with postings in a field has a length there, unless the field is not scored.
                known = list(map(lengths.__getitem__, ids)) if scored else ()
                postwriter._minlength = min(known) if known else None
                postwriter._maxlength = max(known) if known else 0
                if start + block < len(documents):
                    postwriter._write_block()
            writer.finish_term()
        writer.finish_field()


# --- building an index with several processes --------------------------------

# Documents a segment holds at most: a writer keeps its segment's postings in
# memory (about 10 MB for 1,000 articles), so a large build is cut into several.
SEGMENT_DOCUMENTS = 20_000


def build(ix, batches: Iterable[list[dict]], *, workers: int = 1, progress: Callable[[int], None] | None = None) -> int:
    """Add every document of ``batches`` to the empty index ``ix`` and commit;
    returns how many were added.

    With ``workers`` > 1, that many forked processes each write their own
    segments from the batches sent to them (the documents are prepared here,
    so the workers need no database connection); the segments are committed
    together at the end, unmerged. ``progress`` is called with the count of
    documents handed out so far."""
    lock_holder = ix.writer()  # holds the index's lock until the commit
    try:
        if workers <= 1:
            segments, added = _write_segments(ix, batches, progress)
        else:
            segments, added = _write_in_processes(ix, batches, workers, progress)
    except BaseException:
        lock_holder.cancel()
        raise
    lock_holder.commit(mergetype=lambda _writer, existing: existing + segments)
    return added


def _write_segments(ix, batches, progress) -> tuple[list, int]:
    segments, added, writer = [], 0, None
    for batch in batches:
        for document in batch:
            if writer is None:
                # Separate files, not Whoosh's one compound file per segment: a
                # searcher copies every file of a compound segment into memory
                # (a BytesIO over the mapped file), which at 100,000 articles
                # was 450 MB in every web worker.
                writer = BulkWriter(ix, _lk=False, compound=False)
            writer.add_document(**document)
            added += 1
            if writer.doc_count() >= SEGMENT_DOCUMENTS:
                segments.append(_finish(writer))
                writer = None
        if progress:
            progress(added)
    if writer is not None:
        segments.append(_finish(writer))
    return segments, added


def _finish(writer: BulkWriter):
    # The temporary folder is shared by every writer of the index; the one
    # holding the lock removes it when it commits.
    segment = writer._finalize_segment()
    writer.is_closed = True
    return segment


def _write_in_processes(ix, batches, workers: int, progress) -> tuple[list, int]:
    def write(_number, received):
        return _write_segments(ix, received, None)[0]

    results, added = write_in_processes(batches, workers, write, progress)
    return [segment for segments in results for segment in segments], added
