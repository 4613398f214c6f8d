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
