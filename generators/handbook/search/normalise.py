"""Text folding shared by the index builder, the Python search and search.js.

Folding works one code point at a time so that every folded character can be
traced back to its source character: highlight ranges found in folded text are
mapped back onto the original text. The tables below are copied into the index
JSON (`fold`), so the browser applies exactly the same folding as Python.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

DROP = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"
"""Zero-width and soft-hyphen characters: invisible, so they must not break a match."""

SPACE = "\t\n\v\f\r"
"""Control whitespace folds to a plain space; NFKC already folds NBSP and U+3000."""

# Traditional -> Simplified for common handbook vocabulary. Only one-to-one
# pairs whose traditional form is not itself used in Simplified text.
_T2S_PAIRS = (
    "務务個个場场調调銷销費费預预績绩評评審审貨货報报價价經经門门權权責责職职"
    "崗岗員员業业發发應应賬账帳账戶户關关質质標标準准與与會会議议計计劃划總总"
    "結结實实現现檢检據据數数資资產产風风險险種种類类訂订單单簽签運运輸输認认"
    "證证確确書书機机構构廣广傳传達达對对時时間间長长導导辦办處处備备檔档為为"
    "進进動动問问題题決决記记錄录統统編编製制詢询談谈協协庫库購购採采項项組组"
    "織织團团隊队專专區区網网絡络線线點点歸归規规範范則则條条獎奖勵励懲惩勞劳"
    "訓训練练課课學学習习級级獲获歷历號号碼码額额餘余賠赔償偿損损壞坏換换維维"
    "護护滿满訴诉饋馈營营廠厂贈赠優优戰战競竞爭争況况狀状態态勢势測测試试驗验"
    "範范雜杂辦办財财稅税務务倉仓儲储額额際际點点擬拟錢钱銀银償偿約约續续聯联"
    "繫系係系後后裡里開开啟启關关閉闭設设負负擔担參参與与選选擇择變变這这"
    "樣样們们來来從从還还將将當当兩两並并卻却於于萬万億亿"
    "籠笼裝装廳厅鋪铺櫃柜貼贴簡简頁页圖图廠厂區区屬属輔辅師师級级彙汇匯汇齊齐"
)
T2S = dict(zip(_T2S_PAIRS[0::2], _T2S_PAIRS[1::2]))


@lru_cache(maxsize=None)
def fold_char(ch: str) -> str:
    """Fold one code point: drop invisibles, NFKC (full-width -> half-width), lower-case, T->S."""
    if ch in DROP:
        return ""
    if ch in SPACE:
        return " "
    return "".join(T2S.get(c, c) for c in unicodedata.normalize("NFKC", ch).lower())


def normalise(text: str) -> str:
    """The folded form used for every comparison."""
    return "".join(fold_char(ch) for ch in text)


def normalise_with_map(text: str) -> tuple[str, list[int], list[int]]:
    """Folded text plus, for each folded character, the [start, end) of its source character."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        for c in fold_char(ch):
            out.append(c)
            starts.append(i)
            ends.append(i + 1)
    return "".join(out), starts, ends


def is_word_char(ch: str) -> bool:
    """Letters and digits of any script; everything else separates query terms (JS: [\\p{L}\\p{N}])."""
    return ch.isalnum()


def is_cjk(ch: str) -> bool:
    """Han ideographs: runs of these are segmented with the vocabulary."""
    o = ord(ch)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3134F or o == 0x3007)


def phrase_of(folded: str) -> str:
    """The whole query as a phrase: edge separators stripped, inner spaces collapsed."""
    i, j = 0, len(folded)
    while i < j and not is_word_char(folded[i]):
        i += 1
    while j > i and not is_word_char(folded[j - 1]):
        j -= 1
    return " ".join(p for p in folded[i:j].split(" ") if p)


def fold_table() -> dict:
    """The folding data the browser needs, stored in the index."""
    return {
        "drop": DROP,
        "space": SPACE,
        "t2s": ["".join(T2S.keys()), "".join(T2S.values())],
    }
