import pytest

from corpus_site.ingest.clean import clean, is_promotion, is_watermark


@pytest.mark.parametrize(
    "span",
    [
        "[最新热点素材尽在【公众号：哒哒君】]",
        "[最新热点@#素~材尽在【公众号*&：哒哒君】]",
        "[最#新热点素材&^尽在%【公众号：@长君】]",
        "[最~%新热点素材尽在【公^众*号：#长君】]",
        "[最新热点素材尽在【公%~众号^：哒哒君@】#]",
    ],
)
def test_watermark_variants_are_recognised(span: str) -> None:
    assert is_watermark(span)


@pytest.mark.parametrize("span", ["[1]", "[注：见附件]", "【为了让老百姓放心】", "[IAEA 2023]"])
def test_ordinary_brackets_are_not_watermarks(span: str) -> None:
    assert not is_watermark(span)


def test_watermarks_and_paywall_markers_are_cut_out_of_a_line() -> None:
    text = "##paidbegin##一是强化政治引领。[最新热点@#素~材尽在【公众号*&：哒哒君】]二是强化法治思维。##paidend##"
    cleaned = clean(text, "x.txt")
    assert cleaned.lines[0].text == "一是强化政治引领。二是强化法治思维。"
    assert sorted(r.reason for r in cleaned.removals) == ["paywall marker", "paywall marker", "watermark"]


def test_promotional_paragraphs_are_removed_but_essays_mentioning_members_are_not() -> None:
    assert is_promotion("欢迎加入“哒哒素材库svip会员”，9000万字材料！添加客服：cwk，谨防假冒！")
    assert not is_promotion("党员干部要加强学习，全体会员单位要落实核安全主体责任。")


@pytest.mark.parametrize(
    "masked, restored",
    [
        ("D的二十大报告强调", "党的二十大报告强调"),
        ("落实D中央决策部署", "落实党中央决策部署"),
        ("贯穿D和国家工作各方面", "贯穿党和国家工作各方面"),
    ],
)
def test_masked_party_character_is_restored(masked: str, restored: str) -> None:
    cleaned = clean("D的二十大精神。\n" + masked, "x.txt")
    assert cleaned.lines[1].text == restored
    assert cleaned.restorations == (("D", "党"),)


def test_d_in_latin_context_is_left_alone() -> None:
    cleaned = clean("D的二十大精神。\n3D打印、DNA检测和A、B、C、D级设备。", "x.txt")
    assert cleaned.lines[1].text == "3D打印、DNA检测和A、B、C、D级设备。"


def test_no_restoration_without_evidence_of_masking() -> None:
    cleaned = clean("方案D中的设备", "x.txt")
    assert cleaned.lines[0].text == "方案D中的设备"
    assert cleaned.restorations == ()
