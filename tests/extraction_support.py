"""Small inline vocabularies and documents for the extractor tests."""

from __future__ import annotations

from kg.namespaces import CANONICAL_BASE, Namespace
from kg.pipeline.clean import clean_text
from kg.pipeline.extract import Analyser, DocumentAnalysis
from kg.pipeline.extract.mentions import Mention
from kg.pipeline.extract.vocabulary import Vocabulary
from kg.pipeline.segment import segment
from kg.store import RdfFormat, parse

NS = Namespace(CANONICAL_BASE)
PREFIXES = """
@prefix gsi: <https://w3id.org/gsi-kg/ontology#> .
@prefix concept: <https://w3id.org/gsi-kg/concept/> .
@prefix actor: <https://w3id.org/gsi-kg/actor/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
VOCABULARY = """
concept:united-nations a gsi:UNPrincipalOrgan ; skos:prefLabel "联合国"@zh , "United Nations"@en .
concept:un-charter a gsi:Charter ; skos:prefLabel "联合国宪章"@zh , "UN Charter"@en ;
    skos:hiddenLabel "宪章"@zh .
concept:un-security-council a gsi:UNPrincipalOrgan ; skos:prefLabel "联合国安全理事会"@zh ;
    skos:altLabel "安理会"@zh , "安全理事会"@zh , "联合国安理会"@zh .
concept:un-general-assembly a gsi:UNPrincipalOrgan ; skos:prefLabel "联合国大会"@zh ;
    skos:altLabel "联大"@zh ; skos:hiddenLabel "大会"@zh .
concept:committee-1540 a gsi:UNBody ; skos:prefLabel "联合国安全理事会防扩散委员会"@zh ;
    skos:altLabel "安理会防扩散委员会"@zh .
concept:global-security-initiative a gsi:Initiative ; skos:prefLabel "全球安全倡议"@zh ;
    skos:altLabel "GSI"@en ; skos:hiddenLabel "倡议"@zh .
concept:npt a gsi:Treaty ; skos:prefLabel "不扩散核武器条约"@zh ; skos:altLabel "NPT"@en .
concept:nuclear-non-proliferation-regime a gsi:Regime ; skos:prefLabel "国际核不扩散体系"@zh .
concept:cold-war-mentality a gsi:OpposedIdea ; skos:prefLabel "冷战思维"@zh .
concept:zero-sum-game a gsi:OpposedIdea ; skos:prefLabel "零和博弈"@zh .
concept:hegemonism a gsi:OpposedIdea ; skos:prefLabel "霸权主义"@zh .
concept:multilateralism a gsi:GuidingPrinciple ; skos:prefLabel "多边主义"@zh .
concept:common-security a gsi:GuidingPrinciple ; skos:prefLabel "共同安全"@zh .
concept:counter-terrorism a gsi:NonTraditionalSecurityDomain ; skos:prefLabel "反恐"@zh .
concept:traditional-security a gsi:TraditionalSecurityDomain ; skos:prefLabel "传统安全"@zh .
concept:non-traditional-security a gsi:NonTraditionalSecurityDomain ;
    skos:prefLabel "非传统安全"@zh .
concept:cybersecurity a gsi:NonTraditionalSecurityDomain ; skos:prefLabel "网络安全"@zh .
concept:biosecurity a gsi:NonTraditionalSecurityDomain ; skos:prefLabel "生物安全"@zh .
concept:who a gsi:InternationalOrganisation ; skos:prefLabel "世界卫生组织"@zh .
concept:global-health-governance a gsi:NonTraditionalSecurityDomain ;
    skos:prefLabel "全球公共卫生治理"@zh .
concept:lmc a gsi:CooperationMechanism ; skos:prefLabel "澜沧江－湄公河合作"@zh ;
    skos:altLabel "澜湄合作"@zh .
actor:china a gsi:State ; skos:prefLabel "中国"@zh , "China"@en ; skos:altLabel "中方"@zh ,
    "中华人民共和国"@zh .
actor:arctic a gsi:Region ; skos:prefLabel "北极"@zh .
"""


def vocabulary(extra: str = "") -> Vocabulary:
    triples = list(parse((PREFIXES + VOCABULARY + extra).encode(), format=RdfFormat.TURTLE))
    return Vocabulary.from_triples(NS, triples)


def analyse(
    text: str, creator: str | None = "中华人民共和国外交部", extra: str = ""
) -> DocumentAnalysis:
    """Clean, segment and analyse ``text`` with the inline vocabulary."""
    seg = segment(clean_text(text).blocks)
    return Analyser(NS, vocabulary(extra)).analyse_passages(seg, creator)


def mentions(analysis: DocumentAnalysis) -> list[Mention]:
    return [m for pm in analysis.passages for m in pm.mentions]


def slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def spans(analysis: DocumentAnalysis) -> list[tuple[str, str]]:
    """(exact, concept slug) of every mention, in order."""
    return [(m.exact, slug(m.iri)) for m in mentions(analysis)]
