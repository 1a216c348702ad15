#!/usr/bin/env python3
"""Corrected twins of the five natural articles (issue #16, item 3).

For each natural article data/texts/<doc>.txt this writes texts/twin_<NNN>.txt and
plans/twin_<NNN>.json. Every gold error (data version 1.1.0) whose correction is a drop-in
replacement is fixed by replacing the error's span with the correction. The edits are
computed from the gold offsets and applied right to left. An error without a drop-in
correction is handled as decided in DECISIONS below and recorded under "not_fixed".
The twins are not labelled here: their labels come from blind passes.

Run from anywhere: python3 annotations/controlled/make_twins.py
"""
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

# Per error (by v1.1 error id, checked against its text), where the default does not apply.
#   use:     an acceptable correction from the error's alternatives that fits the sentence
#   remove:  a quotation the article cannot be corrected into; the exact text removed (whole
#            sentences, with the white space that separated them from the next one)
#   replace: (text, replacement) for an error whose span is only part of a garbled quotation
DECISIONS = {
 '002_f609cba098b55e28': {
  'x3': dict(expect='This is not just a tactical gain',
             replace=('‘This is not just a tactical gain,’ he remarked, ‘but a step toward resolving the broader challenges we face.’',
                      '‘This is an important direction … it will ensure the progressive solution of all the main tasks set at the start of '
                      'the special military operation,’ he remarked.'),
             why='A garbled rendering of a real quotation. Replacing only the first quoted segment would leave the invented second segment '
                 '("but a step toward resolving the broader challenges we face"). So the whole quotation (the gold alternative span) is '
                 'replaced by Putin\'s documented words (the gold alternative correction), keeping the attribution "he remarked".'),
  'x5': dict(expect='Donetsk', use='the Donetsk People’s Republic',
             why='"the complete liberation of Donetsk People’s Republic" lacks the article; the alternative correction has it.'),
 },
 '003_552aeb2babb9d8db': {
  'x5': dict(expect='This is not just paperwork',
             remove='‘This is not just paperwork,’ he said in a statement. ‘It is a promise of stability, of belonging.’ ',
             why='An unsourced quotation of Pushilin; his post is known only from summaries, so there are no words to put in its place. '
                 'The two quotation sentences are removed. The paragraph still reads grammatically: "…under the protection of the state. '
                 'For many, the passport represented…".'),
  'x7': dict(expect='Donetsk', use='the Donetsk People’s Republic',
             why='"the complete liberation of Donetsk People’s Republic" lacks the article; the alternative correction has it.'),
  'x10': dict(expect='We are not invaders',
              remove='‘We are not invaders,’ he told journalists during a brief press conference. ‘We are protectors of our citizens, of our '
                     'historical ties, and of the peace that Ukraine has failed to uphold.’ ',
              why='A quotation found in none of Putin\'s reported remarks, with no words to put in its place. The two quotation sentences '
                  'are removed. The text still reads grammatically: the next sentence ("This rhetoric, while controversial, …") refers back '
                  'to the framing described in the sentence before the quotation.'),
 },
 '004_c6f02e9f00d33be5': {
  'x8': dict(expect='coordinate with Russian-backed forces',
             remove='Local officials have been urged to bolster defenses and coordinate with Russian-backed forces, a move that has raised '
                    'eyebrows among international observers.\n',
             why='The correction (what Alexander Kots actually wrote) is a sentence about someone else, not a replacement for the phrase, '
                 'and "bolster defenses and" alone would still report an appeal that no source records. The whole one-sentence paragraph '
                 'is removed; the paragraphs before and after it do not depend on it.'),
 },
}


def is_drop_in(correction: str) -> bool:
    """A correction is a drop-in unless it is an editorial note in parentheses ("(no such quote found)")."""
    return not correction.startswith('(')


def twin(doc_id: str, n: int) -> tuple[str, dict]:
    gold = json.loads((REPO / 'data' / 'gold' / f'{doc_id}.json').read_text(encoding='utf-8'))
    text = (REPO / 'data' / 'texts' / f'{doc_id}.txt').read_text(encoding='utf-8')
    assert text == gold['text']
    decisions = DECISIONS.get(doc_id, {})
    edits, applied, not_fixed = [], [], []
    for x in gold['errors']:
        d = decisions.get(x['error_id'])
        assert text[x['start']:x['end']] == x['text']
        if d:
            assert d['expect'] == x['text'], (doc_id, x['error_id'], x['text'])
        if d and ('remove' in d or 'replace' in d):
            old = d['remove'] if 'remove' in d else d['replace'][0]
            new = '' if 'remove' in d else d['replace'][1]
            assert text.count(old) == 1, old
            start = text.find(old)
            assert start <= x['start'] and x['end'] <= start + len(old)
            edits.append((start, start + len(old), new))
            not_fixed.append({'error_id': x['error_id'], 'text': x['text'], 'why': d['why'],
                              'action': 'removed' if 'remove' in d else 'replaced the whole quotation',
                              'removed_or_replaced': old, 'replacement': new})
            continue
        correction = d['use'] if d else x['correction']
        assert d is None or correction in x['alternatives']['corrections']
        assert is_drop_in(correction), (doc_id, x['error_id'], 'needs a decision')
        edits.append((x['start'], x['end'], correction))
        entry = {'error_id': x['error_id'], 'text': x['text'], 'correction': correction}
        if d:
            entry['why'] = d['why']
        applied.append(entry)
    edits.sort(reverse=True)
    for (s1, e1, _), (s2, e2, _) in zip(edits, edits[1:]):
        assert e2 <= s1, 'overlapping edits'
    for start, end, new in edits:
        text = text[:start] + new + text[end:]
    plan = {'doc_id': f'twin_{n:03d}', 'source_doc_id': doc_id, 'applied': applied, 'not_fixed': not_fixed}
    return text, plan


def main() -> None:
    docs = sorted(p.stem for p in (REPO / 'data' / 'gold').glob('*.json'))
    for n, doc_id in enumerate(docs):
        text, plan = twin(doc_id, n)
        (HERE / 'texts' / f'twin_{n:03d}.txt').write_text(text, encoding='utf-8', newline='')
        (HERE / 'plans' / f'twin_{n:03d}.json').write_text(json.dumps(plan, ensure_ascii=False, indent=2) + '\n', encoding='utf-8')
        print(f"twin_{n:03d} <- {doc_id}: {len(plan['applied'])} applied, {len(plan['not_fixed'])} not fixed")


if __name__ == '__main__':
    main()
