import { describe, expect, it } from 'vitest';
import type { ReviewSlot } from '../../../shared/indicatorViews';
import { ANNUAL_REVIEW_DAYS_BEFORE_END, INTERMEDIATE_REVIEW_MONTHS, MODELLING_CHOICES } from '../../../shared/domain/rules';
import {
  byReviewDate,
  heldOnRefusal,
  MISSED_STAYS_NEXT_DAYS,
  nextReview,
  proposedDates,
  reviewSlots,
  slotDate,
  UPCOMING_DAYS,
  upcomingReview,
  type HeldReview,
} from '../../../shared/domain/reviewCalendar';

const review = (year: number, kind: string, status: string, heldOn: string, id = year * 10 + (kind === 'annual' ? 2 : 1)): HeldReview => ({ id, year, kind, status, heldOn });

describe('proposed review dates', () => {
  it('are modelling choices of §8: six months into the year, thirty days before it ends', () => {
    expect(INTERMEDIATE_REVIEW_MONTHS.value).toBe(6);
    expect(ANNUAL_REVIEW_DAYS_BEFORE_END.value).toBe(30);
    expect(MODELLING_CHOICES.INTERMEDIATE_REVIEW_MONTHS.section).toBe('§8');
    expect(MODELLING_CHOICES.ANNUAL_REVIEW_DAYS_BEFORE_END.section).toBe('§8');
  });

  it('two per contract year, intermediate then annual, for the five years', () => {
    const dates = proposedDates('2022-07-01');
    expect(dates).toHaveLength(10);
    expect(dates.map((d) => `${d.year}${d.kind[0]}`)).toEqual(['1i', '1a', '2i', '2a', '3i', '3a', '4i', '4a', '5i', '5a']);
    // Year 1 runs 2022-07-01 – 2023-06-30: intermediate on 2023-01-01, annual 30 days before 30 June.
    expect(dates[0]).toEqual({ year: 1, kind: 'intermediate', proposedOn: '2023-01-01' });
    expect(dates[1]).toEqual({ year: 1, kind: 'annual', proposedOn: '2023-05-31' });
    expect(dates[9]).toEqual({ year: 5, kind: 'annual', proposedOn: '2027-05-31' });
  });

  it('cross the calendar year end', () => {
    // Signed 15 January: year 1 ends 14 January 2023, the annual review falls in December 2022.
    expect(proposedDates('2022-01-15').slice(0, 2).map((d) => d.proposedOn)).toEqual(['2022-07-15', '2022-12-15']);
    // Signed 10 July: the intermediate review falls in January of the next calendar year.
    expect(proposedDates('2022-07-10')[0].proposedOn).toBe('2023-01-10');
    // Signed 1 January: year 1 is the calendar year 2022, the annual review on 1 December.
    expect(proposedDates('2022-01-01').slice(0, 2).map((d) => d.proposedOn)).toEqual(['2022-07-01', '2022-12-01']);
  });

  it('clamp to the month end and follow leap years', () => {
    // 31 August + 6 months: 28 February in 2022, 29 February in 2024.
    expect(proposedDates('2021-08-31')[0].proposedOn).toBe('2022-02-28');
    expect(proposedDates('2023-08-31')[0].proposedOn).toBe('2024-02-29');
    // Year 1 from 31 March 2023 ends 30 March 2024; 30 days earlier is 29 February 2024 (leap year).
    expect(proposedDates('2023-03-31')[1].proposedOn).toBe('2024-02-29');
    // The same in a common year: year 1 from 31 March 2022 ends 30 March 2023, 30 days earlier is 28 February.
    expect(proposedDates('2022-03-31')[1].proposedOn).toBe('2023-02-28');
  });

  it('for a contract signed on 29 February, keep the anniversaries of the signature', () => {
    const dates = proposedDates('2020-02-29');
    // Year 1: 29 Feb 2020 – 27 Feb 2021 (anniversary 28 Feb 2021).
    expect(dates[0].proposedOn).toBe('2020-08-29');
    expect(dates[1].proposedOn).toBe('2021-01-28');
    // Year 4: 28 Feb 2023 – 28 Feb 2024 (anniversary 29 Feb 2024): the annual review 30 days before 28 February 2024.
    expect(dates[6].proposedOn).toBe('2023-08-28');
    expect(dates[7].proposedOn).toBe('2024-01-29');
    // Year 5 starts on 29 February 2024.
    expect(dates[8].proposedOn).toBe('2024-08-29');
  });

  it('hands out copies: changing one does not change the next answer', () => {
    const first = proposedDates('2022-07-01');
    first[0].proposedOn = '1999-01-01';
    expect(proposedDates('2022-07-01')[0].proposedOn).toBe('2023-01-01');
  });
});

describe('review slots', () => {
  it('put each held review on its (year, kind), with its status and date; the others are to do', () => {
    const slots = reviewSlots('2022-07-01', [review(1, 'annual', 'closed', '2023-06-15', 7), review(2, 'intermediate', 'draft', '2023-12-20', 8)]);
    expect(slots).toHaveLength(10);
    expect(slots[0]).toEqual({ year: 1, kind: 'intermediate', proposedOn: '2023-01-01', reviewId: null, status: 'todo', heldOn: null });
    expect(slots[1]).toEqual({ year: 1, kind: 'annual', proposedOn: '2023-05-31', reviewId: 7, status: 'closed', heldOn: '2023-06-15' });
    expect(slots[2]).toEqual({ year: 2, kind: 'intermediate', proposedOn: '2024-01-01', reviewId: 8, status: 'draft', heldOn: '2023-12-20' });
    expect(slots.slice(3).every((s) => s.status === 'todo' && s.reviewId === null)).toBe(true);
  });

  it('ignore a review outside the contract years', () => {
    const slots = reviewSlots('2022-07-01', [review(6, 'annual', 'draft', '2027-07-01')]);
    expect(slots.every((s) => s.status === 'todo')).toBe(true);
  });

  it('date a slot by its held date, else its proposed date', () => {
    expect(slotDate({ heldOn: null, proposedOn: '2023-01-01' })).toBe('2023-01-01');
    expect(slotDate({ heldOn: '2022-12-20', proposedOn: '2023-01-01' })).toBe('2022-12-20');
  });
});

describe('next review', () => {
  const signedOn = '2022-07-01';

  it('is the earliest review not closed, from the proposed dates', () => {
    const slots = reviewSlots(signedOn, []);
    expect(nextReview(slots, '2022-09-01')).toMatchObject({ year: 1, kind: 'intermediate', status: 'todo' });
    // Before the contract's first review, too.
    expect(nextReview(slots, '2022-07-01')).toMatchObject({ year: 1, kind: 'intermediate' });
  });

  it('skips closed reviews and keeps a draft', () => {
    const slots = reviewSlots(signedOn, [review(1, 'intermediate', 'closed', '2023-01-05'), review(1, 'annual', 'draft', '2023-06-01')]);
    expect(nextReview(slots, '2023-02-01')).toMatchObject({ year: 1, kind: 'annual', status: 'draft', heldOn: '2023-06-01' });
  });

  it('a missed review stays next for MISSED_STAYS_NEXT_DAYS days after its date, then gives way', () => {
    expect(MISSED_STAYS_NEXT_DAYS).toBe(90);
    const slots = reviewSlots(signedOn, []);
    // Intermediate of year 1 proposed 2023-01-01: still next 90 days later (2023-04-01), not 91 days later.
    expect(nextReview(slots, '2023-04-01')).toMatchObject({ year: 1, kind: 'intermediate' });
    expect(nextReview(slots, '2023-04-02')).toMatchObject({ year: 1, kind: 'annual' });
  });

  it('reads a held date before the proposed one: a review held early comes first', () => {
    // The annual review of year 1 held (draft) on 2022-12-01, before the intermediate's proposed 2023-01-01.
    const slots = reviewSlots(signedOn, [review(1, 'annual', 'draft', '2022-12-01')]);
    expect(nextReview(slots, '2022-11-01')).toMatchObject({ year: 1, kind: 'annual' });
  });

  it('takes the first of equal dates', () => {
    const slots = reviewSlots(signedOn, [review(1, 'annual', 'draft', '2023-01-01')]);
    expect(nextReview(slots, '2022-12-01')).toMatchObject({ year: 1, kind: 'intermediate' });
  });

  it('is none when every review is closed or long past', () => {
    const all = proposedDates(signedOn).map((p, i) => review(p.year, p.kind, 'closed', p.proposedOn, i + 1));
    expect(nextReview(reviewSlots(signedOn, all), '2024-01-01')).toBeNull();
    expect(nextReview(reviewSlots(signedOn, []), '2028-01-01')).toBeNull();
  });
});

describe('upcoming review', () => {
  const signedOn = '2022-07-01';

  it(`is the next review when due within UPCOMING_DAYS (${UPCOMING_DAYS}) days, the horizon's last day included`, () => {
    expect(UPCOMING_DAYS).toBe(60);
    // Proposed 2023-01-01: 60 days before is 2022-11-02.
    expect(upcomingReview(signedOn, [], '2022-11-02')).toMatchObject({ year: 1, kind: 'intermediate' });
    expect(upcomingReview(signedOn, [], '2022-11-01')).toBeNull();
    expect(upcomingReview(signedOn, [], '2022-10-01', 100)).toMatchObject({ year: 1, kind: 'intermediate' });
  });

  it('includes a missed review and a draft held later than proposed, by its held date', () => {
    expect(upcomingReview(signedOn, [], '2023-02-15')).toMatchObject({ year: 1, kind: 'intermediate', status: 'todo' });
    const held = [review(1, 'intermediate', 'draft', '2023-03-20')];
    // Held on 2023-03-20: due from 60 days before, 2023-01-19 (its proposed 2023-01-01 no longer counts).
    expect(upcomingReview(signedOn, held, '2023-01-19')).toMatchObject({ heldOn: '2023-03-20', status: 'draft' });
    expect(upcomingReview(signedOn, held, '2023-01-18')).toBeNull();
  });

  it('are ordered by review date, equal dates keeping their order', () => {
    const slot = (proposedOn: string, heldOn: string | null = null): ReviewSlot => ({ year: 1, kind: 'annual', proposedOn, heldOn, reviewId: null, status: 'todo' });
    const items = [
      { id: 'b', slot: slot('2023-03-01') },
      { id: 'a', slot: slot('2023-05-01', '2023-02-01') },
      { id: 'c', slot: slot('2023-03-01') },
      { id: 'd', slot: slot('2022-12-31') },
    ];
    expect(byReviewDate(items).map((i) => i.id)).toEqual(['d', 'a', 'b', 'c']);
    expect(items.map((i) => i.id)).toEqual(['b', 'a', 'c', 'd']);
  });
});

describe('date a review is held on', () => {
  const year = { year: 2, from: '2023-07-01', to: '2024-06-30' };

  it('lies within its contract year or the six months after it', () => {
    expect(heldOnRefusal(year, '2023-07-01')).toBeNull();
    expect(heldOnRefusal(year, '2024-12-30')).toBeNull();
    expect(heldOnRefusal(year, '2023-06-30')).toBe("Date du dialogue : en dehors de l'année 2 du contrat (01/07/2023 – 30/06/2024, six mois de plus tolérés).");
    expect(heldOnRefusal(year, '2024-12-31')).toMatch(/^Date du dialogue : en dehors de l'année 2/);
  });
});
