"""Near-duplicate fingerprints: the same text republished is found, different texts are not."""

import random

from archive import near_duplicates as nd

WORDS = (
    "Đảng bộ tỉnh tổ chức hội nghị sơ kết công tác xây dựng chỉnh đốn Đảng và hệ thống chính trị "
    "trong sạch vững mạnh nâng cao năng lực lãnh đạo sức chiến đấu của tổ chức cơ sở đảng đảng viên "
    "triển khai nghị quyết chỉ thị kết luận của Trung ương Ban Thường vụ Tỉnh ủy huyện ủy xã phường"
).split()


def text(seed: int, words: int = 300) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(words))


def test_the_same_text_in_another_form_has_the_same_fingerprint():
    body = text(1)
    republished = body.upper().replace("ủy", "uỷ")  # another case, the new tone placement
    assert nd.shingles(body) == nd.shingles(republished)
    assert nd.band_keys(nd.shingles(body)) == nd.band_keys(nd.shingles(republished))


def test_a_lightly_edited_republication_shares_a_band_and_is_similar():
    body = text(2)
    words = body.split()
    edited = " ".join(["Theo", "Báo", "Hà", "Giang:", *words[:150], "(ảnh minh họa)", *words[150:290]])
    a, b = nd.shingles(body), nd.shingles(edited)
    assert nd.similarity(a, b) >= nd.MIN_SIMILARITY
    assert set(nd.band_keys(a)) & set(nd.band_keys(b))


def test_different_texts_share_no_band_and_are_not_similar():
    a, b = nd.shingles(text(3)), nd.shingles(text(4))
    assert nd.similarity(a, b) < 0.2
    assert not set(nd.band_keys(a)) & set(nd.band_keys(b))


def test_short_texts_are_not_compared():
    assert nd.shingles("Thông báo lịch tiếp công dân tháng 5.") == set()
    assert nd.band_keys(set()) == []
    assert nd.similarity(set(), {1}) == 0.0


def test_band_keys_are_stable_signed_64_bit_integers():
    keys = nd.band_keys(nd.shingles(text(5)))
    assert len(keys) == nd.BINS // nd.ROWS
    assert all(-(2**63) <= key < 2**63 for key in keys)
    assert keys == nd.band_keys(nd.shingles(text(5)))


# The definition the fast code must keep: stored band keys from earlier
# imports are compared with new ones, so the values may never drift.
def reference_shingles(body: str) -> set[int]:
    import zlib

    from archive.text import fold

    words = nd._WORD_RE.findall(fold(body).lower())
    if len(words) < nd.MIN_WORDS:
        return set()
    h = [zlib.crc32(word.encode()) for word in words]
    return {((a * 0x9E3779B1) ^ (b * 0x85EBCA77) ^ c) & 0xFFFFFFFF for a, b, c in zip(h, h[1:], h[2:], strict=False)}


def reference_band_keys(shingle_set: set[int]) -> list[int]:
    import hashlib

    minimums = [0xFFFFFFFF] * nd.BINS
    for value in shingle_set:
        minimums[value % nd.BINS] = min(minimums[value % nd.BINS], value)
    return [
        int.from_bytes(
            hashlib.blake2b(
                repr((band, minimums[band * nd.ROWS : (band + 1) * nd.ROWS])).encode(), digest_size=8
            ).digest(),
            "big",
            signed=True,
        )
        for band in range(nd.BINS // nd.ROWS)
    ]


def test_fast_shingles_equal_the_reference_definition_on_awkward_text():
    body = (
        text(6, 120)
        + " Số 35-CT/TW, ngày 14/6/2024; (Đảng bộ) — “Thủy” HOÀ uỷ… e-mail: a_b@x.vn\tthứ\u00a0hai 2.5 ²"
        + " Ελληνικά 中文 "
        + text(7, 60)
    )
    assert nd.shingles(body) == reference_shingles(body)
    assert nd.shingles(body.upper()) == reference_shingles(body.upper())


def test_band_keys_equal_the_reference_for_every_set_size():
    rng = random.Random(8)
    for size in (1, 2, 47, 48, 60, 200, 1000, 5000):
        values = {rng.randrange(2**32) for _ in range(size)}
        assert nd.band_keys(values) == reference_band_keys(values)
    skewed = {value * nd.BINS for value in range(500)}  # every value in bin 0
    assert nd.band_keys(skewed) == reference_band_keys(skewed)


def test_the_token_cache_stays_bounded(monkeypatch):
    monkeypatch.setattr(nd, "_MAX_CACHED_TOKENS", 50)
    nd._token_hashes.clear()
    body = " ".join(f"từ{number}" for number in range(400))
    assert nd.shingles(body) == reference_shingles(body)
    assert len(nd._token_hashes) <= 50
