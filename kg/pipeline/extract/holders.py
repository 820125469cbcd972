"""Who holds a stance: the document's voice, the parties of a joint statement, a state whose
position the text reports, or a third party.

A stance's holder is read from the **subject** of its sentence: a holder expression opening a
clause (after at most a connective such as 同时, 此外) and not modifying or coordinated with a
following noun (``美方的…``, ``中国和…`` are no subjects). The last subject before a cue holds the
cue's stance; a sentence without one speaks in the document's voice.

Chinese subjects:

* ``双方`` / ``两国`` → the **parties** of the document: the states named in its creator or in
  the title of a joint document (``中华人民共和国和俄罗斯联邦联合声明`` → China and Russia), or
  abbreviated at the start of that title (``中哈关于…的联合声明`` → China and Kazakhstan);
  with fewer than two, the
  document's voice and the one other state the last journalist's question is about (named or
  abbreviated after 中: 中印边境… → India), else the one other state the document has named so
  far; ``中俄双方`` /
  ``中俄两国`` → the states abbreviated;
* ``X方`` (中方, 俄方, 巴方 …) → the state of that label, else the party, then the state named in
  the document, whose name starts with ``X`` (巴方 is Pakistan in a China–Pakistan statement);
* a state's name, alone, with an office or with 方面 (``美国声称``, ``俄罗斯外长拉夫罗夫表示``,
  ``伊朗方面表示``) → that state; not inside a longer name (``伊朗核问题``);
* a capital with 方面 or a verb of saying or of position (``利雅得方面表示``, ``华盛顿一方面推动``)
  → its state (:data:`CAPITALS`);
* ``我们`` / ``我国`` / ``我方`` → the document's voice;
* the voice acting with a state (``同俄罗斯共同推动``) → the voice and that state;
* a **non-state third party** (an organisation, ``秘书长``, ``古特雷斯秘书长``) →
  :data:`THIRD_PARTY`: its position is reported, not held by any actor of the graph, so it
  yields no stance (actors are states, persons, issues and regions; organisations are concepts
  and may be targets only; a Secretary-General speaks for the organisation, not as a person).

The document's voice is its creator's state (:meth:`kg.pipeline.extract.Analyser.holder`,
returned as None); in a **joint document** (two parties or more) the voice is all parties. An
evaluation (``X是…重要基础``) is the speaker's judgement: only a subject in its clause, or one
that reports (``哈方表示，…``), holds it.

A subject followed, in its own clause, by a **modal** (``美方应停止…``, ``联合国应发挥…``) is the
addressee of the document's call, not a holder: the document's voice holds the call, unless
the subject is a party of the document (``双方应…``).

English subjects work alike: ``both sides``, ``the two sides``, ``the two countries`` → the
parties; ``the Russian side`` / ``the Chinese Government`` / a state's name → that state;
``we`` → the voice; ``the Secretary-General`` or an organisation → a third party. A subject is at
the start of the sentence or after a clause mark or conjunction (``calls on the United States to
…`` has no subject ``the United States``); a possessive (``China's``) is none.

In a press conference a journalist's question (``记者问：``, ``问：``, ``Q:``) holds no stance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.pipeline.extract.mentions import Mention
from kg.pipeline.extract.vocabulary import Entity, LabelKind, Vocabulary
from kg.pipeline.language import is_english

# A holder: one actor IRI, the sorted IRIs of joint holders, or None for the document's voice.
Holder = str | tuple[str, ...] | None
THIRD_PARTY = "third-party"
# What joins two subjects of one clause (China and the ASEAN countries, 中国同东盟国家).
_COORDINATED_SUBJECT = re.compile(r"\s+and\s+(?:the\s+)?|同|与|和|及")

_CONNECTIVE = re.compile(
    r"(?:与此同时|同时|此外|另外|但是|但|而且|并且|因此|为此|对此|其中|目前|当前|今天|近年来|"
    r"首先|其次|再次|最后|总之|另一方面|一方面|会谈中|会上|反观)[，,]?"
)
_OPENERS = "“‘「『\"'（( "
# The number of an enumerated item opening a passage (三、印尼方重申…, （二）双方…, 3. 中方…):
# the subject comes after it.
_ENUMERATOR = re.compile(
    r"(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d+[、.．)）])\s*"
)
# What makes a name a modifier or a conjunct rather than the subject.
_NOT_SUBJECT = re.compile(r"[的、和与及或跟之]|同(?![意时样])|以及|在内")
_OFFICE = re.compile(
    r"(?:政府|外交部|国防部|官方|领导人|国家元首|总统|总理|首相|主席|外长|外交部长|国务卿|发言人|"
    r"常驻联合国代表|代表团|代表|大使)"
)
# A verb of saying after a subject (哈方表示, 中方一贯认为, 伊朗方面日前表示).
_SAYING = re.compile(
    r"[^，；：。]{0,6}?(?:表示|认为|指出|强调|声称|宣称|称|说|重申|宣布|主张|一致同意|同意)"
)
# A person's name after an office (俄罗斯外长拉夫罗夫表示), up to a verb of saying or a cue.
_NAMED = re.compile(
    r"[\u4e00-\u9fff·]{1,6}?"
    r"(?=表示|指出|强调|认为|声称|宣称|称|说|重申|宣布|呼吁|主张|提出|坚持|支持|反对)"
)
# A welcomed act of another state (欢迎印尼方加入…, 欢迎印尼作为正式成员加入…): the verb, the
# state, optional words of capacity or time, then the cue.
_EMBEDDING = re.compile(
    r"(?:欢迎|赞赏|祝贺|支持)([\u4e00-\u9fff]{1,8}?)"
    r"(?:作为[^，；。]{1,10}?|正式|已经?|即将|将|申请)?$"
)
# Coordinated states as one subject (所罗门群岛、斐济等太平洋岛国): the
# conjunctions, and the group word that may close the list.
_COORDINATORS = frozenset("、和与及")
_GROUP_AFTER = re.compile(r"等[\u4e00-\u9fff]{0,6}?(?:国家|国)")
_NOT_A_PARTY = frozenset(("各方", "双方", "对方", "多方", "一方", "我方", "官方", "军方", "地方"))
_COMPASS = frozenset(("西方", "东方", "北方", "南方"))
_VOICE = re.compile(r"我们|我国|我方|本国")
# Unnamed other states as a subject (个别国家奉行绝对安全, 一些国家热衷于拼凑“小圈子”): the
# document describes their conduct, it holds none of their positions.
_UNNAMED_STATES = re.compile(r"(?:个别|一些|某些|少数|有的)(?:国家|大国|西方国家)")
# A meeting acting (会议批准了《…纲要》, 峰会通过了宣言): the meeting's act, no actor's stance.
_MEETING_ACTS = re.compile(
    r"(?:此次|本次|这次|该次)?(?:会议|峰会|会晤)(?=(?:还|并|正式)?(?:通过|批准|决定|核可|发表|签署))"
)
# A capital standing for its state's government, as commentaries write (利雅得方面表示, 德黑兰方面
# 多次提出, 华盛顿一方面推动): the capital's name, then 方面 or a verb of saying or of position.
CAPITALS: dict[str, str] = {
    "北京": "china",
    "华盛顿": "united-states",
    "莫斯科": "russia",
    "伦敦": "united-kingdom",
    "巴黎": "france",
    "柏林": "germany",
    "东京": "japan",
    "首尔": "rok",
    "平壤": "dprk",
    "新德里": "india",
    "伊斯兰堡": "pakistan",
    "德黑兰": "iran",
    "利雅得": "saudi-arabia",
    "开罗": "egypt",
    "安卡拉": "turkiye",
    "多哈": "qatar",
    "阿布扎比": "united-arab-emirates",
    "基辅": "ukraine",
    "大马士革": "syria",
    "巴格达": "iraq",
    "堪培拉": "australia",
    "渥太华": "canada",
}
_CAPITAL = re.compile(
    "(" + "|".join(CAPITALS) + r")(?:方面|(?=一方面|(?:则|也|还|一直|始终|一再|多次|早已|曾)?"
    r"(?:表示|认为|指出|强调|声称|宣称|主张|支持|反对|提出|推动|坚持|批评|呼吁|希望)))"
)
# China and the states abbreviated after it in one word (中印边境, 中美关系, 中日韩合作).
_CHINA_WITH = re.compile(
    r"中([印美俄日韩巴越哈吉塔乌土埃伊沙朝蒙老柬缅泰菲]{1,2})(?=[\u4e00-\u9fff])"
)
_JOINT = re.compile(r"([\u4e00-\u9fff]{0,3}?)(?:双方|两国)")
_SIDE = re.compile(r"([\u4e00-\u9fff])方")
_JOINT_TITLE = re.compile(r"联合|共同声明|Joint|joint")
# A joint document titled by the parties' abbreviations (中哈关于…的联合声明, 中俄联合声明).
_ABBREVIATED_TITLE = re.compile(
    r"([\u4e00-\u9fff]{2,4}?)(?:两国|双方)?(?:关于|联合声明|联合公报|联合宣言|元首)"
)
# A state the voice acts with (同俄罗斯共同推动, 与俄方一道提出).
_PARTNERED = re.compile(r"(?:同|与|和)([\u4e00-\u9fff]{2,10}?)(?:一道|一起)?共同[^，；。]{0,6}$")
_NAMES_NEXT = re.compile(r"第|[（(]?[A-Z]/")
# A copula after a body that is evaluated (X是…, X从来不是搞…).
_COPULA_AFTER = re.compile(r"(?:从来|从|并|绝|也|更)?(?:不)?是")
_SECRETARY_GENERAL = re.compile(r"(?:联合国)?(?:常务副)?秘书长")
_ZH_MODAL = re.compile(r"[^，；：,;:]{0,12}?(?:应当|应该|必须|需要|应|须)")

_QUESTION = re.compile(r"^\s*(?:问|[^：:，。]{0,30}?记者(?:问)?)\s*[：:]")
_EN_QUESTION = re.compile(r"^\s*(?:Q|Question|[^:.,]{0,40}?(?:reporter|journalist))\s*:", re.I)

_EN_BEFORE = re.compile(r"(?:^|[;:,(—–]|\b(?:and|but|while|whereas|that|where|as))\s*$", re.I)
_EN_SAYING = re.compile(
    r"(?:\s+\w+ly)?\s+(?:stated|states|said|says|stressed|stresses|noted|notes|believes|"
    r"believed|reaffirmed|reaffirms|reiterated|reiterates|emphasi[sz]ed)\b",
    re.IGNORECASE,
)
_EN_MODAL = re.compile(r"\s+(?:should|must|ought\s+to|needs?\s+to)\b", re.I)
_EN_JOINT = re.compile(r"\b(?:both|the\s+two)\s+(?:sides|countries|parties|nations)\b", re.I)
_EN_SIDE = re.compile(r"\b[Tt]he\s+([A-Z][a-z]+)\s+(?:side|government|delegation)\b")
_EN_VOICE = re.compile(r"\bwe\b", re.I)
_EN_THIRD = re.compile(r"\bthe\s+(?:UN\s+)?Secretary-General\b", re.I)
# The demonyms of "the X side": the adjective → the state's English name.
DEMONYMS: dict[str, str] = {
    "Chinese": "China",
    "Russian": "Russia",
    "American": "United States",
    "British": "United Kingdom",
    "French": "France",
    "Pakistani": "Pakistan",
    "Iranian": "Iran",
    "Japanese": "Japan",
    "Indian": "India",
    "German": "Germany",
    "Brazilian": "Brazil",
    "Egyptian": "Egypt",
    "Saudi": "Saudi Arabia",
    "Indonesian": "Indonesia",
    "Kazakh": "Kazakhstan",
    "Ukrainian": "Ukraine",
    "Vietnamese": "Viet Nam",
}


@dataclass(frozen=True)
class Subject:
    """A holder expression opening a clause at ``[start, end)`` of its sentence."""

    start: int
    end: int
    holder: Holder
    # a state or organisation that is no party of the document (an addressee after a modal)
    outsider: bool
    # followed by a verb of saying (表示, 认为): what follows is its reported position
    reporting: bool = False


def is_question(text: str, language: str) -> bool:
    """Whether a passage is a journalist's question (``记者问：``, ``问：``, ``Q:``)."""
    pattern = _EN_QUESTION if is_english(language) else _QUESTION
    return bool(pattern.match(text))


class DocumentHolders:
    """The holders one document's sentences may have: its voice and its parties."""

    def __init__(
        self,
        vocabulary: Vocabulary,
        voice: str,
        creator: str | None,
        title: str | None,
        language: str,
    ) -> None:
        self.voice = voice
        self.english = is_english(language)
        states = [e for e in vocabulary.entities.values() if e.actor_class == "State"]
        self._states = states
        self._zh_names = _names(states, "zh")
        self._by_slug = {e.iri.rsplit("/", 1)[-1]: e.iri for e in states}
        self._en_names = _names(states, "en")
        self._en_state = dict(self._en_names)
        # every English state name at once, longest first (one scan per sentence)
        alternatives = "|".join(re.escape(name) for name, _ in self._en_names) or "(?!)"
        self._en_pattern = re.compile(rf"\b(?:[Tt]he\s+)?({alternatives})\b")
        self._vocabulary = vocabulary
        self._mentioned: list[str] = []
        # the states the last journalist's question is about (press conferences)
        self._exchange: list[str] = []
        # a title names the parties only when it names a joint document (a commentary titled
        # 中美… is no joint statement)
        joint_title = title if title and _JOINT_TITLE.search(title) else ""
        self.parties = tuple(dict.fromkeys(self._states_in(f"{creator or ''} {joint_title}")))
        abbreviated = _ABBREVIATED_TITLE.match(joint_title)
        if len(self.parties) < 2 and abbreviated and not self.english:
            sides = [self._side(char) for char in abbreviated[1]]
            if all(sides):
                self.parties = tuple(dict.fromkeys(s for s in sides if s))

    def _states_in(self, text: str) -> list[str]:
        """The states named in ``text``, in order of their first naming."""
        names = self._en_names if self.english else self._zh_names
        taken = bytearray(len(text))
        found: list[tuple[int, str]] = []
        for name, iri in names:
            at = text.find(name)
            if at >= 0 and not taken[at]:
                taken[at : at + len(name)] = b"\x01" * len(name)
                found.append((at, iri))
        return [iri for _, iri in sorted(found)]

    def note_mentions(self, mentions: list[Mention]) -> None:
        """Remember the states a passage names (for ``X方`` and for ``双方`` outside a joint
        statement)."""
        for m in mentions:
            entity = self._vocabulary.entities.get(m.iri)
            state = entity is not None and entity.actor_class == "State"
            if state and m.iri not in self._mentioned:
                self._mentioned.append(m.iri)

    def note_question(self, text: str, mentions: list[Mention]) -> None:
        """Remember the states a journalist's question is about: those it names and those
        abbreviated after 中 (中印边境事务磋商 → India), so that ``双方`` in the answer is China
        and that state."""
        states = [m.iri for m in mentions if self._is_state(m.iri)]
        for run in _CHINA_WITH.finditer(text):
            sides = [self._side(char) for char in run[1]]
            if all(sides):
                states += [side for side in sides if side is not None]
        self._exchange = list(dict.fromkeys(states))

    def _is_state(self, iri: str) -> bool:
        entity = self._vocabulary.entities.get(iri)
        return entity is not None and entity.actor_class == "State"

    def agent(self, sentence: str, position: int) -> tuple[bool, Holder]:
        """Who acts in an attributive clause ending right before ``position`` (``中方提出的``,
        ``埃及提出的``, ``双方签署的``, ``中方同巴基斯坦等国共同推动的``): (True, the holder) when
        the words before name a state, the voice or the parties (the voice as None), else
        (False, None): an organisation or an office (秘书长提出的) holds no stance.

        The agent holds the attributive stance only when it is another state or the voice with
        a partner (:meth:`reported_agent`); the dev gold reads ``哈方高度评价中方提出的X`` in a
        joint statement as the subject's stance alone."""
        before = sentence[max(0, position - 16) : position]
        partnered = self.with_partner(before)
        if partnered is not None:
            return True, partnered
        if re.search(r"(?:我们|我国|我方)$", before):
            return True, None
        if re.search(r"(?:双方|两国)$", before):
            joint = self._joint("")
            return (True, joint) if joint is not None else (False, None)
        side = re.search(r"([\u4e00-\u9fff])方$", before)
        if side and side[0] not in _NOT_A_PARTY and side[0] not in _COMPASS:
            state = self._side(side[1])
            if state is not None:
                return True, None if state == self.voice else state
        names = self._en_names if self.english else self._zh_names
        for name, iri in names:
            if before.endswith(name):
                return True, None if iri == self.voice else iri
        return False, None

    def embedded_agent(self, before: str) -> tuple[bool, Holder]:
        """The state acting in a clause that another verb welcomes (``中方欢迎印尼方加入…``,
        ``欢迎印尼作为正式成员加入…``): ``before`` is the clause up to the cue; (True, the
        state) when a state names the agent right before the cue after 欢迎/赞赏/祝贺/支持, else
        (False, None). The welcomed act is that state's own stance (R2.7.1)."""
        match = _EMBEDDING.search(before)
        if match is None:
            return False, None
        agent = match[1]
        side = _SIDE.fullmatch(agent)
        state = self._side(side[1]) if side and agent not in _NOT_A_PARTY else None
        if state is None:
            state = next((iri for name, iri in self._zh_names if agent == name), None)
        if state is None or state == self.voice:
            return False, None
        return True, state

    def reported_agent(self, holder: Holder) -> bool:
        """Whether an attributive clause's agent (:meth:`agent`) holds its own stance: a state
        other than the voice and the parties (埃及提出的), or the voice with a partner."""
        if holder is None:
            return False
        if isinstance(holder, tuple):
            return holder != self.joint_voice
        return holder not in self._own()

    # -- resolving one sentence -------------------------------------------------------------

    def subjects(self, sentence: str, mentions: list[Mention], offset: int) -> list[Subject]:
        """The subjects opening the clauses of ``sentence`` (mentions are at passage offsets;
        the sentence starts at ``offset``)."""
        if self.english:
            return self._english_subjects(sentence, mentions, offset)
        organisations = {m.start - offset: m for m in mentions if m.top_class == "Organisation"}
        # a person named with the office of Secretary-General (古特雷斯秘书长) is a third party
        for m in mentions:
            if self._is_person(m.iri) and _SECRETARY_GENERAL.match(sentence, m.end - offset):
                organisations[m.start - offset] = m
        # the longest name starting at each offset (伊朗核问题 is no subject 伊朗)
        named: dict[int, int] = {}
        for m in mentions:
            at = m.start - offset
            named[at] = max(named.get(at, 0), m.end - offset)
        found: list[Subject] = []
        starts = [0] + [m.end() for m in re.finditer(r"[，,；;：:]", sentence)]
        for clause in starts:
            at = clause
            if clause == 0:
                enumerator = _ENUMERATOR.match(sentence)
                at = enumerator.end() if enumerator else 0
            while at < len(sentence) and sentence[at] in _OPENERS:
                at += 1
            connective = _CONNECTIVE.match(sentence, at)
            if connective:
                at = connective.end()
            subject = self._subject_at(sentence, at, organisations)
            if subject is not None and named.get(subject.start, 0) <= subject.end:
                found.append(subject)
        return found

    def _subject_at(
        self, sentence: str, at: int, organisations: dict[int, Mention]
    ) -> Subject | None:
        rest = sentence[at:]
        voice = _VOICE.match(rest)
        if voice:
            return Subject(at, at + voice.end(), None, outsider=False)
        unnamed = _UNNAMED_STATES.match(rest) or _MEETING_ACTS.match(rest)
        if unnamed:
            return self._checked(sentence, at, at + unnamed.end(), THIRD_PARTY, True)
        joint = _JOINT.match(rest)
        if joint:
            holder = self._joint(joint[1])
            if holder is not None or not joint[1]:
                return self._checked(sentence, at, at + joint.end(), holder or None, False)
        side = _SIDE.match(rest)
        if side and side[0] not in _NOT_A_PARTY and side[0] not in _COMPASS:
            state = self._side(side[1])
            if state is not None:
                return self._checked(sentence, at, at + 2, state, state not in self._own())
        capital = _CAPITAL.match(rest)
        if capital and CAPITALS[capital[1]] in self._by_slug:
            iri = self._by_slug[CAPITALS[capital[1]]]
            return self._checked(sentence, at, at + capital.end(), iri, iri not in self._own())
        for name, iri in self._zh_names:
            if rest.startswith(name):
                end = at + len(name)
                coordinated = self._coordinated(sentence, end)
                if coordinated is not None:
                    states, end = coordinated
                    states = sorted({iri, *states})
                    own = self._own()
                    outsider = not any(state in own for state in states)
                    return self._checked(sentence, at, end, tuple(states), outsider)
                office = _OFFICE.match(sentence, end)
                if office:
                    named = _NAMED.match(sentence, office.end())
                    end = named.end() if named else office.end()
                return self._checked(sentence, at, end, iri, iri not in self._own())
        organisation = organisations.get(at)
        if organisation is not None:
            end = organisation.end - (organisation.start - at)
            if _NAMES_NEXT.match(sentence, end) or _COPULA_AFTER.match(sentence, end):
                # 安理会第2334号决议: part of a resolution's name; X是…生命线, X从来不是搞…:
                # what is evaluated
                return None
            office = _SECRETARY_GENERAL.match(sentence, end)
            return self._checked(sentence, at, office.end() if office else end, THIRD_PARTY, True)
        office = _SECRETARY_GENERAL.match(rest)
        if office:
            return self._checked(sentence, at, at + office.end(), THIRD_PARTY, True)
        return None

    def _coordinated(self, sentence: str, end: int) -> tuple[list[str], int] | None:
        """The other states of a coordinated subject after a state named up to ``end``
        (所罗门群岛、斐济等太平洋岛国, 美国和日本等国), and where the subject ends (after a
        trailing 等…国家), or None when no state is coordinated with the first (a pair joined
        by 与/和 without 等 is a partnership, not one subject)."""
        states: list[str] = []
        conjunctions: list[int] = []
        while end < len(sentence) and sentence[end] in _COORDINATORS:
            following = next(
                (
                    (iri, len(name))
                    for name, iri in self._zh_names
                    if sentence.startswith(name, end + 1)
                ),
                None,
            )
            if following is None:
                break
            states.append(following[0])
            conjunctions.append(end)
            end += 1 + following[1]
        if not states:
            return None
        group = _GROUP_AFTER.match(sentence, end)
        if group is None and any(sentence[at] != "、" for at in conjunctions):
            # 中国与巴西共同…: a pair joined by 与/和 is a partnership (:meth:`with_partner`)
            return None
        return states, group.end() if group else end

    @staticmethod
    def _checked(
        sentence: str, start: int, end: int, holder: Holder, outsider: bool
    ) -> Subject | None:
        if end >= len(sentence) or _NOT_SUBJECT.match(sentence, end):
            return None
        return Subject(start, end, holder, outsider, bool(_SAYING.match(sentence, end)))

    def _is_person(self, iri: str) -> bool:
        entity = self._vocabulary.entities.get(iri)
        return entity is not None and entity.actor_class == "Person"

    def _own(self) -> set[str]:
        return {self.voice, *self.parties}

    def _joint(self, prefix: str) -> Holder:
        """The holders of ``双方`` (``prefix`` empty) or of ``中俄双方`` (a state per
        character)."""
        if prefix:
            states = [self._side(char) for char in prefix]
            if any(s is None for s in states) or len(states) < 2:
                return None
            return tuple(sorted({s for s in states if s is not None}))
        if len(self.parties) >= 2:
            return tuple(sorted(self.parties))
        for pool in (self._exchange, self._mentioned):
            others = [s for s in pool if s != self.voice]
            if len(others) == 1:
                return tuple(sorted((self.voice, others[0])))
            if others:
                return None
        return None

    def _side(self, char: str) -> str | None:
        """The state of ``X方`` (or of the abbreviation ``X`` in ``中俄双方``)."""
        exact = self._vocabulary.resolve(char + "方")
        if exact is not None and exact.actor_class == "State":
            return exact.iri
        for pool in (self.parties, self._mentioned):
            matching = [iri for iri in pool if self._abbreviates(char, iri)]
            if len(matching) == 1:
                return matching[0]
        matching = [e.iri for e in self._states if self._abbreviates(char, e.iri)]
        return matching[0] if len(matching) == 1 else None

    def _abbreviates(self, char: str, iri: str) -> bool:
        entity = self._vocabulary.entities[iri]
        return any(
            kind is not LabelKind.HIDDEN and language == "zh" and label.startswith(char)
            for label, kind, language in entity.labels
        )

    def _english_subjects(
        self, sentence: str, mentions: list[Mention], offset: int
    ) -> list[Subject]:
        found: list[Subject] = []
        candidates: list[tuple[int, int, Holder, bool]] = []
        for m in _EN_JOINT.finditer(sentence):
            holder = self._joint("")
            candidates.append((m.start(), m.end(), holder, False))
        for m in _EN_SIDE.finditer(sentence):
            state = self._english_state(DEMONYMS.get(m[1], m[1]))
            if state is not None:
                candidates.append((m.start(), m.end(), state, state not in self._own()))
        for m in _EN_VOICE.finditer(sentence):
            candidates.append((m.start(), m.end(), None, False))
        for m in _EN_THIRD.finditer(sentence):
            candidates.append((m.start(), m.end(), THIRD_PARTY, True))
        for m in self._en_pattern.finditer(sentence):
            iri = self._en_state[m[1]]
            candidates.append((m.start(), m.end(), iri, iri not in self._own()))
        for mention in mentions:
            if mention.top_class == "Organisation" and 0 <= mention.start - offset < len(sentence):
                start = mention.start - offset
                article = re.search(r"\bthe\s+$", sentence[:start], re.I)
                end = mention.end - offset
                candidates.append((article.start() if article else start, end, THIRD_PARTY, True))
        for start, end, holder, outsider in sorted(candidates, key=lambda c: (c[0], -c[1])):
            if found and start < found[-1].end:
                continue
            if _EN_BEFORE.search(sentence[:start]) and not sentence[end:].startswith("'s"):
                saying = bool(_EN_SAYING.match(sentence, end))
                found.append(Subject(start, end, holder, outsider, saying))
        return found

    def _english_state(self, name: str) -> str | None:
        return self._en_state.get(name)

    def holder_of(
        self,
        sentence: str,
        subjects: list[Subject],
        cue_start: int,
        clause_start: int | None = None,
    ) -> Holder:
        """The holder of the cue at ``cue_start`` of ``sentence``: the last subject before it
        (:data:`THIRD_PARTY` for a non-state third party), None for the document's voice (the
        parties jointly in a joint document). With ``clause_start`` (an evaluation, the
        speaker's judgement), only a subject of the cue's clause or one that reports (哈方表示，…)
        holds it."""
        before = [
            s
            for s in subjects
            if s.end <= cue_start
            and (clause_start is None or s.start >= clause_start or s.reporting)
        ]
        if not before:
            return self.joint_voice
        subject = before[-1]
        if (
            subject.holder == THIRD_PARTY
            and len(before) > 1
            and before[-2].holder in (None, self.voice)
            and _COORDINATED_SUBJECT.fullmatch(sentence, before[-2].end, subject.start)
        ):
            # China and the ASEAN countries are implementing X, 中国同东盟国家正在落实X: a body
            # without an actor beside the voice leaves the voice holding it (GUIDELINES 36)
            subject = before[-2]
        modal = _EN_MODAL if self.english else _ZH_MODAL
        if subject.outsider and modal.match(sentence, subject.end):
            # 美方应停止…: the addressee of the document's call
            return None
        if subject.holder is None:
            return self.joint_voice
        return None if subject.holder == self.voice else subject.holder

    @property
    def joint_voice(self) -> Holder:
        """The voice of a joint document (two parties or more named in its creator or title):
        the parties together; None in a document of one voice."""
        return tuple(sorted(self.parties)) if len(self.parties) >= 2 else None

    def with_partner(self, before: str) -> Holder:
        """The holders of a stance the document's voice takes together with a state named in
        its clause before the cue (``同俄罗斯共同推动…``): the voice and that state; else None."""
        partner = _PARTNERED.search(before)
        if partner is None:
            return None
        rest = re.sub(r"等国?$", "", partner[1])
        side = _SIDE.fullmatch(rest)
        state = self._side(side[1]) if side else None
        names = self._en_names if self.english else self._zh_names
        state = state or next((iri for name, iri in names if rest == name), None)
        if state is None or state == self.voice:
            return None
        return tuple(sorted((self.voice, state)))


def _names(states: list[Entity], language: str) -> list[tuple[str, str]]:
    """Every (name, state IRI) in ``language``, longest first (X方 forms left to the side rule)."""
    names = {
        label: e.iri
        for e in states
        for label, kind, lang in e.labels
        if lang == language
        and kind is not LabelKind.HIDDEN
        and len(label) > 1
        and not (language == "zh" and label.endswith("方"))
        and not (language == "en" and len(label) < 3)
    }
    return sorted(names.items(), key=lambda item: -len(item[0]))
